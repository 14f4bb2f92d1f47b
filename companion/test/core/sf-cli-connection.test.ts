/**
 * Connecting an org the sf CLI already knows, the way a developer does it: the CLI's auth is
 * written into a temporary HOME with @salesforce/core (as `sf org login` would), then the operator
 * CLI runs as its own process, resolves the alias, copies the tokens into its encrypted store and
 * reports Ready; after the local org expires every session, `status` still works (the companion
 * refreshes with the CLI's refresh token itself). Child processes keep @salesforce/core out of
 * jest's sandbox, whose copied process.env and realms it does not work with.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalOrg, type RunningLocalOrg } from '../../local-org/src/index.js';
import { TokenCipher } from '../../src/security/token-cipher.js';
import { seededDataDir } from '../support/engines.js';

let lo: RunningLocalOrg;
let home: string;
let env: NodeJS.ProcessEnv;
const root = join(__dirname, '../../..');

/** Async, because the local org answering the child's calls runs in this process. */
function node(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, env, timeout: 60_000 });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += String(d)));
    child.stderr.on('data', (d) => (err += String(d)));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}
const tsx = (script: string, args: string[]) => node(['--import', 'tsx', script, ...args]);
/** The operator CLI, as `npm run rox -- …` runs it. */
const rox = (...args: string[]) => node(['companion/bin/rox.js', ...args]);
/** The Salesforce CLI installed by npm (devDependency). */
const sf = (...args: string[]) => node([join(root, 'node_modules/@salesforce/cli/bin/run.js'), ...args]);

beforeAll(async () => {
  lo = await createLocalOrg({ logLevel: 'silent', crmSeed: false });
  home = mkdtempSync(join(tmpdir(), 'rox-sf-home-'));
  env = {
    PATH: process.env.PATH,
    HOME: home,
    SF_USE_GENERIC_UNIX_KEYCHAIN: 'true',
    SF_DISABLE_TELEMETRY: 'true',
    SF_SKIP_NEW_VERSION_CHECK: 'true',
    SF_DISABLE_AUTOUPDATE: 'true',
    DATA_DIR: await seededDataDir(join(home, 'rox-data')),
    ROX_ENCRYPTION_KEY: TokenCipher.generateKey(),
    LOG_LEVEL: 'silent',
    NODE_NO_WARNINGS: '1',
  };
  const s = lo.org.issueSession(lo.org.users.integration.username);
  const w = await tsx('companion/test/support/write-sf-auth.ts', [
    lo.org.users.integration.username,
    s.accessToken,
    s.refreshToken,
    lo.instanceUrl,
    lo.org.apps[0].clientId,
    'rox-dev',
  ]);
  expect(w.err).toBe('');
  expect(w.code).toBe(0);
}, 90_000);
afterAll(async () => {
  await lo.close();
  rmSync(home, { recursive: true, force: true });
});

it('connects by sf CLI alias and keeps working after every session expires', async () => {
  const add = await rox('connections', 'add', '--name', 'dev-org', '--method', 'sf_cli', '--org', 'rox-dev');
  expect(add.err).toBe('');
  expect(add.out).toContain(`Connected dev-org`);
  expect(add.out).toContain(`as ${lo.org.users.integration.username} to org ${lo.org.orgId}`);

  lo.org.expireSessions();
  const doctor = await rox('doctor', 'dev-org', '--json');
  expect(doctor.err).toBe('');
  expect(JSON.parse(doctor.out).username).toBe(lo.org.users.integration.username);
}, 120_000);

it('names an alias the CLI does not know and how to log in', async () => {
  const add = await rox('connections', 'add', '--name', 'x', '--method', 'sf_cli', '--org', 'no-such-alias');
  expect(add.code).toBe(1);
  expect(add.err).toContain('sf org login web --alias no-such-alias');
}, 60_000);

it('installs as a Salesforce CLI plugin: the same commands as sf rox …', async () => {
  const link = await sf('plugins', 'link', root, '--no-install');
  expect(link.code).toBe(0);
  const help = await sf('rox', '--help');
  expect(help.code).toBe(0);
  for (const line of ['rox connections', 'rox keys', 'rox mappings', 'rox doctor', 'rox erase', 'rox sync'])
    expect(help.out).toContain(line);
  // The same store and configuration as `rox`: the connection made above is there.
  const list = await sf('rox', 'connections', 'list', '--json');
  expect(list.code).toBe(0);
  expect(JSON.parse(list.out).map((c: { name: string }) => c.name)).toContain('dev-org');
}, 120_000);
