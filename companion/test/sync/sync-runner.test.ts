/**
 * The incremental sync cursor on both engines, against a local org that stamps at whole seconds
 * (so many records share one SystemModstamp, as in a real org): a backfill in 2,000-row pages,
 * a crash mid-run that resumes after the last saved page, changes made while a run is in
 * progress, and deletes as tombstones — no row missed, none duplicated.
 */
import { SyncStore } from '../../src/store/sync-store.js';
import { syncObject } from '../../src/sync/sync-runner.js';
import { ENGINES } from '../support/engines.js';
import { startCompanion, type TestCompanion } from '../support/companion.js';
import { readyConnection } from '../support/writeback.js';

describe.each(ENGINES)('sync runner on %s', (engine) => {
  let t: TestCompanion;
  let conn: string;
  let store: SyncStore;
  const run = async (sobject: string, fields: string[], overlapMs?: number) =>
    syncObject(await t.svc.connections.client(conn), store, conn, sobject, fields, { overlapMs });

  beforeAll(async () => {
    t = await startCompanion(engine, {}, { clock: { resolution: 'second' } });
    conn = await readyConnection(t, 'sync');
    store = new SyncStore(t.testDb.db);
  });
  afterAll(() => t.close());

  it('backfills every row in pages though thousands share a SystemModstamp, and resumes after a crash', async () => {
    const owner = t.lo.org.users.integration.id;
    for (let i = 0; i < 4500; i++) {
      if (i % 500 === 0) t.lo.org.clock.advance(1000); // 500 records per second
      t.lo.org.insert('Contact', { LastName: `Sync ${i}`, Email: `s${i}@sync.example` }, owner);
    }
    const stamps = new Set(t.lo.org.query(owner, 'SELECT SystemModstamp FROM Contact').map((r) => r.SystemModstamp));
    expect(stamps.size).toBeLessThanOrEqual(10); // ties: 500 records share each whole-second stamp
    // The run dies on its second page (REQUEST_LIMIT_EXCEEDED: jsforce itself retries resets and 5xx).
    t.lo.org.addFault({ kind: 'request-limit', route: 'query', method: 'GET', count: 1 });
    await expect(run('Contact', ['LastName', 'Email'], 0)).rejects.toBeDefined();
    t.lo.org.clearFaults();
    expect((await store.count(conn, 'Contact')).live).toBe(2000);
    expect((await store.state(conn, 'Contact'))?.lastError).toBeTruthy();

    const resumed = await run('Contact', ['LastName', 'Email'], 0);
    expect(resumed.rows).toBeLessThan(4500); // resumed from the saved cursor, not from the start
    expect((await store.count(conn, 'Contact')).live).toBe(4500);
    expect((await store.state(conn, 'Contact'))?.lastError).toBeNull();
  });

  it('picks up changes made during a run, and deletes as tombstones, on the next run', async () => {
    const owner = t.lo.org.users.integration.id;
    const ids = Array.from({ length: 2500 }, (_, i) => t.lo.org.insert('Account', { Name: `Acct ${i}` }, owner));
    await run('Account', ['Name']);
    // While the next run waits on its second page, someone edits a record it already read.
    t.lo.org.update('Account', ids[0], { Name: 'Acct 0 (edited in the first run)' }, t.lo.org.users.admin.id);
    t.lo.org.addFault({ kind: 'latency', route: 'query', method: 'GET', latencyMs: 200, count: 1 });
    const running = run('Account', ['Name']);
    await new Promise((r) => setTimeout(r, 80));
    await t.lo.org.clock.advance(1000);
    t.lo.org.update('Account', ids[1], { Name: 'Acct 1 (edited during the run)' }, t.lo.org.users.admin.id);
    await running;
    await t.lo.org.clock.advance(1000);
    await deleteAsAdmin(t, ids[2]);
    await run('Account', ['Name']);
    const changes = await store.changes(conn, 'Account', 0, 10_000);
    const byId = new Map(changes.map((c) => [c.id, c]));
    expect(byId.get(ids[0])?.data.Name).toBe('Acct 0 (edited in the first run)');
    expect(byId.get(ids[1])?.data.Name).toBe('Acct 1 (edited during the run)');
    expect(byId.get(ids[2])?.isDeleted).toBe(true);
    expect(await store.count(conn, 'Account')).toEqual({ live: 2499, deleted: 1 });
  });
});

async function deleteAsAdmin(t: TestCompanion, id: string): Promise<void> {
  const { Connection } = await import('jsforce');
  const s = t.lo.org.issueSession(t.lo.org.users.admin.username);
  await new Connection({ instanceUrl: t.lo.instanceUrl, accessToken: s.accessToken, version: '62.0' })
    .sobject('Account')
    .destroy(id);
}
