'use strict';
const convert = require('../convert');
const { makeProject, CLASSES, CLASS_META, DEFAULT, LWC } = require('./fixture');

const LIST = 'scripts/package-checks/expected-components.json';

let fx;
beforeEach(() => {
  fx = makeProject();
});
afterEach(() => fx.cleanup());

const messages = (res) => res.problems.map((p) => `${p.file}: ${p.message}`);

test('a class without its -meta.xml is reported missing, and its .cls as left out', async () => {
  fx.remove(`${CLASSES}/RoxFixture.cls-meta.xml`);
  const res = await convert(fx.dir);
  expect(res.ok).toBe(false);
  expect(messages(res)).toEqual([
    expect.stringMatching(new RegExp(`^${CLASSES}/RoxFixture\\.cls: belongs to no metadata component`)),
    `${LIST}: missing ApexClass RoxFixture: expected in the package, not in package.xml`,
  ]);
});

test('an expected component that is gone is reported missing by type and name', async () => {
  fx.remove(`${DEFAULT}/objects/ID_Mapping__c/fields/Match_Reason__c.field-meta.xml`);
  const res = await convert(fx.dir);
  expect(res.ok).toBe(false);
  expect(messages(res)).toEqual([
    `${LIST}: missing CustomField ID_Mapping__c.Match_Reason__c: expected in the package, not in package.xml`,
  ]);
});

test('a component that is not in the expected list is reported as unexpected', async () => {
  fx.write(`${CLASSES}/RoxExtra.cls`, 'public with sharing class RoxExtra {\n}\n');
  fx.write(`${CLASSES}/RoxExtra.cls-meta.xml`, CLASS_META);
  const res = await convert(fx.dir);
  expect(res.ok).toBe(false);
  expect(messages(res)).toEqual([expect.stringMatching(new RegExp(`^${LIST}: unexpected ApexClass RoxExtra:`))]);
});

test('an LWC bundle without its -meta.xml is reported (SDR still lists the bundle)', async () => {
  fx.remove(`${LWC}/roxFixture/roxFixture.js-meta.xml`);
  const res = await convert(fx.dir);
  expect(res.ok).toBe(false);
  expect(messages(res)).toContain(`${LWC}/roxFixture: LightningComponentBundle roxFixture has no -meta.xml file`);
});

test('a -meta.xml without its .cls is reported, not thrown', async () => {
  fx.remove(`${CLASSES}/RoxFixture_Tests.cls`);
  const res = await convert(fx.dir);
  expect(res.ok).toBe(false);
  expect(res.problems[0].file).toBe(`${CLASSES}/RoxFixture_Tests.cls-meta.xml`);
  expect(res.problems[0].message).toMatch(/Expected source files for type 'ApexClass'/);
});

test('sfdx-project.json without sourceApiVersion is reported', async () => {
  fx.edit('sfdx-project.json', (t) => JSON.stringify({ ...JSON.parse(t), sourceApiVersion: undefined }));
  const res = await convert(fx.dir);
  expect(res.ok).toBe(false);
  expect(messages(res)).toEqual(['sfdx-project.json: no sourceApiVersion']);
});

test("package.xml's version comes from the checked project's sfdx-project.json", async () => {
  fx.edit('sfdx-project.json', (t) => JSON.stringify({ ...JSON.parse(t), sourceApiVersion: '64.0' }));
  const res = await convert(fx.dir);
  expect(messages(res)).toEqual([]);
  expect(res.summary).toMatch(/API 64\.0$/);
});

test('a broken expected list is reported', async () => {
  fx.write(LIST, '{ "ApexClass": [');
  const res = await convert(fx.dir);
  expect(res.ok).toBe(false);
  expect(messages(res)).toEqual([expect.stringMatching(new RegExp(`^${LIST}: not valid JSON`))]);
});
