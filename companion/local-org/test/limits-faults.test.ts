/**
 * API usage accounting (facts §A10) and fault injection: Sforce-Limit-Info, REQUEST_LIMIT_EXCEEDED,
 * usage per route kind, and every fault kind through jsforce. POST/PATCH are used where jsforce
 * would otherwise retry a GET with back-off; the GET retry test passes jsforce retry options.
 */
import type { Connection } from 'jsforce';
import type { RunningLocalOrg } from '../src/index.js';
import { VERSION, connect, connectWithRefresh, raw, rejection, startOrg, tokenFor } from './helpers.js';

let lo: RunningLocalOrg;
let conn: Connection;

beforeAll(async () => {
  lo = await startOrg({ crmSeed: false });
  conn = connect(lo);
});
afterAll(() => lo.close());
afterEach(() => {
  lo.org.clearFaults();
  lo.org.setApiLimit(15000);
});

describe('API usage', () => {
  it('every counted answer carries Sforce-Limit-Info: api-usage=<used>/<max>, and jsforce reads it', async () => {
    lo.org.resetUsage();
    const res = await raw(lo, 'GET', `/services/data/v${VERSION}/limits`, { token: tokenFor(lo) });
    expect(res.headers.get('sforce-limit-info')).toBe('api-usage=1/15000');
    const err = await raw(lo, 'POST', `/services/data/v${VERSION}/sobjects/Account`, {
      token: tokenFor(lo),
      body: '{}',
    });
    expect(err.status).toBe(400);
    expect(err.headers.get('sforce-limit-info')).toBe('api-usage=2/15000');
    await conn.query('SELECT COUNT() FROM Account');
    expect(conn.limitInfo).toEqual({ apiUsage: { used: 3, limit: 15000 } });
  });

  it('counts per route kind; OAuth, 401s and the versions list are not counted; reset works', async () => {
    lo.org.resetUsage();
    await conn.query('SELECT COUNT() FROM Account');
    await conn.sobject('Account').create([{ Name: 'u1' }, { Name: 'u2' }]);
    await conn.sobject('Account').create({ Name: 'u3' });
    await raw(lo, 'GET', '/services/data/');
    await raw(lo, 'GET', `/services/data/v${VERSION}/limits`, { token: 'bad' });
    const s = lo.org.issueSession(lo.org.users.integration.username);
    await raw(lo, 'POST', '/services/oauth2/token', {
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: s.refreshToken,
        client_id: lo.org.apps[0].clientId,
      }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(lo.org.usageReport()).toMatchObject({
      total: 3,
      byRoute: { query: 1, 'composite/sobjects': 1, sobject: 1 },
      byRouteMethod: { 'POST composite/sobjects': 1 },
    });
    lo.org.resetUsage();
    expect(lo.org.usageReport().total).toBe(0);
  });

  it('once the daily allocation is spent: 403 REQUEST_LIMIT_EXCEEDED "TotalRequests Limit exceeded."', async () => {
    lo.org.resetUsage();
    lo.org.setApiLimit(2);
    await conn.query('SELECT COUNT() FROM Account');
    await conn.query('SELECT COUNT() FROM Account');
    const res = await raw(lo, 'GET', `/services/data/v${VERSION}/limits`, { token: tokenFor(lo) });
    expect(res.status).toBe(403);
    expect(res.json).toEqual([{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]);
    const err = await rejection(conn.sobject('Account').create({ Name: 'over' }));
    expect(err.errorCode).toBe('REQUEST_LIMIT_EXCEEDED');
    expect(lo.org.usageReport().total).toBe(2);
  });
});

describe('faults', () => {
  it('session-expired: jsforce with oauth2 refreshes and retries; the first token really expired', async () => {
    const { conn: c } = connectWithRefresh(lo);
    const old = c.accessToken!;
    const refreshes: string[] = [];
    c.on('refresh', (t: string) => refreshes.push(t));
    lo.org.addFault({ kind: 'session-expired', route: 'query', count: 1 });
    expect((await c.query('SELECT COUNT() FROM Account')).totalSize).toBeGreaterThanOrEqual(0);
    expect(refreshes).toHaveLength(1);
    expect((await raw(lo, 'GET', `/services/data/v${VERSION}/limits`, { token: old })).status).toBe(401);
  });

  it('session-expired without a refresh delegate surfaces INVALID_SESSION_ID', async () => {
    lo.org.addFault({ kind: 'session-expired', count: 1, expireToken: false });
    const err = await rejection(conn.sobject('Account').create({ Name: 'x' }));
    expect(err.errorCode).toBe('INVALID_SESSION_ID');
    await expect(conn.sobject('Account').create({ Name: 'x' })).resolves.toMatchObject({ success: true });
  });

  it('refresh-revoked: the refresh answers invalid_grant and jsforce reports it', async () => {
    const { conn: c } = connectWithRefresh(lo);
    lo.org.addFault({ kind: 'refresh-revoked', count: 1 });
    lo.org.tokens.expireToken(c.accessToken!);
    const err = await rejection(c.query('SELECT COUNT() FROM Account'));
    expect(err.message).toBe('Unable to refresh session due to: expired access/refresh token');
    await expect(c.query('SELECT COUNT() FROM Account')).resolves.toBeDefined();
  });

  it('request-limit: 403 REQUEST_LIMIT_EXCEEDED for the targeted route only', async () => {
    lo.org.addFault({ kind: 'request-limit', route: 'composite/sobjects', count: 1 });
    await expect(conn.sobject('Account').create({ Name: 'fine' })).resolves.toMatchObject({ success: true });
    const err = await rejection(conn.sobject('Account').create([{ Name: 'blocked' }]));
    expect(err.errorCode).toBe('REQUEST_LIMIT_EXCEEDED');
  });

  it('lock-row on a single-record write fails the whole request with UNABLE_TO_LOCK_ROW (HTTP status 400 UNCONFIRMED)', async () => {
    const { id } = (await conn.sobject('Contact').create({ LastName: 'Lock' })) as { id: string };
    lo.org.addFault({ kind: 'lock-row', object: 'Contact', method: 'PATCH', count: 1 });
    const res = await raw(lo, 'PATCH', `/services/data/v${VERSION}/sobjects/Contact/${id}`, {
      token: tokenFor(lo),
      body: '{"Title":"x"}',
    });
    expect(res.status).toBe(400);
    expect(res.json).toEqual([
      {
        message: `unable to obtain exclusive access to this record or 1 records: ${id}`,
        errorCode: 'UNABLE_TO_LOCK_ROW',
        fields: [],
      },
    ]);
    expect(lo.org.get(id)?.Title).toBeNull();
  });

  it('lock-row as a fraction is deterministic for a seed', async () => {
    const run = async () => {
      const local = await startOrg({ crmSeed: false, seed: 42 });
      try {
        local.org.addFault({ kind: 'lock-row', object: 'Account', fraction: 0.5 });
        const res = (await connect(local)
          .sobject('Account')
          .create(Array.from({ length: 20 }, (_, i) => ({ Name: `F${i}` })))) as unknown as Array<{ success: boolean }>;
        return res.map((r) => r.success);
      } finally {
        await local.close();
      }
    };
    const a = await run();
    expect(a).toEqual(await run());
    expect(a.filter((x) => !x).length).toBeGreaterThan(0);
    expect(a.filter((x) => x).length).toBeGreaterThan(0);
  });

  it('unavailable-html: 503 with content-type exactly text/html; jsforce reports its html-content error', async () => {
    lo.org.addFault({ kind: 'unavailable-html', method: 'POST', count: 1 });
    const res = await raw(lo, 'POST', `/services/data/v${VERSION}/sobjects/Account`, {
      token: tokenFor(lo),
      body: '{"Name":"x"}',
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toBe('text/html');
    expect(res.text).toContain('<html>');
    lo.org.addFault({ kind: 'unavailable-html', method: 'POST', count: 1 });
    const err = await rejection(conn.sobject('Account').create({ Name: 'x' }));
    expect(err.message).toMatch(/^HTTP response contains html content/);
  });

  it('jsforce retries a GET after a 503 (retry options shortened for the test)', async () => {
    const fault = lo.org.addFault({ kind: 'unavailable-html', route: 'limits', count: 1 });
    const body = (await conn.request({ method: 'GET', url: '/limits' }, {
      retry: { maxRetries: 2, minTimeout: 5 },
    } as never)) as Record<string, unknown>;
    expect(body.DailyApiRequests).toBeDefined();
    expect(lo.org.faults.list().find((f) => f.id === fault.id)?.fired).toBe(1);
  });

  it('latency delays the answer', async () => {
    lo.org.addFault({ kind: 'latency', latencyMs: 150, count: 1 });
    const t0 = Date.now();
    await conn.sobject('Account').create({ Name: 'slow' });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
  });

  it('drop-connection destroys the socket without an answer', async () => {
    lo.org.addFault({ kind: 'drop-connection', method: 'POST', count: 1 });
    const err = await rejection(conn.sobject('Account').create({ Name: 'dropped' }));
    expect(err.message).toMatch(/socket hang up|ECONNRESET|other side closed|terminated/i);
    expect(lo.org.query(lo.org.users.admin.id, "SELECT Id FROM Account WHERE Name = 'dropped'")).toHaveLength(0);
  });

  it('drop-connection after the work is done commits the write and loses the answer', async () => {
    lo.org.addFault({ kind: 'drop-connection', method: 'POST', phase: 'after', count: 1 });
    const err = await rejection(conn.sobject('Account').create({ Name: 'dropped after' }));
    expect(err.message).toMatch(/socket hang up|ECONNRESET|other side closed|terminated/i);
    expect(lo.org.query(lo.org.users.admin.id, "SELECT Id FROM Account WHERE Name = 'dropped after'")).toHaveLength(1);
  });

  it('two faults meeting one request: the first acts, the second keeps its firing for the next request', async () => {
    const dropped = lo.org.addFault({ kind: 'drop-connection', method: 'POST', count: 1 });
    const limited = lo.org.addFault({ kind: 'request-limit', method: 'POST', count: 1 });
    const first = await rejection(conn.sobject('Account').create({ Name: 'meets both' }));
    expect(first.message).toMatch(/socket hang up|ECONNRESET|other side closed|terminated/i);
    expect(lo.org.faults.list().map((f) => [f.id, f.fired])).toEqual([
      [dropped.id, 1],
      [limited.id, 0],
    ]);
    const second = await rejection(conn.sobject('Account').create({ Name: 'meets the second' }));
    expect(second.errorCode).toBe('REQUEST_LIMIT_EXCEEDED');
    expect(lo.org.faults.list().map((f) => f.fired)).toEqual([1, 1]);
  });

  it('the admin endpoint adds, lists and clears faults and needs the admin token', async () => {
    const denied = await raw(lo, 'POST', '/__local/faults', { body: JSON.stringify({ kind: 'latency' }) });
    expect(denied.status).toBe(401);
    const headers = { 'x-local-admin-token': lo.adminToken };
    const added = await raw(lo, 'POST', '/__local/faults', {
      headers,
      body: JSON.stringify({ kind: 'request-limit', route: 'query', count: 1 }),
    });
    expect(added.status).toBe(201);
    expect(((await raw(lo, 'GET', '/__local/faults', { headers })).json as unknown[]).length).toBe(1);
    const err = await rejection(conn.query('SELECT COUNT() FROM Account'));
    expect(err.errorCode).toBe('REQUEST_LIMIT_EXCEEDED');
    const invalid = await raw(lo, 'POST', '/__local/faults', {
      headers,
      body: JSON.stringify({ kind: 'meteor-strike' }),
    });
    expect(invalid.status).toBe(400);
    expect((await raw(lo, 'DELETE', '/__local/faults', { headers })).status).toBe(204);
    expect((await raw(lo, 'GET', '/__local/faults', { headers })).json).toEqual([]);
  });
});
