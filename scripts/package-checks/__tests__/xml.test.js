'use strict';
const xml = require('../xml');
const { makeProject, CLASSES, DEFAULT, LWC } = require('./fixture');

const FIELD = `${DEFAULT}/objects/ID_Mapping__c/fields/Match_Reason__c.field-meta.xml`;
const PERMSET = `${DEFAULT}/permissionsets/Rox_Integration_User_Access.permissionset-meta.xml`;
const TAB = `${DEFAULT}/tabs/Rox_Setup.tab-meta.xml`;

let fx;
beforeEach(() => {
  fx = makeProject();
});
afterEach(() => fx.cleanup());

/** The check failed, and every problem is about `file` (the one thing this test broke). */
async function failsOnlyOn(file) {
  const res = await xml(fx.dir);
  expect(res).toMatchObject({ name: 'xml', ok: false });
  expect(res.problems.length).toBeGreaterThan(0);
  expect(res.problems.map((p) => p.file)).toEqual(res.problems.map(() => file));
  return res;
}

test('a class without its -meta.xml is flagged (the converter would drop it silently)', async () => {
  fx.remove(`${CLASSES}/RoxFixture.cls-meta.xml`);
  const res = await failsOnlyOn(`${CLASSES}/RoxFixture.cls`);
  expect(res.problems[0].message).toMatch(/missing RoxFixture\.cls-meta\.xml/);
});

test('a class -meta.xml without its .cls is flagged', async () => {
  fx.remove(`${CLASSES}/RoxFixture_Tests.cls`);
  const res = await failsOnlyOn(`${CLASSES}/RoxFixture_Tests.cls-meta.xml`);
  expect(res.problems[0].message).toMatch(/has no RoxFixture_Tests\.cls/);
});

test('an unclosed tag in a field file is reported with its line', async () => {
  const labelLine =
    fx
      .read(FIELD)
      .split('\n')
      .findIndex((l) => l.includes('<label>')) + 1;
  fx.edit(FIELD, (t) => t.replace('<label>Match Reason</label>', '<label>Match Reason'));
  const res = await failsOnlyOn(FIELD);
  expect(res.problems[0].message).toMatch(/not well-formed XML: .*label/);
  expect(res.problems[0].line).toBeGreaterThanOrEqual(labelLine);
});

test('a truncated permission set is reported', async () => {
  fx.edit(PERMSET, (t) => t.slice(0, Math.floor(t.length / 2)));
  const res = await failsOnlyOn(PERMSET);
  expect(res.problems[0].message).toMatch(/not well-formed XML/);
});

test('a class -meta.xml without <apiVersion> is reported', async () => {
  fx.edit(`${CLASSES}/RoxFixture.cls-meta.xml`, (t) => t.replace(/\s*<apiVersion>[^<]*<\/apiVersion>/, ''));
  const res = await failsOnlyOn(`${CLASSES}/RoxFixture.cls-meta.xml`);
  expect(res.problems[0].message).toMatch(/declares no <apiVersion>/);
});

test('an LWC bundle without its .js-meta.xml is reported', async () => {
  fx.remove(`${LWC}/roxFixture/roxFixture.js-meta.xml`);
  const res = await failsOnlyOn(`${LWC}/roxFixture`);
  expect(res.problems[0].message).toMatch(/roxFixture has no roxFixture\.js-meta\.xml/);
});

test('an LWC bundle without its .js is reported', async () => {
  fx.remove(`${LWC}/roxFixture/roxFixture.js`);
  const res = await failsOnlyOn(`${LWC}/roxFixture`);
  expect(res.problems[0].message).toMatch(/roxFixture has no roxFixture\.js$/);
});

test('a -meta.xml whose root lacks the metadata namespace is reported', async () => {
  fx.edit(TAB, (t) => t.replace(' xmlns="http://soap.sforce.com/2006/04/metadata"', ''));
  const res = await failsOnlyOn(TAB);
  expect(res.problems[0].message).toMatch(/<CustomTab> does not declare xmlns/);
});
