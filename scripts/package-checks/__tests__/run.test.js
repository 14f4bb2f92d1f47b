'use strict';
// The command line: one run of every check on an unbroken tree proves each passes there, with the summary line and
// exit 0 (the per-check files only break things, and each shows that nothing but its break is reported); one run of
// the checks that need no Java on a copy with one broken file proves the report format, --only and the exit code.
//
// Under `npm test` the unbroken tree is the repository itself: scripts/test-all.mjs runs every check on it first and
// hands its result over in ROX_PACKAGE_CHECKS_RESULT (a JSON file of the command's exit code and output), so PMD,
// apex-ls and the sf CLI do not run twice. Run alone, this file runs them on an unbroken copy.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFile } = require('node:child_process');
const { makeProject, DEFAULT } = require('./fixture');

jest.setTimeout(180000);

const RUN = path.resolve(__dirname, '..', 'run.js');
const CHECK_NAMES = ['convert', 'xml', 'prettier', 'pmd', 'semantic', 'soql-fields', 'references', 'requirements', 'workflows'];
const PERMSET = `${DEFAULT}/permissionsets/Rox_Setup_Admin.permissionset-meta.xml`;

const NODE_CHECKS = ['convert', 'xml', 'prettier', 'references', 'requirements'];

/** Run the CLI from inside the copy (so nothing depends on the repo being the cwd). */
function runCli(dir, ...extra) {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [RUN, dir, ...extra],
      { cwd: dir, maxBuffer: 10 * 1024 * 1024 },
      (err, stdout, stderr) => {
        resolve({ code: err ? err.code : 0, stdout, stderr });
      },
    );
  });
}

/** The run of every check on an unbroken tree: the one npm test made of the repository, else one on `clean`. */
function unbrokenRun() {
  const file = process.env.ROX_PACKAGE_CHECKS_RESULT;
  if (!file) return runCli(clean.dir);
  const { code, stdout, stderr } = JSON.parse(fs.readFileSync(file, 'utf8'));
  return { code, stdout, stderr };
}

let clean;
let broken;
let cleanRun;
let brokenRun;

beforeAll(async () => {
  clean = makeProject();
  broken = makeProject();
  broken.edit(PERMSET, (t) => t.slice(0, t.indexOf('</objectPermissions>')));
  [cleanRun, brokenRun] = await Promise.all([unbrokenRun(), runCli(broken.dir, '--only', NODE_CHECKS.join(','))]);
});

afterAll(() => {
  clean.cleanup();
  broken.cleanup();
});

test.each(CHECK_NAMES)('%s passes on the unbroken tree', (name) => {
  const lines = cleanRun.stdout.split('\n');
  expect(lines.filter((l) => l.startsWith(`PASS ${name} — `))).toHaveLength(1);
  expect(lines.filter((l) => l.includes(` ${name} — `))).toEqual(lines.filter((l) => l.startsWith(`PASS ${name} — `)));
});

test('the unbroken tree exits 0 with the summary line', () => {
  expect(cleanRun.stdout.trim().split('\n').pop()).toBe(`package checks: ${CHECK_NAMES.length} passed, 0 failed`);
  expect(cleanRun.code).toBe(0);
});

test('one broken file: FAIL line, the problem indented under it, summary, exit 1 (--only runs just the named checks)', () => {
  const lines = brokenRun.stdout.trim().split('\n');
  const i = lines.indexOf('FAIL xml — 1 problem');
  expect(i).toBeGreaterThanOrEqual(0);
  expect(lines[i + 1]).toMatch(new RegExp(`^ {4}${PERMSET}:\\d+ not well-formed XML`));
  const verdicts = lines.filter((l) => / — /.test(l)).map((l) => l.split(' — ')[0]);
  expect(verdicts).toEqual(NODE_CHECKS.map((n) => (n === 'xml' ? 'FAIL xml' : `PASS ${n}`)));
  expect(lines.pop()).toBe(`package checks: ${NODE_CHECKS.length - 1} passed, 1 failed`);
  expect(brokenRun.code).toBe(1);
});

test('--only with an unknown check name exits 2 and lists the names', async () => {
  const res = await runCli(clean.dir, '--only', 'pmd,spellcheck');
  expect(res.code).toBe(2);
  expect(res.stderr).toMatch(/--only takes check names \(convert, xml, .*\); unknown: spellcheck/);
});

test('a directory without sfdx-project.json exits 2', async () => {
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'rox-pkgcheck-empty-'));
  try {
    const res = await runCli(empty);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/no sfdx-project\.json/);
  } finally {
    fs.rmSync(empty, { recursive: true, force: true });
  }
});
