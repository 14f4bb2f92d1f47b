/**
 * Back-off at the API limit, on both engines. Inside a run, sync slows down within 10 points of
 * its share of the daily allocation and stops at the share, keeping the pages it saved; the next
 * run resumes from there. Before a run, when no recent Sforce-Limit-Info is known, the scheduler
 * asks /limits.
 */
import { SyncStore } from '../../src/store/sync-store.js';
import type { SyncService } from '../../src/sync/sync-service.js';
import { ENGINES } from '../support/engines.js';
import { startCompanion, type TestCompanion } from '../support/companion.js';
import { syncing, syncService } from '../support/sync.js';
import { readyConnection } from '../support/writeback.js';

describe.each(ENGINES)('API budget on %s', (engine) => {
  let t: TestCompanion;
  let store: SyncStore;
  let sync: SyncService;
  const conns: Record<string, string> = {};

  beforeAll(async () => {
    t = await startCompanion(engine, { SYNC_INTERVAL_SECONDS: '60' });
    store = new SyncStore(t.testDb.db);
    sync = syncService(t, { bulkThreshold: Number.MAX_SAFE_INTEGER, apiShare: 0.9, budgetPauseMs: 20 });
    for (const name of ['slow', 'stop', 'stale']) conns[name] = await readyConnection(t, name, syncing('accounts'));
    // Five groups of 1,800, ten minutes apart: a run resumed from a saved cursor re-reads only
    // from that cursor's group (less the 5-minute overlap), not everything.
    const owner = t.lo.org.users.integration.id;
    for (let i = 0; i < 9000; i++) {
      if (i % 1800 === 0) t.lo.org.clock.advance(10 * 60_000);
      t.lo.org.insert('Account', { Name: `Budget ${i}` }, owner);
    }
  });
  afterAll(() => t.close());

  it('slows down within 10 points of the sync share', async () => {
    const conn = conns.slow;
    t.lo.org.setApiLimit(100_000, 85_000); // 85%: inside the slow band, under the 90% share
    const [run] = await sync.runConnection(conn);
    t.lo.org.setApiLimit(100_000, 0);
    expect(run.error).toBeUndefined();
    expect(run.throttledMs).toBeGreaterThanOrEqual(5 * 20); // a pause before each of the 5 pages
    expect((await store.count(conn, 'Account')).live).toBe(
      t.lo.org.query(t.lo.org.users.admin.id, 'SELECT Id FROM Account').length,
    );
  });

  it('stops at the sync share keeping its pages, and the next run resumes from them', async () => {
    const conn = conns.stop;
    t.lo.org.setApiLimit(10_000, 8_996); // crosses 90% a few calls into the run
    const [stopped] = await sync.runConnection(conn);
    expect(stopped.error).toMatch(/Sync paused at \d+ of 10000 daily API calls/);
    const kept = (await store.count(conn, 'Account')).live;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(9000);
    expect((await store.state(conn, 'Account'))?.cursorModstamp).not.toBeNull();

    t.lo.org.setApiLimit(10_000, 0);
    t.lo.org.resetUsage();
    const [resumed] = await sync.runConnection(conn);
    expect(resumed.error).toBeUndefined();
    expect(resumed.rows).toBeLessThan(9000); // from the saved cursor, not from the start
    expect((await store.count(conn, 'Account')).live).toBeGreaterThanOrEqual(9000);
  });

  it('asks /limits before a run when no recent usage is known, and waits when over the share', async () => {
    const conn = conns.stale;
    for (const c of await t.svc.connections.list())
      await (
        t.svc as unknown as { connectionStore: { recordUsage: (id: string, u: unknown) => Promise<void> } }
      ).connectionStore.recordUsage(c.id, {
        used: 0,
        max: 100_000,
        at: new Date(Date.now() - 3_600_000).toISOString(),
      });
    t.lo.org.resetUsage();
    t.lo.org.setApiLimit(100_000, 95_000);
    expect(await t.svc.scheduler.tick(Date.now() + 3_600_000)).not.toContain(conn);
    expect(t.lo.org.usage().byRouteMethod['GET limits']).toBeGreaterThanOrEqual(1);
    t.lo.org.setApiLimit(100_000, 0);
  });
});
