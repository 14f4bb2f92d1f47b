/**
 * The operator CLI as the README tells people to use it: beside a running companion on the
 * embedded store (the service its own process, as `npm start` runs it), every command goes
 * through the service's API, so what the CLI does is what the service sees and keeps: a key the CLI
 * creates works at once and after a restart, an OAuth flow it starts completes at the service's
 * callback, a sync it runs shows in the service's status. A second service on the same directory
 * is refused, naming the first. With no service running the CLI opens the store itself, under the
 * service's configuration rules.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalOrg, type RunningLocalOrg } from '../../local-org/src/index.js';
import { execFile } from 'node:child_process';
import { ApiKeyStore } from '../../src/store/api-key-store.js';
import { openStore } from '../../src/store/open-store.js';
import { TokenCipher } from '../../src/security/token-cipher.js';
import { spawnCompanion } from '../support/companion-process.js';
import { seededDataDir } from '../support/engines.js';
import { testJwtKeys } from '../support/jwt-keys.js';

// 5x the quiet duration of its longest test (about 50 s: a service process and some 30 CLI processes beside it).
jest.setTimeout(400_000);

let lo: RunningLocalOrg;
let dir: string;
let env: Record<string, string | undefined>;

beforeAll(async () => {
  lo = await createLocalOrg({ logLevel: 'silent', crmSeed: false, jwtKeys: testJwtKeys() });
  dir = mkdtempSync(join(tmpdir(), 'rox-cli-'));
  writeFileSync(join(dir, 'jwt.key'), lo.org.jwtKeys().privateKeyPem);
  env = {
    DATA_DIR: await seededDataDir(join(dir, 'data')),
    ROX_ENCRYPTION_KEY: TokenCipher.generateKey(),
    SF_CLIENT_ID: lo.org.apps[0].clientId,
    SF_CLIENT_SECRET: lo.org.apps[0].clientSecret,
    SF_LOGIN_URL: lo.loginUrl,
    LOG_LEVEL: 'silent',
  };
});
afterAll(async () => {
  await lo.close();
  rmSync(dir, { recursive: true, force: true });
});

const BIN = join(__dirname, '../../bin/rox.js');

/** Runs the CLI as people do (`npm run rox -- …` runs this binary), not on a terminal. */
function rox(...argv: string[]): Promise<{ code: number; out: string; notes: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...argv],
      { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, timeout: 60_000 },
      (error, stdout, stderr) =>
        resolve({
          code: error ? ((error as { code?: number }).code ?? 1) : 0,
          out: stdout.trimEnd(),
          notes: stderr.trimEnd(),
        }),
    );
  });
}

/** Starts the service as its own process on env's data directory; resolves with its URL. */
async function startService(extra: Record<string, string | undefined> = {}): Promise<{ child: ChildProcess; url: string }> {
  const child = spawnCompanion({ ...env, ...extra }, 'pipe');
  let out = '';
  let err = '';
  child.stderr?.on('data', (d) => (err += String(d)));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (d) => {
      out += String(d);
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`the service exited ${code}: ${err}`)));
  });
  lo.org.apps[0].callbackUrls = [...(lo.org.apps[0].callbackUrls ?? []), `${url}/oauth/callback`];
  return { child, url };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/** Runs a process to its end; resolves with its exit code and stderr. */
function finished(child: ChildProcess): Promise<{ code: number | null; err: string }> {
  let err = '';
  child.stderr?.on('data', (d) => (err += String(d)));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, err })));
}

describe('beside a running service on the embedded store', () => {
  it('runs every command through the service, which sees and keeps what they did', async () => {
    const svc = await startService();
    try {
      expect(readFileSync(join(env.DATA_DIR!, 'companion.lock'), 'utf8')).toContain(svc.url);

      // A second service on the same directory is refused, naming what holds it.
      const second = await finished(spawnCompanion(env, 'ignore'));
      expect(second.code).toBe(1);
      expect(second.err).toContain('in use by a running companion service');
      expect(second.err).toContain(`serving ${svc.url}`);

      const add = await rox('connections', 'add', '--name', 'cli-org', '--method', 'jwt', '--username',
        lo.org.users.integration.username, '--key-file', join(dir, 'jwt.key'));
      expect(add.code).toBe(0);
      expect(add.out).toContain(`to org ${lo.org.orgId}`);
      expect((await rox('connections', 'list')).out).toMatch(/cli-org\s+\S+\s+Ready\s+rox\.integration@/);

      // The key works against the running service at once.
      const created = await rox('keys', 'create', '--connection', 'cli-org', '--name', 'backend');
      const key = /rox_key_[0-9a-f]{12}_[A-Za-z0-9_-]{32}/.exec(created.out)![0];
      const id = JSON.parse((await rox('status', 'cli-org')).out).id as string;
      const asBackend = (path: string) => fetch(`${svc.url}${path}`, { headers: { authorization: `Bearer ${key}` } });
      expect((await asBackend(`/v1/connections/${id}`)).status).toBe(200);
      expect((await rox('keys', 'list', '--connection', 'cli-org')).out).toContain('backend');
      const admin = await rox('keys', 'create', '--admin', '--name', 'ops', '--json');
      expect(JSON.parse(admin.out).apiKey.scope).toBe('admin');

      // An OAuth flow started from the CLI completes at the service's callback.
      const oauth = await rox('connections', 'add', '--name', 'oauth-org', '--method', 'oauth');
      const authorizeUrl = /https?:\/\/\S+authorize\S+/.exec(oauth.out)![0];
      const login = await fetch(authorizeUrl, { redirect: 'manual' });
      const callback = await fetch(login.headers.get('location')!, { redirect: 'manual' });
      expect(callback.status).toBe(200);
      expect((await rox('connections', 'list')).out).toMatch(/oauth-org\s+\S+\s+Ready/);

      // A sync run from the CLI is the service's sync: its status shows it.
      const synced = lo.org.insert('Account', { Name: 'CLI sync' }, lo.org.users.integration.id);
      const sync = await rox('sync', 'cli-org');
      expect(sync.code).toBe(0);
      expect(sync.out).toMatch(/Account\s+1\s+\d+/);
      const status = (await (await asBackend(`/v1/connections/${id}/sync`)).json()) as any;
      expect(status.objects.find((o: { object: string }) => o.object === 'Account')).toMatchObject({ rows: 1 });
      expect(status.objects.find((o: { object: string }) => o.object === 'Account').lastSuccessAt).not.toBeNull();

      // A data-removal request, answered with counts.
      const erased = await rox('erase', 'cli-org', '--salesforce-id', synced);
      expect(erased.code).toBe(0);
      expect(erased.out).toMatch(/syncedRecords\s+1/);
      const both = await rox('erase', 'cli-org', '--email', 'a@example.com', '--rox-id', 'x');
      expect(both.code).toBe(2);
      expect(both.notes).toContain('--email cannot also be provided when using --rox-id');

      // Mappings: what get writes, set and validate take back.
      const file = join(dir, 'mappings.json');
      expect((await rox('mappings', 'get', 'cli-org', '--file', file)).code).toBe(0);
      const view = JSON.parse(readFileSync(file, 'utf8'));
      view.config.accounts.fieldMappings.find((f: { salesforceField: string }) => f.salesforceField === 'Phone').mode =
        'read_write';
      writeFileSync(file, JSON.stringify(view));
      expect(await rox('mappings', 'validate', 'cli-org', '--file', file)).toMatchObject({ code: 0, out: expect.stringMatching(/^Valid:/) });
      expect((await rox('mappings', 'set', 'cli-org', '--file', file)).out).toMatch(/^Saved:/);
      const formula = structuredClone(view);
      formula.config.accounts.fieldMappings.push({ roxField: 'score', salesforceField: 'NoSuchField__c', mode: 'read_only' });
      writeFileSync(file, JSON.stringify(formula));
      const bad = await rox('mappings', 'validate', 'cli-org', '--file', file);
      expect(bad.code).toBe(3);
      expect(bad.out).toContain('NoSuchField__c');
      const kept = JSON.parse((await rox('mappings', 'get', 'cli-org')).out);
      expect(kept.config).toEqual(view.config);

      const doctor = await rox('doctor', 'cli-org');
      expect(doctor.code).toBe(0);
      expect(doctor.out).toContain('User is active');
      const inactive = await rox('doctor', 'cli-org', '--user', lo.org.users.inactive.id);
      expect(inactive.code).toBe(3);

      // Stopped and started again, the service still has everything the CLI made.
      await stop(svc.child);
      const again = await startService();
      try {
        const r = await fetch(`${again.url}/v1/connections/${id}`, { headers: { authorization: `Bearer ${key}` } });
        expect(r.status).toBe(200);
        expect((await rox('connections', 'list')).out).toMatch(/oauth-org\s+\S+\s+Ready/);
        const keyId = /rox_key_([0-9a-f]{12})_/.exec(key)![1];
        expect((await rox('keys', 'revoke', keyId)).out).toBe('Revoked.');
        const revoked = await fetch(`${again.url}/v1/connections/${id}`, { headers: { authorization: `Bearer ${key}` } });
        expect(revoked.status).toBe(401);
        const removed = await rox('connections', 'remove', 'cli-org');
        expect(removed.out).toMatch(/synced_records\s+[1-9]/);
        expect((await rox('connections', 'list')).out).not.toContain('cli-org');
      } finally {
        await stop(again.child);
      }
    } finally {
      await stop(svc.child);
    }
    expect(existsSync(join(env.DATA_DIR!, 'companion.lock'))).toBe(false);
  });
});

describe('with no service running', () => {
  it('opens the store itself and leaves no key of its own behind', async () => {
    const list = await rox('keys', 'list', '--json');
    expect(list.code).toBe(0);
    // The key of the command itself is listed while it runs; those of earlier commands are gone.
    const names = (JSON.parse(list.out) as Array<{ name: string }>).map((k) => k.name);
    expect(names.filter((n) => n === 'rox CLI (this command)')).toHaveLength(1);
    expect(names).toContain('ops');
    expect(existsSync(join(env.DATA_DIR!, 'companion.lock'))).toBe(false);
  });

  it("removes the key of a command that was killed before it could", async () => {
    const store = await openStore({ dataDir: env.DATA_DIR, role: 'cli' });
    const keys = new ApiKeyStore(store);
    const stale = await keys.create({ connectionId: null, name: 'rox CLI (this command)' });
    await store.query("UPDATE api_keys SET created_at = now() - interval '2 hours' WHERE id = $1", [stale.record.id]);
    await store.close();
    const ids = (JSON.parse((await rox('keys', 'list', '--json')).out) as Array<{ id: string }>).map((k) => k.id);
    expect(ids).not.toContain(stale.record.id);
  });

  it('applies the service configuration rules', async () => {
    const saved = env;
    env = { ...env, DATA_DIR: join(dir, 'no-key'), ROX_ENCRYPTION_KEY: '' };
    try {
      const refused = await rox('keys', 'create', '--admin', '--name', 'x');
      expect(refused.code).toBe(1);
      expect(refused.notes).toContain('Error (CONFIG_INVALID)');
      expect(refused.notes).toContain('ROX_ENCRYPTION_KEY is required');
      expect(existsSync(join(env.DATA_DIR!, 'local-demo-encryption.key'))).toBe(false);
    } finally {
      env = saved;
    }
  });

  it('names the problem for bad arguments and unknown connections', async () => {
    const unknown = await rox('doctor', 'nope');
    expect(unknown).toMatchObject({ code: 1, notes: 'Error (NOT_FOUND): No connection named or with id "nope"' });
    const asJson = await rox('doctor', 'nope', '--json');
    expect(asJson.code).toBe(1);
    expect(JSON.parse(asJson.out)).toEqual({ error: { code: 'NOT_FOUND', message: 'No connection named or with id "nope"' } });
    const pigeon = await rox('connections', 'add', '--name', 'x', '--method', 'carrier-pigeon');
    expect(pigeon.code).toBe(2);
    expect(pigeon.notes).toContain('Expected --method=carrier-pigeon to be one of: oauth, jwt, sf_cli');
    const missing = await rox('keys', 'create', '--admin');
    expect(missing.code).toBe(2);
    expect(missing.notes).toContain('Missing required flag name');
    expect((await rox('frobnicate')).code).toBe(2);
    const help = await rox('help');
    expect(help.code).toBe(0);
    for (const topic of ['connections', 'keys', 'mappings', 'doctor', 'erase', 'status', 'sync']) expect(help.out).toContain(topic);
    const commandHelp = await rox('mappings', 'set', '--help');
    expect(commandHelp.out).toContain('$ rox mappings set CONNECTION --file <value> [--json]');
  });
});
