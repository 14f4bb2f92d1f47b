'use strict';
// The workflows check on a copy of the repository's workflow (and the files it names), broken one way per test.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const workflows = require('../workflows');

const REPO = path.resolve(__dirname, '..', '..', '..');
const WF = '.github/workflows/scratch-org.yml';
let dir;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rox-wf-'));
  for (const f of [WF, 'config/project-scratch-def.json', 'scripts/ci/apex-coverage-gate.js', 'sfdx-project.json']) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.copyFileSync(path.join(REPO, f), path.join(dir, f));
  }
  fs.cpSync(path.join(REPO, 'force-app/main/default/permissionsets'), path.join(dir, 'force-app/main/default/permissionsets'), {
    recursive: true,
  });
  fs.mkdirSync(path.join(dir, 'force-app/main/default/classes'), { recursive: true });
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const edit = (fn) => fs.writeFileSync(path.join(dir, WF), fn(fs.readFileSync(path.join(dir, WF), 'utf8')));
const messages = async () => (await workflows(dir)).problems.map((p) => p.message);

test('the scratch-org workflow passes: every sf command and flag exists in the installed CLI', async () => {
  const res = await workflows(dir);
  expect(res.problems).toEqual([]);
  expect(res.summary).toMatch(/^1 workflow, [5-9] sf commands valid$/);
}, 60_000);

test('a misspelt flag', async () => {
  edit((t) => t.replace('deploy start --source-dir force-app --target-org rox-ci --wait 30', 'deploy start --source-dir force-app --target-org rox-ci --wiat 30'));
  expect(await messages()).toEqual(['job scratch-org, step 6 (Deploy the package source): sf project deploy start has no flag --wiat']);
}, 60_000);

test('a command the CLI does not have', async () => {
  edit((t) => t.replace('npx sf project deploy start', 'npx sf project deploy begin'));
  expect(await messages()).toEqual([
    'job scratch-org, step 6 (Deploy the package source): sf project deploy begin is not a command of the installed Salesforce CLI',
  ]);
}, 60_000);

test('a flag without its value, a short flag, a missing file and a permission set the package lacks', async () => {
  edit((t) =>
    t
      .replace('--duration-days 1 --wait 20', '--duration-days --wait 20')
      .replace('--target-org rox-ci --test-level RunLocalTests', '-o rox-ci --test-level RunLocalTests')
      .replace('--definition-file config/project-scratch-def.json', '--definition-file config/scratch.json')
      .replace('--name Rox_Setup_Admin', '--name Rox_Setup_Admins'),
  );
  expect(await messages()).toEqual(
    expect.arrayContaining([
      'job scratch-org, step 5 (Create a scratch org): sf org create scratch --duration-days needs a value',
      'job scratch-org, step 5 (Create a scratch org): sf org create scratch --definition-file config/scratch.json does not exist',
      'job scratch-org, step 7 (Assign the permission sets): permission set Rox_Setup_Admins is not in the package',
      'job scratch-org, step 8 (Run the Apex tests with coverage): sf apex run test uses the short flag -o; write the long flag so it can be checked',
    ]),
  );
}, 60_000);

test('YAML that does not parse, and a job needing one that does not exist', async () => {
  edit((t) => t.replace('needs: gate', 'needs: gait'));
  expect(await messages()).toEqual(['job scratch-org needs gait, which is not a job']);
  edit((t) => t.replace("name: Scratch org", 'name: "Scratch org'));
  const res = await workflows(dir);
  expect(res.ok).toBe(false);
  expect(res.problems[0]).toMatchObject({ file: WF, line: expect.any(Number) });
}, 60_000);

test('the coverage gate passes a clean run and names each reason to fail', async () => {
  const { judge } = require('../../ci/apex-coverage-gate.js');
  const run = (summary) => ({ status: 0, result: { summary } });
  expect(judge(run({ outcome: 'Passed', failing: 0, testsRan: 40, testRunCoverage: '88%' }), 75)).toEqual({
    ok: true,
    message: 'Apex tests passed (40 run), coverage 88% (minimum 75%)',
  });
  expect(judge(run({ outcome: 'Failed', failing: 2, testsRan: 40, testRunCoverage: '70%' }), 75).message).toBe(
    'Apex tests: outcome Failed; 2 failing test(s); coverage 70% is under 75%',
  );
  expect(judge(run({ outcome: 'Passed', failing: 0 }), 75).message).toContain('no coverage figure');
  expect(judge({}, 75)).toEqual({ ok: false, message: 'no summary in the test output (did the run finish?)' });
});
