/**
 * A developer's path with `npm run org`: the local org as its own process, told the companion's
 * callback URL (--callback-url, as an admin registers it on the connected app; like Salesforce it
 * redirects only to a registered URL, port included) and asked to write its JWT private key
 * (--jwt-key-file); a companion on any free port connects to it by OAuth and by JWT with the
 * commands the org prints. A login returning to a callback that is not registered is refused by the org.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TokenCipher } from '../../src/security/token-cipher.js';
import { spawnCompanion } from '../support/companion-process.js';
import { seededDataDir } from '../support/engines.js';

jest.setTimeout(120_000);
const ROOT = join(__dirname, '../../..');

let dir: string;
const children: ChildProcess[] = [];
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rox-org-connect-'));
});
afterAll(async () => {
  for (const c of children)
    if (c.exitCode === null) {
      const exited = new Promise((r) => c.once('exit', r));
      c.kill('SIGTERM');
      await exited;
    }
  rmSync(dir, { recursive: true, force: true });
});

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

/** Starts a process and resolves with its stdout once `ready` matches it. */
function started(child: ChildProcess, ready: RegExp): Promise<string> {
  children.push(child);
  let out = '';
  let err = '';
  child.stderr?.on('data', (d) => (err += String(d)));
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (d) => {
      out += String(d);
      if (ready.test(out)) resolve(out);
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
  });
}

function rox(env: Record<string, string>, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) =>
    execFile(process.execPath, [join(ROOT, 'companion/bin/rox.js'), ...argv], { env: { PATH: process.env.PATH!, ...env } }, (e, out, err) =>
      resolve({ code: e ? Number((e as { code?: number }).code ?? 1) : 0, out, err }),
    ),
  );
}

it('connects a companion on any port by OAuth and by JWT', async () => {
  const port = await freePort();
  const keyFile = join(dir, 'jwt.pem');
  const banner = await started(
    spawn(
      process.execPath,
      ['--import', 'tsx', 'companion/local-org/src/cli.ts', '--no-crm-seed', '--log-level', 'error',
        '--callback-url', `http://127.0.0.1:${port}/oauth/callback`, '--jwt-key-file', keyFile],
      { cwd: ROOT, env: { PATH: process.env.PATH, NODE_NO_WARNINGS: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
    ),
    /Try:/,
  );
  expect(statSync(keyFile).mode & 0o777).toBe(0o600);
  const orgUrl = /URL \(instance, login, token host\): (\S+)/.exec(banner)![1];
  const [, clientId, clientSecret] = /client_id=(\S+) client_secret=(\S+)/.exec(banner)!;
  expect(banner).toContain(`http://127.0.0.1:${port}/oauth/callback`);
  const jwtLine = /npm run rox -- (connections add --name local-jwt .*)/.exec(banner)![1];

  const env = {
    DATA_DIR: await seededDataDir(join(dir, 'data')),
    SF_CLIENT_ID: clientId,
    SF_CLIENT_SECRET: clientSecret,
    SF_LOGIN_URL: orgUrl,
    ROX_ENCRYPTION_KEY: TokenCipher.generateKey(),
    LOG_LEVEL: 'error',
  };
  await started(spawnCompanion({ ...env, PORT: String(port) }, 'pipe'), /listening on http/);

  const oauth = await rox(env, 'connections', 'add', '--name', 'local', '--method', 'oauth');
  expect(oauth.code).toBe(0);
  const authorizeUrl = /https?:\/\/\S+authorize\S+/.exec(oauth.out)![0];
  const login = await fetch(authorizeUrl, { redirect: 'manual' });
  expect(login.status).toBe(302);
  expect(login.headers.get('location')).toContain(`http://127.0.0.1:${port}/oauth/callback?`);
  expect((await fetch(login.headers.get('location')!, { redirect: 'manual' })).status).toBe(200);

  // The JWT command the org printed, as printed.
  const jwt = await rox(env, ...jwtLine.trim().split(/\s+/));
  expect(jwt.err).toBe('');
  expect(jwt.out).toContain('Connected local-jwt');
  const list = JSON.parse((await rox(env, 'connections', 'list', '--json')).out) as Array<{ name: string; state: string }>;
  expect(list.map((c) => [c.name, c.state]).sort()).toEqual([
    ['local', 'Ready'],
    ['local-jwt', 'Ready'],
  ]);

  // A companion on a port the org was not told about: the org refuses the login, as Salesforce does.
  const elsewhere = new URL(authorizeUrl);
  elsewhere.searchParams.set('redirect_uri', `http://127.0.0.1:${await freePort()}/oauth/callback`);
  const answer = await fetch(elsewhere, { redirect: 'manual' });
  expect(answer.status).toBe(400);
  expect(await answer.json()).toMatchObject({ error: 'redirect_uri_mismatch' });
});
