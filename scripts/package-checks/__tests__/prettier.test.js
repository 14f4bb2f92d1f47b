'use strict';
const prettier = require('../prettier');
const { makeProject, DEFAULT } = require('./fixture');

// One copy holds every break, each in a file of its own, and the check runs once; each test reads
// its own problem.
let fx;
let res;
const files = {};

beforeAll(async () => {
  fx = makeProject();
  files.syntax = fx.fixtureClass('RoxSyntax', (t) =>
    t.replace('RoxActivityId__c = roxActivityId);', 'RoxActivityId__c = roxActivityId)'),
  );
  files.unformatted = fx.fixtureClass('RoxUnformatted', (t) =>
    t.replace(
      '    public static Task taskFor(String roxActivityId) {',
      'public static Task taskFor(String roxActivityId){',
    ),
  );
  files.trigger = `${DEFAULT}/triggers/RoxMappingTrigger.trigger`;
  fx.write(files.trigger, 'trigger RoxMappingTrigger on ID_Mapping__c (before insert) {   }\n');
  fx.write(
    `${files.trigger}-meta.xml`,
    '<?xml version="1.0" encoding="UTF-8" ?>\n<ApexTrigger xmlns="http://soap.sforce.com/2006/04/metadata">\n    <apiVersion>65.0</apiVersion>\n    <status>Active</status>\n</ApexTrigger>\n',
  );
  res = await prettier(fx.dir);
});
afterAll(() => fx.cleanup());
const problemsOf = (file) => res.problems.filter((p) => p.file === file);

test('an Apex syntax error is reported with the parser message', () => {
  expect(res.ok).toBe(false);
  expect(problemsOf(files.syntax)).toEqual([
    { file: files.syntax, message: expect.stringMatching(/^Apex does not parse: Missing ';' at '}'/) },
  ]);
});

test('unformatted Apex is reported', () => {
  expect(problemsOf(files.unformatted)).toEqual([
    { file: files.unformatted, message: 'not formatted, run npm run format' },
  ]);
});

test('triggers are checked too', () => {
  expect(problemsOf(files.trigger)).toEqual([{ file: files.trigger, message: 'not formatted, run npm run format' }]);
});

test('the formatted files are not reported', () => {
  expect(res.problems).toHaveLength(3);
});
