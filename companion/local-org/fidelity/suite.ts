/**
 * The fidelity suite: every case in fidelity/cases replayed against one freshly started local
 * org, with the pass rate. known-deviations.json names each case the local org does not match
 * yet and why; the suite's test fails when a case fails that is not named there, or when a
 * named case passes (so the list never goes stale).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLocalOrg } from '../src/index.js';
import { loadCases } from './case-schema.js';
import { baseVariables, replayCase, type CaseResult } from './replay.js';

export const FIDELITY_DIR = __dirname;
export const CASES_DIR = join(FIDELITY_DIR, 'cases');
export const DEVIATIONS_FILE = join(FIDELITY_DIR, 'known-deviations.json');

export interface FidelityReport {
  total: number;
  passed: number;
  /** passed / total, 0..1 */
  rate: number;
  results: CaseResult[];
  /** Failing cases that known-deviations.json does not name. */
  unexpectedFailures: CaseResult[];
  /** Cases known-deviations.json names that now pass, or that no longer exist. */
  staleDeviations: string[];
}

export function knownDeviations(): Record<string, string> {
  return JSON.parse(readFileSync(DEVIATIONS_FILE, 'utf8')) as Record<string, string>;
}

export async function runFidelitySuite(paths: string[] = [CASES_DIR]): Promise<FidelityReport> {
  const cases = loadCases(paths);
  const lo = await createLocalOrg({ logLevel: 'silent', autosaveMs: 0 });
  try {
    const base = baseVariables(lo);
    const results: CaseResult[] = [];
    for (const c of cases) results.push(await replayCase(lo, c, base));
    const deviations = knownDeviations();
    const passed = results.filter((r) => r.pass).length;
    const ids = new Set(results.map((r) => r.id));
    const checkedAll = paths.length === 1 && paths[0] === CASES_DIR;
    return {
      total: results.length,
      passed,
      rate: results.length === 0 ? 0 : passed / results.length,
      results,
      unexpectedFailures: results.filter((r) => !r.pass && !(r.id in deviations)),
      staleDeviations: Object.keys(deviations).filter(
        (id) => (ids.has(id) && results.find((r) => r.id === id)!.pass) || (checkedAll && !ids.has(id)),
      ),
    };
  } finally {
    await lo.close();
  }
}

export function formatReport(report: FidelityReport, verbose = false): string {
  const deviations = knownDeviations();
  const lines: string[] = [];
  for (const r of report.results) {
    if (r.pass && !verbose) continue;
    const tag = r.pass ? 'PASS' : r.id in deviations ? 'KNOWN' : 'FAIL';
    lines.push(`${tag}  ${r.id}  (${r.file}) ${r.title}`);
    if (!r.pass) {
      lines.push(`      ${r.source}`);
      for (const d of r.differences.slice(0, 8)) lines.push(`      ${d.pointer || '(body)'}: ${d.problem}`);
      if (r.id in deviations) lines.push(`      known: ${deviations[r.id]}`);
    }
  }
  for (const id of report.staleDeviations)
    lines.push(`STALE ${id}: named in known-deviations.json but passes or no longer exists`);
  lines.push(
    `fidelity: ${report.passed} of ${report.total} documented exchanges match (${(report.rate * 100).toFixed(1)}%); ` +
      `${report.unexpectedFailures.length} unexpected failures, ${report.staleDeviations.length} stale deviations`,
  );
  return lines.join('\n');
}
