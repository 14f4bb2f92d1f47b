/**
 * A few thousand malformed requests (seeded, so a failure reproduces): bad JSON, wrong types,
 * unknown fields, huge bodies, wrong content types, unknown routes and ids, bad keys. None may get
 * a 5xx, and none may write anything.
 */
import { startCompanion, type TestCompanion } from '../support/companion.js';

let t: TestCompanion;
beforeAll(async () => {
  t = await startCompanion('pglite', { MAX_BODY_BYTES: '4096' });
});
afterAll(() => t.close());

function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

async function counts(): Promise<string> {
  const rows = await t.testDb.db.query<{ t: string; n: number }>(
    `SELECT 'connections' AS t, count(*)::int AS n FROM connections UNION ALL
     SELECT 'api_keys', count(*)::int FROM api_keys UNION ALL
     SELECT 'oauth_flows', count(*)::int FROM oauth_flows UNION ALL
     SELECT 'crm_mappings', count(*)::int FROM crm_mappings`,
  );
  return JSON.stringify(rows);
}

it('answers 3,000 malformed requests with 4xx and writes nothing', async () => {
  const r = rng(42);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
  const junk = (): unknown =>
    pick<() => unknown>([
      () => null,
      () => r() * 1e9,
      () => 'x'.repeat(Math.floor(r() * 200)),
      () => [junk(), junk()],
      () => ({
        [pick(['name', 'authMethod', 'loginUrl', 'privateKey', 'username', 'extra', '__proto__', 'constructor'])]:
          junk(),
      }),
      () => true,
    ])();
  const bodies: Array<() => { raw?: string; body?: unknown; headers?: Record<string, string> }> = [
    () => ({ raw: '{"authMethod":' }),
    () => ({ raw: '\u0000\u0001garbage' }),
    () => ({ raw: 'x'.repeat(5000) }),
    () => ({ raw: '{"a":1}', headers: { 'content-type': 'text/plain' } }),
    () => ({ body: junk() }),
    () => ({ body: { authMethod: pick(['oauth', 'jwt', 'sf_cli', 'saml', 1]), name: junk(), loginUrl: junk() } }),
    () => ({
      body: {
        authMethod: 'oauth',
        name: 'ok-name',
        loginUrl: pick(['ftp://x', 'not a url', 'http://evil.example.com', '']),
      },
    }),
    () => ({ body: { authMethod: 'jwt', name: 'n', username: 'u@x.com', privateKey: 'y'.repeat(200) } }),
    () => ({ body: { version: 2, accounts: junk() } }),
  ];
  const paths = [
    '/v1/connections',
    '/v1/connections/00000000-0000-0000-0000-000000000000',
    '/v1/connections/%00',
    '/v1/connections/x/mappings',
    '/v1/connections/x/keys',
    '/v1/connections/x/doctor?userId=%27;DROP',
    '/v1/keys/zzz',
    '/v1/nothing',
    '/oauth/callback?state=' + 'a'.repeat(50),
    '/openapi.json',
  ];
  const before = await counts();
  const statuses = new Map<number, number>();
  const fails: string[] = [];
  for (let i = 0; i < 3000; i++) {
    const method = pick(['GET', 'POST', 'PUT', 'DELETE', 'PATCH']);
    const path = pick(paths);
    const b = method === 'GET' ? {} : pick(bodies)();
    const key = pick([undefined, undefined, '', 'Bearer x', 'rox_key_000000000000_' + 'A'.repeat(32)]);
    const res = await t.api(method, path, { ...b, key: key === undefined ? undefined : key });
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    if (res.status >= 500)
      fails.push(`${method} ${path} ${JSON.stringify(b).slice(0, 100)} → ${res.status} ${res.text.slice(0, 200)}`);
    if (res.status >= 400 && res.headers.get('content-type')?.includes('json')) {
      expect(typeof res.json.error.code).toBe('string');
      expect(res.text).not.toMatch(/\bat [\w$.]+ \(|node_modules|\.ts:\d+/);
    }
  }
  expect(fails).toEqual([]);
  expect(await counts()).toBe(before);
  expect([...statuses.keys()].every((s) => s < 500)).toBe(true);
}, 300_000); // 5x its quiet 40-49 s: 3,000 requests over HTTP to a store on disk
