'use strict';
const path = require('node:path');
const pmd = require('../pmd');
const { makeProject, CLASSES } = require('./fixture');

jest.setTimeout(120000);

const CLS = `${CLASSES}/RoxFixture.cls`;

let fx;
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
  // The loop is found too, but as severity 3, at the query: counted in the summary, not a failure.
  expect(res.notFailing.filter((v) => v.file === CLS)).toEqual([
    { file: CLS, line: queryLine, rule: 'OperationWithLimitsInLoop', severity: 3 },
  ]);
  expect(res.summary).toMatch(/not failing: \d+ of severity 3/);
});

test('without Java it fails with an install hint', async () => {
  const res = await pmd(fx.dir, { javaCommand: path.join(fx.dir, 'no-such-java') });
  expect(res.ok).toBe(false);
  expect(res.problems).toHaveLength(1);
  expect(res.problems[0].message).toMatch(
    /^PMD needs Java 11\+: install a JDK \(apt-get install openjdk-17-jre-headless\)/,
  );
});
