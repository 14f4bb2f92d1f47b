#!/usr/bin/env node
// `npm test`: every suite of the project, each with its own runner's summary, then one closing line.
// Suites run one after another (2 cores; PMD and apex-ls are Java) and all run even if one fails.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensurePostgres } from './ensure-postgres.mjs';

const env = {
  ...process.env,
  SF_DISABLE_TELEMETRY: 'true',
  SF_SKIP_NEW_VERSION_CHECK: 'true',
  SF_DISABLE_AUTOUPDATE: 'true',
  FORCE_COLOR: process.env.FORCE_COLOR ?? '0',
};
const dir = mkdtempSync(join(tmpdir(), 'rox-test-'));

// PMD and apex-ls need Java 11+. A fresh Debian machine (CI) may lack it: install it when we can (root + apt),
// otherwise say so plainly; the two Java checks then fail with the same hint.
function ensureJava() {
  if (spawnSync('java', ['-version'], { stdio: 'ignore' }).status === 0) return;
  const canApt = process.getuid?.() === 0 && spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!canApt) {
    console.log(
      'Java 11+ is missing: install a JDK (e.g. apt-get install openjdk-17-jre-headless) for the PMD and apex-ls checks.',
    );
    return;
  }
  console.log('Java is missing: installing openjdk-17-jre-headless (PMD and apex-ls need it) ...');
  const opts = { stdio: 'inherit', env: { ...env, DEBIAN_FRONTEND: 'noninteractive' } };
  spawnSync('apt-get', ['update', '-qq'], opts);
  spawnSync('apt-get', ['install', '-y', '-qq', 'openjdk-17-jre-headless'], opts);
}
ensureJava();
await ensurePostgres();

/** A suite is a command; jest suites also write a JSON report so the totals can be added up. */
const suites = [
  { name: 'typecheck (tsc --noEmit)', cmd: 'npx', args: ['tsc', '--noEmit', '-p', 'tsconfig.json'] },
  {
    name: 'package checks',
    cmd: 'node',
    args: ['scripts/package-checks/run.js'],
    countLine: /package checks: (\d+) passed, (\d+) failed/,
  },
  { name: 'LWC jest', jest: 'lwc' },
  { name: 'package-check tests (jest)', jest: 'package-checks' },
  { name: 'companion jest', jest: 'companion' },
];

let passed = 0;
let failed = 0;
const lines = [];
for (const suite of suites) {
  console.log(`\n=== ${suite.name} ===`);
  let cmd = suite.cmd;
  let args = suite.args;
  const report = join(dir, `${suite.jest ?? 'x'}.json`);
  if (suite.jest) {
    cmd = 'npx';
    args = [
      'jest',
      '--selectProjects',
      suite.jest,
      '--ci',
      '--json',
      `--outputFile=${report}`,
      '--passWithNoTests=false',
    ];
  }
  const started = Date.now();
  // PGlite loads its WASM through a dynamic import, which jest allows only with vm modules on.
  const suiteEnv =
    suite.jest === 'companion'
      ? { ...env, NODE_OPTIONS: `${env.NODE_OPTIONS ?? ''} --experimental-vm-modules`.trim() }
      : env;
  const res = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], env: suiteEnv });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const ok = res.status === 0;
  let detail = ok ? 'ok' : `exit ${res.status ?? res.signal}`;
  if (suite.jest) {
    try {
      const r = JSON.parse(readFileSync(report, 'utf8'));
      passed += r.numPassedTests;
      failed += r.numFailedTests + (ok ? 0 : r.numFailedTests === 0 ? 1 : 0);
      detail = `${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numTotalTestSuites} files`;
    } catch {
      failed += 1;
      detail += ' (no jest report)';
    }
  } else {
    if (ok) passed += 1;
    else failed += 1;
  }
  lines.push(`${ok ? 'PASS' : 'FAIL'}  ${suite.name}: ${detail} (${seconds}s)`);
}
rmSync(dir, { recursive: true, force: true });

console.log('\n=== summary ===');
for (const l of lines) console.log(l);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && lines.every((l) => l.startsWith('PASS')) ? 0 : 1);
