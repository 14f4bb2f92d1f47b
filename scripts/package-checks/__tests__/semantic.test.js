'use strict';
const path = require('node:path');
const semantic = require('../semantic');
const { makeProject, CLASSES, DEFAULT } = require('./fixture');

jest.setTimeout(120000);

const CLS = `${CLASSES}/RoxFixture.cls`;

// One copy holds every break, each in its own place, and apex-ls runs once on it (a JVM start
// costs seconds); each test then reads its own problem from that one result.
let fx;
let res;
const lines = {};

/** Adds a method to RoxFixture; returns the line of `marker`. */
function addMethod(name, body, marker) {
  fx.edit(CLS, (t) =>
    t.replace(/\}\s*$/, `\n    public static void ${name}(Account a) {\n        ${body}\n    }\n}\n`),
  );
  return (
    fx
      .read(CLS)
      .split('\n')
      .findIndex((l) => l.includes(marker)) + 1
  );
}

beforeAll(async () => {
  fx = makeProject();
  lines.field = addMethod('brokenField', "a.Not_A_Field__c = 'x';", 'Not_A_Field__c');
  lines.klass = addMethod('brokenClass', 'NoSuchClass.doIt(a);', 'NoSuchClass');
  fx.remove(`${DEFAULT}/objects/Activity/fields/RoxActivityId__c.field-meta.xml`);
  lines.activity =
    fx
      .read(CLS)
      .split('\n')
      .findIndex((l) => l.includes('RoxActivityId__c = roxActivityId')) + 1;
  res = await semantic(fx.dir);
});
afterAll(() => fx.cleanup());

test('a field that does not exist is reported with file and line', () => {
  expect(res.ok).toBe(false);
  expect(res.problems).toContainEqual({
    file: CLS,
    line: lines.field,
    message: expect.stringContaining("Unknown field 'Not_A_Field__c'"),
  });
});

test('a class that does not exist is reported with file and line', () => {
  expect(res.problems).toContainEqual({
    file: CLS,
    line: lines.klass,
    message: expect.stringContaining("'NoSuchClass'"),
  });
});

test("the package's own fields are checked: deleting Activity.RoxActivityId__c breaks Task.RoxActivityId__c", () => {
  const unknown = { message: expect.stringContaining("Unknown field 'RoxActivityId__c' on SObject 'Schema.Task'") };
  expect(res.problems).toContainEqual({ file: CLS, line: lines.activity, ...unknown });
  expect(res.problems).toContainEqual({
    file: `${CLASSES}/RoxFixture_Tests.cls`,
    line: expect.any(Number),
    ...unknown,
  });
});

test('nothing but the breaks is reported', () => {
  expect(res.problems).toHaveLength(4);
});

test('without Java it fails with an install hint', async () => {
  const noJava = await semantic(fx.dir, { javaCommand: path.join(fx.dir, 'no-such-java') });
  expect(noJava.ok).toBe(false);
  expect(noJava.problems[0].message).toMatch(/^apex-ls needs Java 11\+: install a JDK/);
});
