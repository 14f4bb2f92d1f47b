'use strict';
const prettier = require('../prettier');
const { makeProject, CLASSES, DEFAULT } = require('./fixture');

const CLS = `${CLASSES}/RoxFixture.cls`;

let fx;
beforeEach(() => {
  fx = makeProject();
});
afterEach(() => fx.cleanup());

test('an Apex syntax error is reported with the parser message', async () => {
  fx.edit(CLS, (t) => t.replace('RoxActivityId__c = roxActivityId);', 'RoxActivityId__c = roxActivityId)'));
  const res = await prettier(fx.dir);
  expect(res.ok).toBe(false);
  expect(res.problems).toEqual([
    { file: CLS, message: expect.stringMatching(/^Apex does not parse: Missing ';' at '}'/) },
  ]);
});

test('unformatted Apex is reported', async () => {
  fx.edit(CLS, (t) =>
    t.replace(
      '    public static Task taskFor(String roxActivityId) {',
      'public static Task taskFor(String roxActivityId){',
    ),
  );
  const res = await prettier(fx.dir);
  expect(res.ok).toBe(false);
  expect(res.problems).toEqual([{ file: CLS, message: 'not formatted, run npm run format' }]);
});

test('triggers are checked too', async () => {
  const trigger = `${DEFAULT}/triggers/RoxMappingTrigger.trigger`;
  fx.write(trigger, 'trigger RoxMappingTrigger on ID_Mapping__c (before insert) {   }\n');
  fx.write(
    `${trigger}-meta.xml`,
    '<?xml version="1.0" encoding="UTF-8" ?>\n<ApexTrigger xmlns="http://soap.sforce.com/2006/04/metadata">\n    <apiVersion>65.0</apiVersion>\n    <status>Active</status>\n</ApexTrigger>\n',
  );
  const res = await prettier(fx.dir);
  expect(res.ok).toBe(false);
  expect(res.problems).toEqual([{ file: trigger, message: 'not formatted, run npm run format' }]);
});
