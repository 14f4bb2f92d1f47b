/**
 * The access table, walked: every route the service serves gets a request from every kind of
 * caller (no key, a wrong, revoked, admin, this connection's or another connection's key, a
 * signature-required key without, with a bad, an old or a replayed signature, and a signed-in admin
 * console: its cookie and CSRF token, no Authorization header). The answer must be
 * the table's, and a refused request must leave the store exactly as it was. The README's access
 * table must be the generated one.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type Answer, CALLERS, type Caller, accessTableMarkdown, answer } from '../../src/http/auth-rules.js';
import type { RouteSpec } from '../../src/http/route-spec.js';
import { parseApiKey, signingKey } from '../../src/security/api-keys.js';
import { signRequest } from '../../src/security/request-signature.js';
import { startCompanion, type TestCompanion } from '../support/companion.js';
import { drainNow, readyConnection, submit } from '../support/writeback.js';

let t: TestCompanion;
let a: string;
let keys: { own: string; other: string; revoked: string; signed: string; victimId: string };
let consoleSession: { cookie: string; csrfToken: string };

beforeAll(async () => {
  t = await startCompanion('pglite');
  a = await readyConnection(t, 'access-a');
  const b = await readyConnection(t, 'access-b');
  const make = async (connectionId: string | null, name: string, requireSignature = false) =>
    t.svc.keys.create({ connectionId, name, requireSignature });
  const revoked = await make(a, 'revoked');
  await t.svc.keys.revoke(revoked.record.id);
  keys = {
    own: (await make(a, 'own')).key,
    other: (await make(b, 'other')).key,
    revoked: revoked.key,
    signed: (await make(a, 'signed', true)).key,
    victimId: (await make(b, 'victim')).record.id,
  };
  const signIn = await t.api('POST', '/console/session', { key: '', body: { key: t.adminKey } });
  expect(signIn.status).toBe(200);
  consoleSession = {
    cookie: signIn.headers.get('set-cookie')!.split(';')[0],
    csrfToken: signIn.json.csrfToken,
  };
}, 120_000);
afterAll(() => t.close());

const TABLES = [
  'connections',
  'api_keys',
  'oauth_flows',
  'crm_mappings',
  'connection_events',
  'writebacks',
  'id_mappings',
  'field_state',
  'lead_claims',
  'person_emails',
  'sync_objects',
  'synced_records',
  'sync_inflight',
  'sync_leases',
  'sync_id_scan',
  'record_state',
  'console_sessions',
  'console_sign_in_links',
];

/** Everything the store holds but the replay guard's memory of signatures. */
async function snapshot(): Promise<string> {
  const parts: string[] = [];
  for (const table of TABLES) {
    const rows = await t.testDb.db.query<Record<string, unknown>>(`SELECT * FROM ${table}`);
    parts.push(`${table}:${JSON.stringify(rows.map((r) => JSON.stringify(r)).sort())}`);
  }
  return parts.join('\n');
}

function concretePath(route: RouteSpec<any>): string {
  const values: Record<string, string> = {
    id: a,
    keyId: keys.victimId,
    sobject: 'Account',
    recordId: '001000000000001AAA',
    roxId: 'rox-access-1',
    writebackId: randomUUID(),
  };
  return route.path.replace(/:([A-Za-z]+)/g, (_, name: string) => values[name]);
}

function signedHeaders(method: string, path: string, body: string, opts: { ts?: number; signPath?: string } = {}) {
  const ts = opts.ts ?? Math.floor(Date.now() / 1000);
  const secret = parseApiKey(keys.signed)!.secret;
  return {
    'x-rox-timestamp': String(ts),
    'x-rox-signature': signRequest(signingKey(secret), ts, method, opts.signPath ?? path, body),
  };
}

/** Sends one route a request as one kind of caller; a replay first sends the valid request. */
async function send(route: RouteSpec<any>, caller: Caller, before?: () => Promise<void>) {
  const method = route.method.toUpperCase();
  const path = concretePath(route);
  const raw = ['POST', 'PUT', 'PATCH'].includes(method) ? '{}' : undefined;
  const body = raw ?? '';
  const req = (key: string, headers: Record<string, string> = {}) => t.api(method, path, { key, raw, headers });
  switch (caller) {
    case 'no key':
      return req('');
    case 'wrong key':
      return req(`${keys.own.slice(0, -4)}AAAA`);
    case 'revoked key':
      return req(keys.revoked);
    case 'admin key':
      return req(t.adminKey);
    case "this connection's key":
      return req(keys.own);
    case "another connection's key":
      return req(keys.other);
    case 'signed key, no signature':
      return req(keys.signed);
    case 'signed key, bad signature':
      return req(keys.signed, signedHeaders(method, path, body, { signPath: `${path}/other` }));
    case 'signed key, old signature':
      return req(keys.signed, signedHeaders(method, path, body, { ts: Math.floor(Date.now() / 1000) - 3600 }));
    case 'signed key, replayed signature': {
      const headers = signedHeaders(method, path, body);
      // The first time, the signed key gets what this connection's key gets.
      const first = await req(keys.signed, headers);
      check(route, caller, answer(route.auth, "this connection's key", !!route.adminView), first);
      await before?.();
      return req(keys.signed, headers);
    }
    case 'console session':
      return req('', { cookie: consoleSession.cookie, 'x-csrf-token': consoleSession.csrfToken });
  }
}

function check(route: RouteSpec<any>, caller: Caller, expected: Answer, res: { status: number; json: any }) {
  const seen = { route: `${route.method.toUpperCase()} ${route.path}`, caller, status: res.status };
  if (expected.startsWith('allowed')) {
    expect(seen).not.toMatchObject({ status: 401 });
    expect(seen).not.toMatchObject({ status: 403 });
    expect(res.status).toBeLessThan(500);
    return;
  }
  const [status, code] = expected.split(' ');
  expect({ ...seen, code: res.json?.error?.code }).toEqual({ ...seen, status: Number(status), code });
}

// Routes that delete or start over what the rest of the walk needs go last.
const LAST = [
  'DELETE /v1/keys/:keyId',
  'POST /v1/connections/:id/reauthorize',
  'DELETE /v1/connections/:id',
  'DELETE /console/session',
];
const ordered = () =>
  [...t.svc.routes].sort(
    (x, y) =>
      LAST.indexOf(`${x.method.toUpperCase()} ${x.path}`) - LAST.indexOf(`${y.method.toUpperCase()} ${y.path}`),
  );

it("accepts a request signed by the README's shell recipe", async () => {
  const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');
  const recipe = /```sh\n(secret=[\s\S]*?)```/.exec(readme)?.[1];
  expect(recipe).toBeDefined();
  // The recipe's curl calls this process: run it without blocking the event loop.
  const { stdout: out } = await promisify(execFile)('bash', ['-c', `${recipe!.trimEnd()} -s`], {
    env: { ...process.env, ROX_KEY: keys.signed, ID: a, URL: t.url },
    encoding: 'utf8',
  });
  // The signature is accepted; the empty item list is what the API then refuses.
  expect(JSON.parse(out).error).toMatchObject({ code: 'VALIDATION_FAILED' });
  expect(out).toContain('items');
});

it('refuses every caller the table refuses, with its answer, and writes nothing', async () => {
  let refused = 0;
  for (const route of ordered())
    for (const caller of CALLERS) {
      const expected = answer(route.auth, caller, !!route.adminView);
      if (expected.startsWith('allowed')) continue;
      if (process.env.ACCESS_DEBUG) process.stderr.write(`${route.method} ${route.path} ${caller}\n`);
      let before = await snapshot();
      const res = await send(route, caller, async () => {
        before = await snapshot();
      });
      check(route, caller, expected, res);
      expect({ route: route.path, caller, store: await snapshot() }).toEqual({ route: route.path, caller, store: before });
      refused++;
    }
  // Each keyed route refuses at least the three bad keys, the four bad signatures and the other connection.
  const keyed = t.svc.routes.filter((r) => r.auth !== 'none').length;
  expect(keyed).toBeGreaterThan(20);
  expect(refused).toBeGreaterThanOrEqual(keyed * 8);
}, 120_000);

it('lets every caller the table allows through', async () => {
  const allowed: string[] = [];
  for (const route of ordered())
    for (const caller of CALLERS) {
      const expected = answer(route.auth, caller, !!route.adminView);
      if (!expected.startsWith('allowed')) continue;
      // Public routes ignore keys; two kinds of caller stand for all of them.
      if (route.auth === 'none' && caller !== 'no key' && caller !== 'wrong key') continue;
      if (process.env.ACCESS_DEBUG) process.stderr.write(`${route.method} ${route.path} ${caller}\n`);
      check(route, caller, expected, await send(route, caller));
      allowed.push(`${route.method} ${route.path} ${caller}`);
    }
  expect(allowed.length).toBeGreaterThan(40);
}, 120_000);

it('shows an admin key the ledger without the values written', async () => {
  const c = await readyConnection(t, 'access-ledger');
  const id = t.lo.org.insert('Account', { Name: 'Ledger view' }, t.lo.org.users.integration.id);
  const sent = await submit(t, c, [
    {
      type: 'update',
      object: 'Account',
      roxId: 'ledger-1',
      salesforceId: id,
      changedAt: new Date(Date.now() + 60_000).toISOString(),
      fields: { phone: '+1 555 0199 secret' },
    },
  ]);
  expect(sent.status).toBe(202);
  await drainNow(t, c);
  const own = await t.api('GET', `/v1/connections/${c}/writebacks`);
  expect(own.json.items[0].outcome.written).toEqual({ Phone: '+1 555 0199 secret' });
  const admin = await t.api('GET', `/v1/connections/${c}/writebacks`, { key: t.adminKey });
  expect(admin.status).toBe(200);
  expect(admin.json.items[0]).toMatchObject({ state: 'written', outcome: { written: ['Phone'] } });
  expect(admin.text).not.toContain('0199');
  const one = await t.api('GET', `/v1/connections/${c}/writebacks/${own.json.items[0].id}`, { key: t.adminKey });
  expect(one.text).not.toContain('0199');
  const records = await t.api('GET', `/v1/connections/${c}/records/Account`, { key: t.adminKey });
  expect(records.status).toBe(403);
  expect(records.json.error.message).toContain("use this connection's key");
});

it('serves the OpenAPI document without a key', async () => {
  const doc = await t.api('GET', '/openapi.json', { key: '' });
  expect(doc.status).toBe(200);
  expect(doc.json.paths['/openapi.json'].get.security).toEqual([]);
  expect(doc.json.paths['/v1/connections/{id}/records/{sobject}'].get.security).toEqual([{ apiKey: [] }]);
});

it("keeps the README's access table the generated one", () => {
  const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');
  expect(readme).toContain(accessTableMarkdown(t.svc.routes));
});
