'use strict';
const soqlFields = require('../soql-fields');
const { extractQueries, normalise } = require('../soql-fields');
const { makeProject } = require('./fixture');

jest.setTimeout(120000);

// One copy holds every break, each in a class of its own (RoxFixture with one query changed), and
// the check runs once on it (each run starts a JVM); each test reads its own problem.
let fx;
let res;
const broken = {};

beforeAll(async () => {
  fx = makeProject();
  broken.field = fx.fixtureClass('RoxSoqlField', (t) =>
    t.replace('SELECT Id, Salesforce_Record_Id__c', 'SELECT Id, Salesforce_Record_Id__c, Not_A_Field__c'),
  );
  broken.path = fx.fixtureClass('RoxSoqlPath', (t) =>
    t.replace('WHERE Rox_Entity_Id__c = :roxEntityId', 'WHERE Owner.Nmae = :roxEntityId'),
  );
  broken.object = fx.fixtureClass('RoxSoqlObject', (t) => t.replace('FROM ID_Mapping__c', 'FROM ID_Mappings__c'));
  broken.parse = fx.fixtureClass('RoxSoqlParse', (t) =>
    t.replace('SELECT Id, Salesforce_Record_Id__c', 'SELECT Id,, Salesforce_Record_Id__c'),
  );
  res = await soqlFields(fx.dir);
});
afterAll(() => fx.cleanup());

const messagesOf = (file) =>
  res.problems
    .filter((p) => p.file === file)
    .map((p) => p.message)
    .join('\n');

test('extracts static queries with their line, skipping comments and strings', () => {
  const src = [
    'class A {',
    '  // [SELECT Id FROM Commented]',
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

test('a field that does not exist inside SOQL is reported at the query (apex-ls alone misses it)', () => {
  const line =
    fx
      .read(broken.field)
      .split('\n')
      .findIndex((l) => l.includes('return [')) + 1;
  expect(res.ok).toBe(false);
  expect(res.problems.filter((p) => p.file === broken.field)).toEqual([
    {
      file: broken.field,
      line,
      message: expect.stringMatching(/field Not_A_Field__c: .*Unknown field 'Not_A_Field__c'/),
    },
  ]);
});

test('a bad relationship path in WHERE is reported', () => {
  expect(messagesOf(broken.path)).toMatch(/field Owner\.Nmae: .*Unknown field 'Nmae'/);
});

test('an object that does not exist is reported', () => {
  expect(messagesOf(broken.object)).toMatch(/in SOQL on ID_Mappings__c: .*ID_Mappings__c/);
});

test('SOQL that does not parse is reported with its file', () => {
  expect(res.problems.filter((p) => p.file === broken.parse)[0]).toEqual(
    expect.objectContaining({ file: broken.parse, message: expect.stringMatching(/SOQL does not parse/) }),
  );
});

test('nothing is reported of the classes that were not broken', () => {
  expect(res.problems.filter((p) => !Object.values(broken).includes(p.file))).toEqual([]);
});
