'use strict';
const soqlFields = require('../soql-fields');
const { extractQueries, normalise } = require('../soql-fields');
const { makeProject, CLASSES } = require('./fixture');

jest.setTimeout(120000);
const CLS = `${CLASSES}/RoxFixture.cls`;

let fx;
beforeEach(() => {
  fx = makeProject();
});
afterEach(() => fx.cleanup());

test('extracts static queries with their line, skipping comments and strings', () => {
  const src = [
    'class A {',
    "  // [SELECT Id FROM Commented]",
    "  String s = '[SELECT Id FROM InString]';",
    '  List<Account> a = [',
    '      SELECT Id, Owner.Name FROM Account WHERE Name = :n',
    '  ];',
    '}',
  ].join('\n');
  expect(extractQueries(src)).toEqual([{ soql: 'SELECT Id, Owner.Name FROM Account WHERE Name = :n', line: 4 }]);
});

test('normalises Apex-only syntax the SOQL parser rejects', () => {
  expect(normalise('SELECT Id FROM User WITH USER_MODE LIMIT :MAX')).toBe('SELECT Id FROM User   LIMIT 1');
});

test('a field that does not exist inside SOQL is reported at the query (apex-ls alone misses it)', async () => {
  fx.edit(CLS, (t) => t.replace('SELECT Id, Salesforce_Record_Id__c', 'SELECT Id, Salesforce_Record_Id__c, Not_A_Field__c'));
  const line = fx.read(CLS).split('\n').findIndex((l) => l.includes('return [')) + 1;
  const res = await soqlFields(fx.dir);
  expect(res.ok).toBe(false);
  expect(res.problems).toEqual([
    { file: CLS, line, message: expect.stringMatching(/field Not_A_Field__c: .*Unknown field 'Not_A_Field__c'/) },
  ]);
});

test('a bad relationship path in WHERE is reported', async () => {
  fx.edit(CLS, (t) => t.replace('WHERE Rox_Entity_Id__c = :roxEntityId', 'WHERE Owner.Nmae = :roxEntityId'));
  const res = await soqlFields(fx.dir);
  expect(res.ok).toBe(false);
  expect(res.problems.map((p) => p.message).join('\n')).toMatch(/field Owner\.Nmae: .*Unknown field 'Nmae'/);
});

test('an object that does not exist is reported', async () => {
  fx.edit(CLS, (t) => t.replace('FROM ID_Mapping__c', 'FROM ID_Mappings__c'));
  const res = await soqlFields(fx.dir);
  expect(res.ok).toBe(false);
  expect(res.problems.map((p) => p.message).join('\n')).toMatch(/in SOQL on ID_Mappings__c: .*ID_Mappings__c/);
});

test('SOQL that does not parse is reported with its file', async () => {
  fx.edit(CLS, (t) => t.replace('SELECT Id, Salesforce_Record_Id__c', 'SELECT Id,, Salesforce_Record_Id__c'));
  const res = await soqlFields(fx.dir);
  expect(res.ok).toBe(false);
  expect(res.problems[0]).toEqual(expect.objectContaining({ file: CLS, message: expect.stringMatching(/SOQL does not parse/) }));
});
