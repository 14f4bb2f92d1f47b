#!/usr/bin/env node
// `npm test`: every suite of the project, each with its own runner's summary, then one closing line.
// Sized for 2 cores: first the quick suites side by side (the type check, the package checks with their JVMs, the LWC
// jest, the build of the Rox Setup tab preview, the companion's bundles), each printed whole when it ends; then one jest
// run of the package-check tests, the companion tests and the browser tests of the preview with three workers
// (one more than the cores), which jest keeps busy longest-first. All suites run even if one fails. The per-suite
// lines and the closing `N passed, M failed` line come last.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensurePostgres } from './ensure-postgres.mjs';
import { findChromium, INSTALL_HINT as CHROMIUM_HINT } from './preview/browser.cjs';

const env = {
  ...process.env,
  SF_DISABLE_TELEMETRY: 'true',
  SF_SKIP_NEW_VERSION_CHECK: 'true',
  SF_DISABLE_AUTOUPDATE: 'true',
  FORCE_COLOR: process.env.FORCE_COLOR ?? '0',
};
const dir = mkdtempSync(join(tmpdir(), 'rox-test-'));
const started = Date.now();

// What some suites need from the machine. A fresh Debian machine (CI) may lack it: install the package when we can
// (root + apt), otherwise say plainly what to install; the suites that need it then fail with the same hint.
function ensureByApt({ present, pkg, why, hint }) {
  if (present()) return;
  const canApt = process.getuid?.() === 0 && spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!canApt) {
    console.log(hint);
    return;
  }
  console.log(`${why} is missing: installing ${pkg} ...`);
  const opts = { stdio: 'inherit', env: { ...env, DEBIAN_FRONTEND: 'noninteractive' } };
  spawnSync('apt-get', ['update', '-qq'], opts);
  spawnSync('apt-get', ['install', '-y', '-qq', pkg], opts);
}
const ensureJava = () =>
  ensureByApt({
    present: () => spawnSync('java', ['-version'], { stdio: 'ignore' }).status === 0,
    pkg: 'openjdk-17-jre-headless',
    why: 'Java (PMD and apex-ls need it)',
    hint: 'Java 11+ is missing: install a JDK (e.g. apt-get install openjdk-17-jre-headless) for the PMD and apex-ls checks.',
  });
const ensureChromium = () =>
  ensureByApt({
    present: () => !!findChromium(),
    pkg: 'chromium',
    why: 'Chromium (the browser tests drive it)',
    hint: `${CHROMIUM_HINT} The browser tests fail until then.`,
  });
ensureJava();
ensureChromium();
await ensurePostgres();

const jestArgs = (projects, report, extra = []) => [
  'jest',
  ...projects.flatMap((p) => ['--selectProjects', p]),
  '--ci',
  '--json',
  `--outputFile=${report}`,
  '--passWithNoTests=false',
  ...extra,
];

/** Runs a command; `live` streams its output, otherwise it is kept and printed when it ends. */
function run(name, cmd, args, { live = false, extraEnv = {} } = {}) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    if (live) console.log(`\n=== ${name} ===`);
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...env, ...extraEnv } });
    let out = '';
    const std = { stdout: '', stderr: '' };
    const take = (stream, sink, which) =>
      stream.on('data', (d) => {
        if (live) sink.write(d);
        else out += String(d);
        std[which] += String(d);
      });
    take(child.stdout, process.stdout, 'stdout');
    take(child.stderr, process.stderr, 'stderr');
    child.on('close', (code, signal) => {
      if (!live) console.log(`\n=== ${name} ===\n${out.trimEnd()}`);
      resolve({ name, ok: code === 0, status: code ?? signal, out, ...std, seconds: (Date.now() - t0) / 1000 });
    });
  });
}

// PGlite loads its WASM through a dynamic import, which jest allows only with vm modules on (the
// LWC suite must run without them).
const VM_MODULES = { NODE_OPTIONS: `${env.NODE_OPTIONS ?? ''} --experimental-vm-modules`.trim() };

const quick = await Promise.all([
  run('typecheck (tsc --noEmit)', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']),
  run('package checks', 'node', ['scripts/package-checks/run.js']),
  run('LWC jest', 'npx', jestArgs(['lwc'], join(dir, 'lwc.json'))),
  // Rollup allocates fast: larger young-generation spaces cut the cold build's CPU by a fifth (19 -> 15.6 s).
  run('Rox Setup tab preview build', 'node', ['--max-semi-space-size=64', 'scripts/preview/build.mjs']),
  // The admin console (npm install builds it; this is a no-op then, and catches a source changed since).
  run('admin console build', 'node', ['--max-semi-space-size=64', 'companion/console/build.mjs']),
  // The CLI and service bundles (npm run build): the tests start both as processes, as people do.
  run('companion build (esbuild)', 'node', ['scripts/build.js']),
]);
// The package checks' own tests read that run of every check on the repository rather than run them all again (one
// run of PMD, apex-ls and the sf CLI, about 23 CPU-s); alone, scripts/package-checks/__tests__/run.test.js runs them.
const checksRun = quick.find((r) => r.name === 'package checks');
const checksResult = join(dir, 'package-checks.json');
writeFileSync(checksResult, JSON.stringify({ code: checksRun.status, stdout: checksRun.stdout, stderr: checksRun.stderr }));

// One worker more than the cores (3 on a 2-core machine): a third worker keeps both cores busy while another waits on a
// child process, HTTP or a timer. Measured on 2 cores, the shared jest run took 393 s with 3
// workers, 433 s with 4 and 437-446 s with 2.
const workers = Math.max(3, availableParallelism() + 1);
const jestRun = await run(
  `package-check tests, companion jest and browser tests (${workers} workers)`,
  'npx',
  jestArgs(['package-checks', 'companion', 'browser'], join(dir, 'main.json'), [`--maxWorkers=${workers}`]),
  { live: true, extraEnv: { ...VM_MODULES, ROX_PACKAGE_CHECKS_RESULT: checksResult } },
);

let passed = 0;
let failed = 0;
const lines = [];
const line = (ok, name, detail, seconds) =>
  lines.push(`${ok ? 'PASS' : 'FAIL'}  ${name}: ${detail}${seconds === undefined ? '' : ` (${seconds.toFixed(1)}s)`}`);

function readReport(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

// The quick suites: a command counts as one test; the LWC jest by its tests.
for (const r of quick) {
  if (r.name === 'LWC jest') {
    const report = readReport(join(dir, 'lwc.json'));
    if (!report) {
      failed += 1;
      line(false, r.name, `exit ${r.status} (no jest report)`, r.seconds);
      continue;
    }
    passed += report.numPassedTests;
    failed += report.numFailedTests + (r.ok || report.numFailedTests > 0 ? 0 : 1);
    line(
      r.ok,
      r.name,
      `${report.numPassedTests} passed, ${report.numFailedTests} failed, ${report.numTotalTestSuites} files`,
      r.seconds,
    );
    continue;
  }
  if (r.ok) passed += 1;
  else failed += 1;
  line(r.ok, r.name, r.ok ? 'ok' : `exit ${r.status}`, r.seconds);
}

// The shared jest run, reported per project (a file belongs to the project its path is under).
const report = readReport(join(dir, 'main.json'));
if (!report) {
  failed += 1;
  line(false, jestRun.name, `exit ${jestRun.status} (no jest report)`, jestRun.seconds);
} else {
  const preview = `${process.cwd()}/scripts/preview/`;
  for (const [name, under, except] of [
    ['package-check tests (jest)', `${process.cwd()}/scripts/`, preview],
    ['companion jest', `${process.cwd()}/companion/`],
    ['browser tests (Chromium)', preview],
  ]) {
    const files = report.testResults.filter((t) => t.name.startsWith(under) && !(except && t.name.startsWith(except)));
    const p = files.reduce((n, t) => n + t.assertionResults.filter((a) => a.status === 'passed').length, 0);
    const f = files.reduce((n, t) => n + t.assertionResults.filter((a) => a.status === 'failed').length, 0);
    // A file that failed outside its tests (it did not load, a hook threw) counts as one failure.
    const broken = files.filter((t) => t.status === 'failed' && !t.assertionResults.some((a) => a.status === 'failed'));
    passed += p;
    failed += f + broken.length;
    line(
      f + broken.length === 0 && files.length > 0,
      name,
      `${p} passed, ${f + broken.length} failed, ${files.length} files`,
    );
  }
  if (!jestRun.ok && report.numFailedTests === 0 && report.numFailedTestSuites === 0) {
    failed += 1;
    line(false, jestRun.name, `exit ${jestRun.status}`, jestRun.seconds);
  } else lines.push(`      (one jest run for all three, ${jestRun.seconds.toFixed(1)}s)`);
}
if (process.env.ROX_TEST_KEEP_REPORTS) console.log(`jest reports kept in ${dir}`);
else rmSync(dir, { recursive: true, force: true });

console.log('\n=== summary ===');
for (const l of lines) console.log(l);
console.log(`wall time ${((Date.now() - started) / 1000).toFixed(0)}s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && lines.every((l) => !l.startsWith('FAIL')) ? 0 : 1);
