/**
 * API additions the admin console reads, on both engines: the writeback ledger filtered by
 * Salesforce object and by the time a writeback was accepted (bad values refused by name), and the
 * sync status answer checked against the schema the route documents in /openapi.json.
 */
import type { z } from 'zod';
import { ENGINES } from '../support/engines.js';
import { startCompanion, type TestCompanion } from '../support/companion.js';
import { readyConnection, submit } from '../support/writeback.js';

describe.each(ENGINES)('console API on %s', (engine) => {
  let t: TestCompanion;
  let conn: string;
  const ids: Record<string, string[]> = {};

  const update = (object: string, roxId: string, fields: Record<string, unknown>) => ({
    type: 'update',
    object,
    roxId,
    salesforceId: object === 'Account' ? '001000000000001AAA' : '003000000000001AAA',
    changedAt: '2026-01-01T00:00:00Z',
    fields,
  });
  const activity = (kind: 'email' | 'meeting', roxActivityId: string) => ({
    type: 'activity',
    activity: {
      kind,
      roxActivityId,
      subject: `About ${roxActivityId}`,
      occurredAt: '2026-01-01T10:00:00Z',
      ...(kind === 'meeting' ? { endAt: '2026-01-01T10:30:00Z' } : { direction: 'outbound' }),
      participants: kind === 'email' ? [{ email: 'pat@acme.example', role: 'to' }] : [],
    },
  });
  /** Submits one request and dates its rows as accepted at `at`. */
  async function accepted(name: string, at: string, items: unknown[]) {
    const res = await submit(t, conn, items);
    expect(res.status).toBe(202);
    ids[name] = res.json.items.map((i: { id: string }) => i.id);
    await t.testDb.db.query('UPDATE writebacks SET created_at = $2 WHERE request_id = $1', [res.json.requestId, at]);
  }
  const page = async (query: string, key?: string) => {
    const res = await t.api('GET', `/v1/connections/${conn}/writebacks?${query}`, key ? { key } : {});
    expect({ query, status: res.status }).toEqual({ query, status: 200 });
    return res.json as { items: Array<{ id: string; object: string; createdAt: string }>; next: number | null };
  };
  const idsOf = async (query: string) => (await page(query)).items.map((i) => i.id);

  beforeAll(async () => {
    t = await startCompanion(engine);
    conn = await readyConnection(t, 'console', (m) => {
      m.activities.writeback.email = true;
      m.activities.writeback.meetingsAsEvents = true;
    });
    // Nothing drains here (the worker is not started): the rows stay queued, as accepted.
    await accepted('jan1', '2026-01-01T09:00:00Z', [
      update('Account', 'a-1', { phone: '+1 555 0100' }),
      activity('email', 'e-1'),
    ]);
    await accepted('jan2', '2026-01-02T09:00:00Z', [
      update('Contact', 'c-1', { title: 'CTO' }),
      activity('meeting', 'm-1'),
    ]);
    await accepted('jan3', '2026-01-03T09:00:00Z', [update('Account', 'a-2', { phone: '+1 555 0101' })]);
  });
  afterAll(() => t.close());

  it('filters the ledger by the Salesforce object written, in any spelling', async () => {
    expect(await idsOf('sobject=Account')).toEqual([ids.jan1[0], ids.jan3[0]]);
    expect(await idsOf('sobject=task')).toEqual([ids.jan1[1]]);
    expect(await idsOf('sobject=Event')).toEqual([ids.jan2[1]]);
    expect((await page('sobject=Event')).items[0].object).toBe('Event');
    expect(await idsOf('sobject=Lead')).toEqual([]);
    // With the other filters and paging.
    expect(await idsOf('sobject=Account&state=queued&limit=1')).toEqual([ids.jan1[0]]);
    const first = await page('sobject=Account&limit=1');
    expect(await idsOf(`sobject=Account&limit=1&after=${first.next}`)).toEqual([ids.jan3[0]]);
    // An admin key sees the same rows (without their values).
    const admin = await page('sobject=Account', t.adminKey);
    expect(admin.items.map((i) => i.id)).toEqual([ids.jan1[0], ids.jan3[0]]);
  });

  it('filters the ledger by when a writeback was accepted: since inclusive, until exclusive', async () => {
    const all = [...ids.jan1, ...ids.jan2, ...ids.jan3];
    expect(await idsOf('')).toEqual(all);
    expect(await idsOf('since=2026-01-02T09:00:00Z')).toEqual([...ids.jan2, ...ids.jan3]);
    expect(await idsOf('until=2026-01-02T09:00:00Z')).toEqual(ids.jan1);
    expect(await idsOf('since=2026-01-01T12:00:00Z&until=2026-01-02T12:00:00Z')).toEqual(ids.jan2);
    // Any zone, and fractions of a second.
    expect(await idsOf('since=2026-01-02T10:00:00%2B01:00&until=2026-01-03T09:00:00.001Z')).toEqual([
      ...ids.jan2,
      ...ids.jan3,
    ]);
    expect(await idsOf('since=2026-01-02T09:00:00.001Z&until=2026-01-03T04:00:00.001-05:00')).toEqual(ids.jan3);
    expect(await idsOf('since=2026-01-01T00:00:00Z&until=2026-01-04T00:00:00Z&sobject=Account')).toEqual([
      ids.jan1[0],
      ids.jan3[0],
    ]);
    expect((await page('since=2026-01-03T00:00:00Z')).items[0].createdAt).toBe('2026-01-03T09:00:00.000Z');
  });

  it('refuses a bad filter with a 400 that names the parameter, and no 500 for any', async () => {
    const cases: Array<[string, RegExp]> = [
      ['since=yesterday', /query parameter since must be an ISO 8601 date-time/],
      ['until=2026-02-30T00:00:00Z', /query parameter until must be an ISO 8601 date-time/],
      ['since=2026-01-01T00:00:00', /query parameter since .*with a time zone/],
      ['until=2026-01-01', /query parameter until/],
      ['since=2026-01-01T24:00:00Z', /query parameter since/],
      ['since=2026-00-10T00:00:00Z', /query parameter since/],
      ['since=', /query parameter since/],
      ['since=2026-01-02T10:00:00+01:00', /send a \+ in a query string as %2B/],
      ['since=2026-01-01T00:00:00Z&since=2026-01-02T00:00:00Z', /query parameter since must be given once/],
      [
        'since=2026-01-02T00:00:00Z&until=2026-01-01T00:00:00Z',
        /since \(2026-01-02T00:00:00.000Z\) must be before until/,
      ],
      ['sobject=Acc-ount', /sobject must be a Salesforce object API name/],
      ['sobject=', /sobject must be a Salesforce object API name/],
      ['sobject=Account&sobject=Task', /query parameter sobject must be given once/],
      ['state=done', /state must be one of/],
    ];
    for (const [query, message] of cases) {
      const res = await t.api('GET', `/v1/connections/${conn}/writebacks?${query}`);
      expect({ query, status: res.status, code: res.json.error.code }).toEqual({
        query,
        status: 400,
        code: 'VALIDATION_FAILED',
      });
      expect(res.json.error.message).toMatch(message);
    }
  });

  it('answers sync status in the shape /openapi.json documents, before and after a run', async () => {
    const route = t.svc.routes.find((r) => r.method === 'get' && r.path === '/v1/connections/:id/sync')!;
    const schema = route.responses[200].schema as z.ZodType;
    expect(schema).toBeDefined();
    const before = await t.api('GET', `/v1/connections/${conn}/sync`);
    expect(schema.parse(before.json)).toEqual(before.json);
    expect(before.json.objects.find((o: { object: string }) => o.object === 'Account')).toMatchObject({
      lastRunAt: null,
      lagSeconds: null,
      rows: 0,
      apiCalls: 0,
      error: null,
    });

    t.lo.org.insert('Account', { Name: 'Synced for status' }, t.lo.org.users.admin.id);
    expect((await t.api('POST', `/v1/connections/${conn}/sync`)).status).toBe(200);
    const after = await t.api('GET', `/v1/connections/${conn}/sync`);
    expect(schema.parse(after.json)).toEqual(after.json);
    const account = after.json.objects.find((o: { object: string }) => o.object === 'Account');
    expect(account).toMatchObject({ rows: 1, error: null, lastRunAt: expect.any(String) });
    expect(account.apiCalls).toBeGreaterThan(0);
    expect(account.lagSeconds).toEqual(expect.any(Number));

    const running = await t.api('GET', `/v1/connections/${conn}/sync?view=running`);
    expect(running.json).toEqual({ running: null });
    expect(schema.parse(running.json)).toEqual(running.json);
    // The documented schema is the one served.
    const doc = await t.api('GET', '/openapi.json', { key: '' });
    const documented = doc.json.paths['/v1/connections/{id}/sync'].get.responses['200'].content['application/json'];
    expect(JSON.stringify(documented.schema)).toContain('lagSeconds');
  });
});
