'use strict';
const path = require('node:path');
const semantic = require('../semantic');
const { makeProject, CLASSES, DEFAULT } = require('./fixture');

jest.setTimeout(120000);

const CLS = `${CLASSES}/RoxFixture.cls`;

let fx;
beforeEach(() => {
  fx = makeProject();
});
afterEach(() => fx.cleanup());

/** Add a method to RoxFixture; returns the line of `marker`. */
function addMethod(body, marker) {
  fx.edit(CLS, (t) => t.replace(/\}\s*$/, `\n    public static void broken(Account a) {\n        ${body}\n    }\n}\n`));
  return (
    fx
      .read(CLS)
      .split('\n')
      .findIndex((l) => l.includes(marker)) + 1
  );
}

test('a field that does not exist is reported with file and line', async () => {
  const line = addMethod("a.Not_A_Field__c = 'x';", 'Not_A_Field__c');
  const res = await semantic(fx.dir);
  expect(res.ok).toBe(false);
  expect(res.problems).toEqual([
    { file: CLS, line, message: expect.stringContaining("Unknown field 'Not_A_Field__c'") },
  ]);
});

test('a class that does not exist is reported with file and line', async () => {
  const line = addMethod('NoSuchClass.doIt(a);', 'NoSuchClass');
  const res = await semantic(fx.dir);
  expect(res.ok).toBe(false);
  expect(res.problems).toEqual([{ file: CLS, line, message: expect.stringContaining("'NoSuchClass'") }]);
});

test("the package's own fields are checked: deleting Activity.RoxActivityId__c breaks Task.RoxActivityId__c", async () => {
  // RoxFixture and its test set Task.RoxActivityId__c, which exists only as the package's Activity
  // field. (Fields inside SOQL are not checked by apex-ls: a bogus field in a SELECT or WHERE,
  // even on Account, passes. Field expressions in Apex are checked.)
  fx.remove(`${DEFAULT}/objects/Activity/fields/RoxActivityId__c.field-meta.xml`);
  const line =
    fx
      .read(CLS)
      .split('\n')
      .findIndex((l) => l.includes('RoxActivityId__c = roxActivityId')) + 1;
  const res = await semantic(fx.dir);
  expect(res.ok).toBe(false);
  const unknown = { message: expect.stringContaining("Unknown field 'RoxActivityId__c' on SObject 'Schema.Task'") };
  expect(res.problems).toEqual([
    { file: CLS, line, ...unknown },
    { file: `${CLASSES}/RoxFixture_Tests.cls`, line: expect.any(Number), ...unknown },
  ]);
});

test('without Java it fails with an install hint', async () => {
  const res = await semantic(fx.dir, { javaCommand: path.join(fx.dir, 'no-such-java') });
  expect(res.ok).toBe(false);
  expect(res.problems[0].message).toMatch(/^apex-ls needs Java 11\+: install a JDK/);
});
