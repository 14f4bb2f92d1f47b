/**
 * The operator CLI against a PGlite data directory and the local org: add a JWT connection, list
 * it, create a key, run the doctor (same rows as the in-org checker), remove it with the purge
 * report. Each command opens and closes the store, as separate invocations would.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalOrg, type RunningLocalOrg } from '../../local-org/src/index.js';
import { cli } from '../../src/cli/cli.js';
import { TokenCipher } from '../../src/security/token-cipher.js';

// Each command opens the embedded store from disk, as a separate invocation does (a few seconds each).
jest.setTimeout(120_000);

let lo: RunningLocalOrg;
let dir: string;
const saved = { ...process.env };

beforeAll(async () => {
  lo = await createLocalOrg({ logLevel: 'silent', crmSeed: false });
  dir = mkdtempSync(join(tmpdir(), 'rox-cli-'));
  writeFileSync(join(dir, 'jwt.key'), lo.org.jwtKeys().privateKeyPem);
  Object.assign(process.env, {
    DATA_DIR: join(dir, 'data'),
    ROX_ENCRYPTION_KEY: TokenCipher.generateKey(),
    SF_CLIENT_ID: lo.org.apps[0].clientId,
    SF_CLIENT_SECRET: lo.org.apps[0].clientSecret,
    SF_LOGIN_URL: lo.loginUrl,
    LOG_LEVEL: 'silent',
  });
});
afterAll(async () => {
  process.env = saved;
  await lo.close();
  rmSync(dir, { recursive: true, force: true });
});

async function rox(...argv: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const code = await cli(argv, (s) => lines.push(s));
  return { code, out: lines.join('\n') };
}

it('adds, lists, keys, checks and removes a connection', async () => {
  const add = await rox(
    'connections',
    'add',
    '--name',
    'cli-org',
    '--method',
    'jwt',
    '--username',
    lo.org.users.integration.username,
    '--key-file',
    join(dir, 'jwt.key'),
  );
  expect(add.code).toBe(0);
  expect(add.out).toContain(`to org ${lo.org.orgId}`);

  const list = await rox('connections', 'list');
  expect(list.out).toMatch(/cli-org\s+\S+\s+Ready\s+rox\.integration@/);

  const key = await rox('keys', 'create', '--connection', 'cli-org', '--name', 'backend');
  expect(key.out).toMatch(/rox_key_[0-9a-f]{12}_[A-Za-z0-9_-]{32}/);

  const doctor = await rox('doctor', 'cli-org');
  expect(doctor.code).toBe(0);
  expect(doctor.out).toContain('User is active');
  const json = JSON.parse((await rox('doctor', 'cli-org', '--json')).out) as { counts: { fail: number; pass: number } };
  expect(json.counts.fail).toBe(0);
  expect(json.counts.pass).toBeGreaterThan(20);

  const inactive = await rox('doctor', 'cli-org', '--user', lo.org.users.inactive.id);
  expect(inactive.code).toBe(2);
  expect(inactive.out).toMatch(/fail.*User is active|User is active.*fail/is);

  lo.org.insert('Account', { Name: 'CLI sync' }, lo.org.users.integration.id);
  const sync = await rox('sync', 'cli-org');
  expect(sync.code).toBe(0);
  expect(sync.out).toMatch(/Account\s+1\s+\d+/);

  const removed = await rox('connections', 'remove', 'cli-org');
  expect(removed.out).toMatch(/api_keys\s+1/);
  expect(removed.out).toMatch(/synced_records\s+[1-9]/);
  expect((await rox('connections', 'list')).out).toBe('(none)');
});

it('names the problem for bad arguments and unknown connections', async () => {
  await expect(rox('doctor', 'nope')).rejects.toMatchObject({
    code: 'NOT_FOUND',
    message: expect.stringContaining('"nope"'),
  });
  await expect(rox('connections', 'add', '--name', 'x', '--method', 'carrier-pigeon')).rejects.toMatchObject({
    code: 'BAD_REQUEST',
  });
  expect((await rox('frobnicate')).code).toBe(64);
});
