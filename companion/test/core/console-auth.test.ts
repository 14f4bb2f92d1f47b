/**
 * The admin console's sign-in and serving: an admin key (or a one-time link made for it) becomes a
 * session cookie that has exactly the key's rights while the key lives, within its lifetime and
 * idle timeout; every change made with the cookie needs the session's CSRF token; the console's
 * files are served from CONSOLE_DIR and nothing outside it, with the security headers.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CONTENT_SECURITY_POLICY } from '../../src/http/console/console-pages.js';
import { parseApiKey } from '../../src/security/api-keys.js';
import { ApiKeyStore } from '../../src/store/api-key-store.js';
import { ConsoleSessionStore } from '../../src/store/console-session-store.js';
import { openPostgres } from '../../src/store/pg-db.js';
import { completeOAuthInBrowser, startCompanion, type TestCompanion } from '../support/companion.js';
import { openTestDb } from '../support/engines.js';
import { readyConnection } from '../support/writeback.js';

let t: TestCompanion;
let dir: string;
let consoleDir: string;
let connA: string;
let connB: string;
let keyA: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rox-console-'));
  consoleDir = join(dir, 'dist');
  mkdirSync(consoleDir);
  writeFileSync(join(dir, 'secret.txt'), 'outside the console');
  t = await startCompanion('pglite', { CONSOLE_DIR: consoleDir });
  connA = await readyConnection(t, 'console-a');
  connB = await readyConnection(t, 'console-b');
  keyA = (await t.svc.keys.create({ connectionId: connA, name: 'a' })).key;
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Session {
  cookie: string;
  csrfToken: string;
  setCookie: string;
  body: { csrfToken: string; expiresAt: string; keyName: string };
}

async function signIn(key = t.adminKey): Promise<Session> {
  const res = await t.api('POST', '/console/session', { key: '', body: { key } });
  expect(res.status).toBe(200);
  const setCookie = res.headers.get('set-cookie')!;
  return { cookie: setCookie.split(';')[0], csrfToken: res.json.csrfToken, setCookie, body: res.json };
}

/** A request with the console's cookie (and CSRF token unless `csrf` says otherwise), no API key. */
function withCookie(s: Session, method: string, path: string, opts: { body?: unknown; csrf?: string | null } = {}) {
  const headers: Record<string, string> = { cookie: s.cookie };
  const csrf = opts.csrf === undefined ? s.csrfToken : opts.csrf;
  if (csrf !== null) headers['x-csrf-token'] = csrf;
  return t.api(method, path, { key: '', body: opts.body, headers });
}

/**
 * node:http, which sends the path and Host exactly as given (fetch resolves `%2e%2e` segments and
 * sends the Host it connects to).
 */
function raw(
  method: string,
  path: string,
  opts: { host?: string; body?: string } = {},
): Promise<{ status: number; setCookie: string[]; text: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const u = new URL(t.url);
    const headers: Record<string, string> = { host: opts.host ?? u.host };
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    const req = request({ host: u.hostname, port: u.port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode!,
          setCookie: res.headers['set-cookie'] ?? [],
          text: Buffer.concat(chunks).toString('utf8'),
          headers: res.headers,
        }),
      );
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

const sessionRow = (cookie: string) =>
  t.testDb.db.query<{ secret_hash: string }>(
    "SELECT secret_hash FROM console_sessions WHERE secret_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex')",
    [cookie.split('=')[1]],
  );

const moveSession = (cookie: string, set: string) =>
  t.testDb.db.query(
    `UPDATE console_sessions SET ${set} WHERE secret_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex')`,
    [cookie.split('=')[1]],
  );

describe('signing in', () => {
  it('exchanges an admin key for an HttpOnly, SameSite=Strict cookie, without Secure on loopback', async () => {
    const s = await signIn();
    expect(s.body).toEqual({ csrfToken: expect.any(String), expiresAt: expect.any(String), keyName: 'test admin' });
    const hours = (Date.parse(s.body.expiresAt) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(7.9);
    expect(hours).toBeLessThanOrEqual(8);
    const attrs = s.setCookie.split(';').map((a) => a.trim());
    expect(attrs[0]).toMatch(/^rox_console=[A-Za-z0-9_-]{43}$/);
    expect(attrs).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Strict', 'Path=/', 'Max-Age=28800']));
    expect(attrs).not.toContain('Secure');
    // Only the secret's hash is stored.
    expect(await sessionRow(s.cookie)).toHaveLength(1);
    const stored = JSON.stringify(await t.testDb.db.query('SELECT * FROM console_sessions'));
    expect(stored).not.toContain(s.cookie.split('=')[1]);
  });

  it('marks the cookie Secure when the Host is not a loopback name', async () => {
    const body = JSON.stringify({ key: t.adminKey });
    for (const host of ['console.example.com', 'console.example.com:8443', '10.0.0.5:8080', 'localhost.example.com']) {
      const res = await raw('POST', '/console/session', { host, body });
      expect({ host, status: res.status }).toEqual({ host, status: 200 });
      expect({ host, cookie: res.setCookie[0] }).toEqual({ host, cookie: expect.stringMatching(/; Secure$/) });
    }
    for (const host of ['localhost:8080', '127.0.0.1', '[::1]:8080', 'LOCALHOST']) {
      const res = await raw('POST', '/console/session', { host, body });
      expect({ host, cookie: res.setCookie[0] }).toEqual({ host, cookie: expect.not.stringContaining('Secure') });
    }
  });

  it("refuses a connection's key with 403, a wrong key with 401, a missing one with 400", async () => {
    const conn = await t.api('POST', '/console/session', { key: '', body: { key: keyA } });
    expect(conn.status).toBe(403);
    expect(conn.json.error).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('admin API key') });
    expect(conn.headers.get('set-cookie')).toBeNull();
    const wrong = await t.api('POST', '/console/session', { key: '', body: { key: `${t.adminKey.slice(0, -4)}AAAA` } });
    expect(wrong.status).toBe(401);
    expect(wrong.json.error.code).toBe('UNAUTHENTICATED');
    const garbage = await t.api('POST', '/console/session', { key: '', body: { key: 'hunter2' } });
    expect(garbage.status).toBe(401);
    expect(garbage.json.error.message).toContain('rox_key_');
    const missing = await t.api('POST', '/console/session', { key: '', body: {} });
    expect(missing.status).toBe(400);
    expect(missing.json.error.message).toContain('key');
  });

  it('refuses an admin key that requires signed requests (a browser cannot sign)', async () => {
    const { key } = await t.svc.keys.create({ connectionId: null, name: 'signed admin', requireSignature: true });
    const res = await t.api('POST', '/console/session', { key: '', body: { key } });
    expect(res.status).toBe(403);
    expect(res.json.error.message).toContain('--require-signature');
  });

  it('shows the session to its cookie and 401 to anyone else', async () => {
    const s = await signIn();
    const seen = await withCookie(s, 'GET', '/console/session', { csrf: null });
    expect(seen.status).toBe(200);
    expect(seen.json).toEqual(s.body);
    expect(seen.headers.get('cache-control')).toBe('no-store');
    const none = await t.api('GET', '/console/session', { key: '' });
    expect(none.status).toBe(401);
    expect(none.json.error.code).toBe('UNAUTHENTICATED');
    // An admin key is not a console session.
    expect((await t.api('GET', '/console/session', { key: t.adminKey })).status).toBe(401);
    const forged = await t.api('GET', '/console/session', { key: '', headers: { cookie: 'rox_console=x' } });
    expect(forged.status).toBe(401);
    expect(forged.headers.get('set-cookie')).toMatch(/^rox_console=; Max-Age=0/);
  });

  it('signs out with the CSRF token only, and clears the cookie', async () => {
    const s = await signIn();
    const without = await withCookie(s, 'DELETE', '/console/session', { csrf: null });
    expect(without.status).toBe(403);
    expect(without.json.error.code).toBe('CSRF_TOKEN_INVALID');
    const out = await withCookie(s, 'DELETE', '/console/session');
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/^rox_console=; Max-Age=0; Path=\/; HttpOnly; SameSite=Strict$/);
    expect(await sessionRow(s.cookie)).toHaveLength(0);
    expect((await withCookie(s, 'GET', '/console/session')).status).toBe(401);
  });
});

describe('the cookie on the API', () => {
  it("has the admin key's rights: manages connections and keys", async () => {
    const s = await signIn();
    const list = await withCookie(s, 'GET', '/v1/connections', { csrf: null });
    expect(list.status).toBe(200);
    expect(list.json.connections.map((c: { name: string }) => c.name)).toEqual(
      expect.arrayContaining(['console-a', 'console-b']),
    );
    expect((await withCookie(s, 'GET', `/v1/connections/${connA}/mappings`, { csrf: null })).status).toBe(200);
  });

  // The real token with its last character changed: always different from it (a fixed
  // replacement such as 'A' equals the real last character one time in 64).
  const oneCharOff = (token: string) => `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;

  it('refuses every change without the CSRF token or with a wrong one, and lets it through with it', async () => {
    const s = await signIn();
    const mappings = (await t.api('GET', `/v1/connections/${connA}/mappings`)).json;
    const changes: Array<[string, string, unknown]> = [
      ['POST', '/v1/keys', { name: 'made by the console' }],
      ['PUT', `/v1/connections/${connA}/mappings`, mappings],
      ['POST', `/v1/connections/${connA}/sync`, undefined],
      ['DELETE', `/v1/keys/${parseApiKey(keyA)!.id}`, undefined],
    ];
    const before = JSON.stringify(await t.testDb.db.query('SELECT id, revoked_at FROM api_keys ORDER BY id'));
    for (const [method, path, body] of changes)
      for (const csrf of [null, '', 'x'.repeat(43), oneCharOff(s.csrfToken)]) {
        const res = await withCookie(s, method, path, { body, csrf });
        expect({ method, path, csrf, status: res.status, code: res.json?.error?.code }).toEqual({
          method,
          path,
          csrf,
          status: 403,
          code: 'CSRF_TOKEN_INVALID',
        });
        expect(res.json.error.message).toContain('X-CSRF-Token');
      }
    expect(JSON.stringify(await t.testDb.db.query('SELECT id, revoked_at FROM api_keys ORDER BY id'))).toBe(before);
    const created = await withCookie(s, 'POST', '/v1/keys', { body: { name: 'made by the console' } });
    expect(created.status).toBe(201);
    expect((await withCookie(s, 'PUT', `/v1/connections/${connA}/mappings`, { body: mappings })).status).toBe(200);
    const revoke = await withCookie(s, 'DELETE', `/v1/keys/${created.json.apiKey.id}`);
    expect(revoke.status).toBe(204);
  });

  it('never reads or writes record data (403, as for the admin key)', async () => {
    const s = await signIn();
    for (const [method, path, body] of [
      ['GET', `/v1/connections/${connA}/records/Account`, undefined],
      ['GET', `/v1/connections/${connA}/records/Account/001000000000001AAA`, undefined],
      ['POST', `/v1/connections/${connA}/writebacks`, { items: [] }],
    ] as const) {
      const res = await withCookie(s, method, path, { body });
      expect({ path, status: res.status, code: res.json.error.code }).toEqual({ path, status: 403, code: 'FORBIDDEN' });
    }
  });

  it("leaves Bearer keys as they were: a connection's key reaches only its connection, cookie or not", async () => {
    const s = await signIn();
    expect((await t.api('GET', `/v1/connections/${connA}`, { key: keyA })).status).toBe(200);
    const other = await t.api('GET', `/v1/connections/${connB}`, { key: keyA, headers: { cookie: s.cookie } });
    expect(other.status).toBe(403);
    expect(other.text).not.toContain('console-b');
    expect((await t.api('GET', '/v1/connections', { key: keyA, headers: { cookie: s.cookie } })).status).toBe(403);
  });

  it('ends the sessions of a revoked admin key at once', async () => {
    const { key, record } = await t.svc.keys.create({ connectionId: null, name: 'short-lived admin' });
    const s = await signIn(key);
    expect(s.body.keyName).toBe('short-lived admin');
    expect((await withCookie(s, 'GET', '/v1/connections')).status).toBe(200);
    expect((await t.api('DELETE', `/v1/keys/${record.id}`)).status).toBe(204);
    const after = await withCookie(s, 'GET', '/v1/connections');
    expect(after.status).toBe(401);
    expect(after.json.error.message).toContain('revoked');
    expect(after.headers.get('set-cookie')).toMatch(/^rox_console=; Max-Age=0/);
    expect(await sessionRow(s.cookie)).toHaveLength(0);
  });

  it('ends a session after the idle timeout, and keeps one that is used', async () => {
    const idle = await signIn();
    const used = await signIn();
    await moveSession(idle.cookie, "last_seen_at = now() - interval '31 minutes'");
    await moveSession(used.cookie, "last_seen_at = now() - interval '29 minutes'");
    const gone = await withCookie(idle, 'GET', '/v1/connections');
    expect(gone.status).toBe(401);
    expect(gone.json.error.message).toContain('30 minutes without activity');
    expect((await withCookie(used, 'GET', '/v1/connections')).status).toBe(200);
    // That request counted as activity: two more idle minutes do not end it.
    await moveSession(used.cookie, "last_seen_at = last_seen_at - interval '2 minutes'");
    expect((await withCookie(used, 'GET', '/v1/connections')).status).toBe(200);
  });

  it('ends a session at its absolute lifetime, however active', async () => {
    const s = await signIn();
    await moveSession(s.cookie, "expires_at = now() - interval '1 second'");
    const res = await withCookie(s, 'GET', '/console/session');
    expect(res.status).toBe(401);
    expect(res.json.error.message).toContain('expired');
  });

  it('cleans up sessions that can no longer be used when another signs in', async () => {
    const old = await signIn();
    await moveSession(old.cookie, "expires_at = now() - interval '1 hour'");
    expect(await sessionRow(old.cookie)).toHaveLength(1);
    await signIn();
    expect(await sessionRow(old.cookie)).toHaveLength(0);
  });
});

describe('one-time sign-in links', () => {
  const link = async () => {
    const res = await t.api('POST', '/v1/console/sign-in-links', { key: t.adminKey });
    expect(res.status).toBe(201);
    return res.json as { url: string; expiresAt: string };
  };
  const open = (url: string) => fetch(url, { redirect: 'manual' });

  it('signs in once, with a cookie, and sends the browser to /console/', async () => {
    const l = await link();
    expect(l.url).toMatch(new RegExp(`^${t.url}/console/sign-in\\?token=[A-Za-z0-9_-]{43}$`));
    const minutes = (Date.parse(l.expiresAt) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(14);
    expect(minutes).toBeLessThanOrEqual(15);
    const first = await open(l.url);
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/console/');
    expect(first.headers.get('referrer-policy')).toBe('no-referrer');
    const cookie = first.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^rox_console=[A-Za-z0-9_-]{43}; Max-Age=28800; Path=\/; HttpOnly; SameSite=Strict$/);
    const session = await t.api('GET', '/console/session', { key: '', headers: { cookie: cookie.split(';')[0] } });
    expect(session.json.keyName).toBe('test admin');
    const again = await open(l.url);
    expect(again.status).toBe(400);
    expect(again.headers.get('content-type')).toContain('text/html');
    expect(again.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(again.headers.get('set-cookie')).toBeNull();
    const page = await again.text();
    expect(page).toContain('already used');
    expect(page).toContain('rox -- console');
    expect(page).not.toContain('<script');
  });

  it('lets exactly one of two requests racing with one link in', async () => {
    for (let round = 0; round < 3; round++) {
      const l = await link();
      const answers = await Promise.all([open(l.url), open(l.url), open(l.url)]);
      expect(answers.map((a) => a.status).sort()).toEqual([303, 400, 400]);
    }
  });

  it('says what is wrong with an expired, unknown or empty link', async () => {
    const l = await link();
    await t.testDb.db.query("UPDATE console_sign_in_links SET expires_at = now() - interval '1 second'");
    const expired = await open(l.url);
    expect(expired.status).toBe(400);
    expect(await expired.text()).toContain('expired');
    const unknown = await open(`${t.url}/console/sign-in?token=${'A'.repeat(43)}`);
    expect(await unknown.text()).toContain('not valid');
    const cut = await open(`${t.url}/console/sign-in?token=abc`);
    expect(cut.status).toBe(400);
    const empty = await open(`${t.url}/console/sign-in`);
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('no token');
  });

  it('is made for the calling admin key, from the console too (with its CSRF token), never for a connection key', async () => {
    const s = await signIn();
    expect((await withCookie(s, 'POST', '/v1/console/sign-in-links', { csrf: null })).status).toBe(403);
    const made = await withCookie(s, 'POST', '/v1/console/sign-in-links');
    expect(made.status).toBe(201);
    expect((await open(made.json.url)).status).toBe(303);
    const conn = await t.api('POST', '/v1/console/sign-in-links', { key: keyA });
    expect(conn.status).toBe(403);
  });

  it('stores link tokens hashed and never logs a secret', async () => {
    const l = await link();
    const token = new URL(l.url).searchParams.get('token')!;
    expect(JSON.stringify(await t.testDb.db.query('SELECT * FROM console_sign_in_links'))).not.toContain(token);
    const res = await open(l.url);
    const secret = res.headers.get('set-cookie')!.split(';')[0].split('=')[1];
    const s = await t.api('GET', '/console/session', { key: '', headers: { cookie: `rox_console=${secret}` } });
    const logs = t.logs.join('');
    expect(logs).toContain('/console/sign-in');
    for (const value of [token, secret, s.json.csrfToken]) expect(logs).not.toContain(value);
  });

  it('prints a working link with `rox console`', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [join(__dirname, '../../bin/rox.js'), 'console'], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ROX_URL: t.url, ROX_ADMIN_KEY: t.adminKey, LOG_LEVEL: 'silent' },
      timeout: 60_000,
    });
    const url = /(http:\/\/\S+\/console\/sign-in\?token=\S+)/.exec(stdout)?.[1];
    expect(url).toBeDefined();
    expect((await open(url!)).status).toBe(303);
  }, 120_000);
});

describe('the console files', () => {
  const get = (path: string) => fetch(`${t.url}${path}`, { redirect: 'manual' });

  it('says how to build the console while CONSOLE_DIR has no index.html (503)', async () => {
    const res = await get('/console/');
    expect(res.status).toBe(503);
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    const page = await res.text();
    expect(page).toContain('npm run build:console');
    expect(page).not.toContain(consoleDir);
  });

  it('serves index.html, scripts, styles, images and fonts with their types and the security headers', async () => {
    writeFileSync(join(consoleDir, 'index.html'), '<!doctype html><script src="app.js" type="module"></script>');
    writeFileSync(join(consoleDir, 'app.js'), 'export {};');
    writeFileSync(join(consoleDir, 'console.css'), 'body{}');
    mkdirSync(join(consoleDir, 'assets'));
    writeFileSync(join(consoleDir, 'assets', 'icons.svg'), '<svg/>');
    writeFileSync(join(consoleDir, 'assets', 'font.woff2'), Buffer.from([0x77, 0x4f, 0x46, 0x32]));
    const to = await get('/console');
    expect(to.status).toBe(302);
    expect(to.headers.get('location')).toBe('/console/');
    const index = await get('/console/');
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('app.js');
    expect(Object.fromEntries(index.headers)).toMatchObject({
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy':
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
    });
    for (const [path, type] of [
      ['/console/index.html', 'text/html; charset=utf-8'],
      ['/console/app.js', 'text/javascript; charset=utf-8'],
      ['/console/console.css', 'text/css; charset=utf-8'],
      ['/console/assets/icons.svg', 'image/svg+xml'],
      ['/console/assets/font.woff2', 'font/woff2'],
    ]) {
      const res = await get(path);
      expect({ path, status: res.status, type: res.headers.get('content-type') }).toEqual({ path, status: 200, type });
      expect(res.headers.get('x-frame-options')).toBe('DENY');
    }
    expect((await get('/console/app.js')).headers.get('cache-control')).toBe('no-cache');
    expect(Buffer.from(await (await get('/console/assets/font.woff2')).arrayBuffer())).toEqual(
      Buffer.from([0x77, 0x4f, 0x46, 0x32]),
    );
  });

  it('serves nothing outside CONSOLE_DIR, no dot file and no unknown file (404)', async () => {
    writeFileSync(join(consoleDir, '.env'), 'SECRET=1');
    symlinkSync(join(dir, 'secret.txt'), join(consoleDir, 'link.txt'));
    for (const path of [
      '/console/..%2fsecret.txt',
      '/console/%2e%2e/secret.txt',
      '/console/%2E%2E%2Fsecret.txt',
      '/console/assets/..%2f..%2fsecret.txt',
      '/console/..%5csecret.txt',
      '/console/%2e%2e%2f%2e%2e%2fpackage.json',
      '/console/assets%2f..%2f..%2fsecret.txt',
      '/console/.env',
      '/console/link.txt',
      '/console/%00',
      '/console/%E0%A4%A',
      '/console/assets',
      '/console/assets/',
      '/console/missing.js',
    ]) {
      const res = await raw('GET', path);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
      expect(res.text).not.toContain('outside the console');
      expect(res.text).not.toContain('SECRET');
      expect(res.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    }
  });
});

it('sends the security headers with the OAuth callback page, which has no script', async () => {
  const created = await t.api('POST', '/v1/connections', { body: { authMethod: 'oauth', name: 'console-oauth' } });
  const done = await completeOAuthInBrowser(t, created.json.authorizeUrl);
  expect(done.status).toBe(200);
  expect(done.text).not.toMatch(/<script/i);
  const res = await fetch(`${t.url}/oauth/callback?state=unknown&code=x`);
  expect(res.status).toBe(400);
  expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  expect(res.headers.get('x-frame-options')).toBe('DENY');
  expect(await res.text()).not.toMatch(/<script/i);
});

it('uses a link once when two instances on one PostgreSQL race for it', async () => {
  const pg = await openTestDb('postgres');
  const second = await openPostgres(pg.url!, { max: 4 });
  try {
    const { record } = await new ApiKeyStore(pg.db).create({ connectionId: null, name: 'race' });
    const stores = [new ConsoleSessionStore(pg.db), new ConsoleSessionStore(second)];
    for (let round = 0; round < 5; round++) {
      const hash = `race-${round}`;
      await stores[0].createLink(hash, record.id, 60);
      const uses = await Promise.all([0, 1, 0, 1].map((i) => stores[i].useLink(hash)));
      expect(uses.filter((u) => u.ok)).toEqual([{ ok: true, keyId: record.id }]);
      expect(uses.filter((u) => !u.ok)).toEqual(Array(3).fill({ ok: false, problem: 'used' }));
    }
  } finally {
    await second.close();
    await pg.drop();
  }
});
