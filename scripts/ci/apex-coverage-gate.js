#!/usr/bin/env node
// Fails the scratch-org workflow unless the Apex test run passed with enough coverage.
// Usage: node scripts/ci/apex-coverage-gate.js <sf apex run test --json output> <minimum %>
// Reads summary.outcome, summary.failing and summary.testRunCoverage (the share of lines covered in the classes the
// run evaluated; orgWideCoverage when that is absent), from the `result` of sf's --json envelope or the bare result.
'use strict';
const { readFileSync } = require('node:fs');

function judge(output, minimum) {
  const result = output?.result ?? output;
  const summary = result?.summary;
  if (!summary) return { ok: false, message: 'no summary in the test output (did the run finish?)' };
  const coverageText = summary.testRunCoverage ?? summary.orgWideCoverage;
  const coverage = Number.parseFloat(String(coverageText ?? '').replace('%', ''));
  const failing = Number(summary.failing ?? 0);
  const problems = [];
  if (summary.outcome !== 'Passed') problems.push(`outcome ${summary.outcome}`);
  if (failing > 0) problems.push(`${failing} failing test(s)`);
  if (!Number.isFinite(coverage)) problems.push('no coverage figure (run with --code-coverage)');
  else if (coverage < minimum) problems.push(`coverage ${coverage}% is under ${minimum}%`);
  return problems.length === 0
    ? { ok: true, message: `Apex tests passed (${summary.testsRan} run), coverage ${coverage}% (minimum ${minimum}%)` }
    : { ok: false, message: `Apex tests: ${problems.join('; ')}` };
}

module.exports = { judge };

if (require.main === module) {
  const [file, min = '75'] = process.argv.slice(2);
  let output;
  try {
    output = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    console.error(`Cannot read the test output ${file}: ${e.message}`);
    process.exit(1);
  }
  const verdict = judge(output, Number(min));
  (verdict.ok ? console.log : console.error)(verdict.message);
  process.exit(verdict.ok ? 0 : 1);
}
