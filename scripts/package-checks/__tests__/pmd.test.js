'use strict';
const path = require('node:path');
const pmd = require('../pmd');
const { makeProject, CLASSES } = require('./fixture');

jest.setTimeout(120000);

const CLS = `${CLASSES}/RoxFixture.cls`;

let fx;
let cleanSummary;
beforeAll(async () => {
  const clean = makeProject();
  try {
    cleanSummary = (await pmd(clean.dir)).summary;
  } finally {
    clean.cleanup();
  }
});
beforeEach(() => {
  fx = makeProject();
});
afterEach(() => fx.cleanup());

test('a SOQL query in a loop without user mode fails on ApexCRUDViolation (severity 2)', async () => {
  // pmd:Recommended rates the loop itself (OperationWithLimitsInLoop) and a missing sharing
  // declaration (ApexSharingViolations) severity 3, which does not fail; the query's missing
  // CRUD/FLS enforcement is ApexCRUDViolation, severity 2.
  const method = [
    '',
    '    /**',
    '     * @description Counts mappings one record at a time.',
    '     * @param recordIds Salesforce record ids',
    '     * @return the number of mappings',
    '     */',
    '    public static Integer countPerRecord(List<String> recordIds) {',
    '        Integer total = 0;',
    '        for (String recordId : recordIds) {',
    '            total += [SELECT COUNT() FROM ID_Mapping__c WHERE Salesforce_Record_Id__c = :recordId];',
    '        }',
    '        return total;',
    '    }',
    '}',
    '',
  ].join('\n');
  fx.edit(CLS, (t) => t.replace(/\}\s*$/, method));
  const queryLine =
    fx
      .read(CLS)
      .split('\n')
      .findIndex((l) => l.includes('SELECT COUNT()')) + 1;

  const res = await pmd(fx.dir);
  expect(res.ok).toBe(false);
  expect(res.problems).toEqual([
    expect.objectContaining({ file: CLS, line: queryLine, rule: 'ApexCRUDViolation', severity: 2 }),
  ]);
  expect(res.problems[0].message).toMatch(/^ApexCRUDViolation \(severity 2\): /);
  // The loop is found, but as severity 3: counted in the summary (one more than the clean copy), not a failure.
  const severity3 = (summary) => Number((/not failing: (\d+) of severity 3/.exec(summary) || [0, 0])[1]);
  expect(severity3(res.summary)).toBe(severity3(cleanSummary) + 1);
});

test('without Java it fails with an install hint', async () => {
  const res = await pmd(fx.dir, { javaCommand: path.join(fx.dir, 'no-such-java') });
  expect(res.ok).toBe(false);
  expect(res.problems).toHaveLength(1);
  expect(res.problems[0].message).toMatch(
    /^PMD needs Java 11\+: install a JDK \(apt-get install openjdk-17-jre-headless\)/,
  );
});
