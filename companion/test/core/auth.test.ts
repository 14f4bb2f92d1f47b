/**
 * Every route but health needs a key; a connection's key reaches only its own connection; admin
 * keys manage connections; signed requests cannot be replayed; failures change nothing.
 */
import { signingKey, parseApiKey } from '../../src/security/api-keys.js';
import { signRequest } from '../../src/security/request-signature.js';
import { completeOAuthInBrowser, startCompanion, type TestCompanion } from '../support/companion.js';

let t: TestCompanion;
let a: string;
let b: string;
let keyA: string;
let keyB: string;

beforeAll(async () => {
  t = await startCompanion('pglite');
  for (const name of ['tenant-a', 'tenant-b']) {
    const created = await t.api('POST', '/v1/connections', { body: { authMethod: 'oauth', name } });
    await completeOAuthInBrowser(t, created.json.authorizeUrl);
  }
  const list = (await t.api('GET', '/v1/connections')).json.connections as Array<{ id: string; name: string }>;
  a = list.find((c) => c.name === 'tenant-a')!.id;
  b = list.find((c) => c.name === 'tenant-b')!.id;
  keyA = (await t.api('POST', `/v1/connections/${a}/keys`, { body: { name: 'a' } })).json.key;
  keyB = (await t.api('POST', `/v1/connections/${b}/keys`, { body: { name: 'b', requireSignature: true } })).json.key;
});
afterAll(() => t.close());

function signed(key: string, method: string, path: string, body = '', ts = Math.floor(Date.now() / 1000)) {
  const secret = parseApiKey(key)!.secret;
  return {
    'x-rox-timestamp': String(ts),
    'x-rox-signature': signRequest(signingKey(secret), ts, method, path, body),
  };
}

describe('authentication', () => {
  it('answers health without a key and everything else with 401', async () => {
    expect((await t.api('GET', '/healthz', { key: '' })).status).toBe(200);
    expect((await t.api('GET', '/readyz', { key: '' })).json).toMatchObject({ status: 'ready', store: 'pglite' });
    for (const [method, path] of [
      ['GET', '/v1/connections'],
      ['GET', `/v1/connections/${a}`],
      ['GET', '/metrics'],
      ['DELETE', `/v1/connections/${a}`],
    ]) {
      const res = await t.api(method, path, { key: '' });
      expect(res.status).toBe(401);
      expect(res.json.error.code).toBe('UNAUTHENTICATED');
    }
    const wrong = await t.api('GET', `/v1/connections/${a}`, { key: keyA.slice(0, -4) + 'AAAA' });
    expect(wrong.status).toBe(401);
    const garbage = await t.api('GET', `/v1/connections/${a}`, { key: 'not-a-key' });
    expect(garbage.json.error.message).toContain('rox_key_');
  });

  it("keeps each connection's key to its own connection", async () => {
    expect((await t.api('GET', `/v1/connections/${a}`, { key: keyA })).status).toBe(200);
    const other = await t.api('GET', `/v1/connections/${b}`, { key: keyA });
    expect(other.status).toBe(403);
    expect(other.json.error.code).toBe('FORBIDDEN');
    expect(other.text).not.toContain('tenant-b');
    expect((await t.api('GET', `/v1/connections/${b}/mappings`, { key: keyA })).status).toBe(403);
    expect((await t.api('GET', '/v1/connections', { key: keyA })).status).toBe(403);
    const del = await t.api('DELETE', `/v1/connections/${b}`, { key: keyA });
    expect(del.status).toBe(403);
    expect((await t.api('GET', `/v1/connections/${b}`)).json.state).toBe('Ready');
    expect((await t.api('POST', `/v1/connections/${a}/keys`, { key: keyA, body: { name: 'x' } })).status).toBe(403);
  });

  it('accepts a signed request once and refuses its replay; a signature-only key refuses unsigned calls', async () => {
    const path = `/v1/connections/${b}`;
    const unsigned = await t.api('GET', path, { key: keyB });
    expect(unsigned.status).toBe(401);
    expect(unsigned.json.error.code).toBe('SIGNATURE_INVALID');
    const headers = signed(keyB, 'GET', path);
    expect((await t.api('GET', path, { key: keyB, headers })).status).toBe(200);
    const replay = await t.api('GET', path, { key: keyB, headers });
    expect(replay.status).toBe(401);
    expect(replay.json.error.code).toBe('SIGNATURE_REPLAYED');
    const old = await t.api('GET', path, {
      key: keyB,
      headers: signed(keyB, 'GET', path, '', Math.floor(Date.now() / 1000) - 3600),
    });
    expect(old.json.error.code).toBe('SIGNATURE_INVALID');
    expect(old.json.error.message).toContain('away from the server clock');
    const tampered = signed(keyB, 'GET', `/v1/connections/${a}`);
    expect((await t.api('GET', path, { key: keyB, headers: tampered })).json.error.code).toBe('SIGNATURE_INVALID');
  });

  it('refuses a revoked key', async () => {
    const created = await t.api('POST', `/v1/connections/${a}/keys`, { body: { name: 'temp' } });
    expect((await t.api('GET', `/v1/connections/${a}`, { key: created.json.key })).status).toBe(200);
    expect((await t.api('DELETE', `/v1/keys/${created.json.apiKey.id}`)).status).toBe(204);
    const res = await t.api('GET', `/v1/connections/${a}`, { key: created.json.key });
    expect(res.status).toBe(401);
    expect(res.json.error.message).toContain('revoked');
    const listed = (await t.api('GET', `/v1/connections/${a}/keys`)).json.keys;
    expect(JSON.stringify(listed)).not.toContain(parseApiKey(created.json.key)!.secret);
  });

  it('serves the OpenAPI document to anyone and Prometheus metrics to admin keys', async () => {
    const doc = await t.api('GET', '/openapi.json', { key: '' });
    expect(doc.json.openapi).toBe('3.1.0');
    expect(Object.keys(doc.json.paths)).toEqual(
      expect.arrayContaining(['/v1/connections', '/v1/connections/{id}/mappings']),
    );
    expect(doc.json.paths['/v1/connections'].post.requestBody.content['application/json'].schema).toBeDefined();
    const metrics = await t.api('GET', '/metrics');
    expect(metrics.text).toContain('rox_companion_http_requests_total');
    expect(metrics.text).toMatch(/rox_companion_connections\{state="ready"\} 2/);
    expect((await t.api('GET', '/metrics', { key: keyA })).status).toBe(403);
  });
});
