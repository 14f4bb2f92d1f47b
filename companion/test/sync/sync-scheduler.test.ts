/**
 * The schedule and the shared API budget: a connection is synced when its interval has passed,
 * not before; near the daily limit sync waits while writeback still sends.
 */
import { SyncStore } from '../../src/store/sync-store.js';
import { ENGINES } from '../support/engines.js';
import { startCompanion, type TestCompanion } from '../support/companion.js';
import { syncing } from '../support/sync.js';
import { drainNow, ledger, readyConnection, submit } from '../support/writeback.js';

describe.each(ENGINES)('sync scheduler on %s', (engine) => {
  let t: TestCompanion;
  let conn: string;
  beforeAll(async () => {
    t = await startCompanion(engine, { SYNC_INTERVAL_SECONDS: '300' });
    conn = await readyConnection(t, 'scheduled', syncing('accounts', 'contacts'));
  });
  afterAll(() => t.close());

  it('syncs a connection when its interval has passed, not before', async () => {
    t.lo.org.insert('Account', { Name: 'Scheduled' }, t.lo.org.users.integration.id);
    expect(await t.svc.scheduler.tick()).toEqual([conn]);
    expect((await t.api('GET', `/v1/connections/${conn}`)).json.lastSyncAt).not.toBeNull();
    expect(await t.svc.scheduler.tick()).toEqual([]);
    expect(await t.svc.scheduler.tick(Date.now() + 301_000)).toEqual([conn]);
  });

  it('keeps each object on its own schedule: a tab with syncIntervalMinutes runs more often than the default', async () => {
    const view = (await t.api('GET', `/v1/connections/${conn}/mappings`)).json;
    const saved = await t.api('PUT', `/v1/connections/${conn}/mappings`, {
      body: { ...view.config, accounts: { ...view.config.accounts, syncIntervalMinutes: 1 } },
    });
    expect(saved.status).toBe(200);
    const store = new SyncStore(t.testDb.db);
    const before = { account: await store.state(conn, 'Account'), contact: await store.state(conn, 'Contact') };
    await new Promise((r) => setTimeout(r, 20));
    expect(await t.svc.scheduler.tick(Date.now() + 61_000)).toEqual([conn]);
    expect((await store.state(conn, 'Account'))?.lastRunAt).not.toBe(before.account?.lastRunAt);
    expect((await store.state(conn, 'Contact'))?.lastRunAt).toBe(before.contact?.lastRunAt); // 5 minutes: not yet
    const bad = await t.api('PUT', `/v1/connections/${conn}/mappings`, {
      body: { ...view.config, accounts: { ...view.config.accounts, syncIntervalMinutes: 0 } },
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/syncIntervalMinutes/);
  });

  it('keeps the last of the API budget for writeback: sync waits above 90%, writeback still sends', async () => {
    t.lo.org.setApiLimit(15000, 13800); // 92%
    await t.api('POST', `/v1/connections/${conn}/verify`);
    expect(await t.svc.scheduler.tick(Date.now() + 3_600_000)).toEqual([]);
    const id = t.lo.org.insert('Account', { Name: 'Priority' }, t.lo.org.users.integration.id);
    const changedAt = new Date(Math.max(t.lo.org.clock.nowMs(), t.lo.org.clock.lastWriteMs) + 1000).toISOString();
    const res = await submit(t, conn, [
      { type: 'update', object: 'Account', roxId: 'prio', salesforceId: id, changedAt, fields: { phone: 'P' } },
    ]);
    await drainNow(t, conn);
    expect((await ledger(t, conn, `&requestId=${res.json.requestId}`)).items[0].state).toBe('written');
    t.lo.org.setApiLimit(15000, 0);
  });
});
