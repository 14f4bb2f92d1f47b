#!/usr/bin/env node
// Writes config/jest/durations.json, the seconds each jest file of the shared run took, from a report that
// `ROX_TEST_KEEP_REPORTS=1 npm test` kept (its main.json). config/jest/sequencer.js starts the longest files first
// with it when jest has no timing of its own (a clean clone: jest keeps timings in its cache directory, per checkout).
// Usage: node scripts/jest-durations.mjs /tmp/rox-test-XXXX/main.json
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const report = process.argv[2];
if (!report) {
  console.error('usage: node scripts/jest-durations.mjs <main.json kept by ROX_TEST_KEEP_REPORTS=1 npm test>');
  process.exit(2);
}
const root = process.cwd();
const { testResults } = JSON.parse(readFileSync(report, 'utf8'));
const durations = Object.fromEntries(
  testResults
    .map((t) => [relative(root, t.name), Math.round((t.endTime - t.startTime) / 100) / 10])
    .sort(([a], [b]) => (a < b ? -1 : 1)),
);
const out = join(root, 'config/jest/durations.json');
writeFileSync(out, `${JSON.stringify(durations, null, 2)}\n`);
console.log(`wrote ${Object.keys(durations).length} files' durations to ${relative(root, out)}`);
