/**
 * npm run fidelity [-- --cases <file-or-dir>...] [--verbose] [--json <file>]
 * Replays the documented request/response pairs and prints the pass rate (see suite.ts).
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CASES_DIR, formatReport, runFidelitySuite } from './suite.js';

const { values } = parseArgs({
  options: {
    cases: { type: 'string', multiple: true },
    verbose: { type: 'boolean', short: 'v', default: false },
    json: { type: 'string' },
  },
});

async function main(): Promise<void> {
  const report = await runFidelitySuite(values.cases?.length ? values.cases : [CASES_DIR]);
  console.log(formatReport(report, values.verbose));
  if (values.json) writeFileSync(values.json, `${JSON.stringify(report, null, 2)}\n`);
  process.exitCode = report.unexpectedFailures.length > 0 || report.staleDeviations.length > 0 ? 1 : 0;
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 2;
});
