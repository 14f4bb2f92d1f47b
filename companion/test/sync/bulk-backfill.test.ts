/**
 * Large first backfills go through a Bulk API 2.0 queryAll job read page by page (the jsforce
 * multi-page bug avoided), with values typed like REST's, and the incremental runs that follow
 * use the REST cursor. A backfill that dies part way resumes from the same job at the page after
 * the last one saved. Threshold and page size are lowered so 2,500 rows take three pages.
 */
import { SyncStore } from '../../src/store/sync-store.js';
import { ENGINES } from '../support/engines.js';
import { startCompanion, type TestCompanion } from '../support/companion.js';
import { syncing, syncService } from '../support/sync.js';
import { readyConnection } from '../support/writeback.js';

describe.each(ENGINES)('Bulk backfill on %s', (engine) => {
  let t: TestCompanion;
  let conn: string;
  beforeAll(async () => {
    t = await startCompanion(engine);
    conn = await readyConnection(t, 'bulk-sync', syncing('accounts'));
  });
  afterAll(() => t.close());

  const bulkSync = () => syncService(t, { bulkThreshold: 1000, bulkPageSize: 1000 });

  it('backfills through a Bulk query job in pages, then continues incrementally over REST', async () => {
    const owner = t.lo.org.users.integration.id;
    const ids = Array.from({ length: 2500 }, (_, i) =>
      t.lo.org.insert('Account', { Name: `Bulk ${i}`, NumberOfEmployees: i }, owner),
    );
    const store = new SyncStore(t.testDb.db);
    const sync = bulkSync();
    t.lo.org.resetUsage();
    const [run] = await sync.runConnection(conn);
    expect(run).toMatchObject({ sobject: 'Account', rows: 2500 });
    const usage = t.lo.org.usage().byRouteMethod;
    expect(usage).toMatchObject({ 'POST jobs/query': 1, 'GET jobs/query/results': 3 });
    expect(usage['GET queryAll']).toBeUndefined();
    const rec = await store.get(conn, 'Account', ids[7]);
    expect(rec?.data).toMatchObject({ Name: 'Bulk 7', NumberOfEmployees: 7, IsDeleted: false });
    expect((await store.count(conn, 'Account')).live).toBe(2500);

    t.lo.org.update('Account', ids[3], { Name: 'Bulk 3 (changed)' }, t.lo.org.users.admin.id);
    t.lo.org.resetUsage();
    const [next] = await sync.runConnection(conn);
    expect(t.lo.org.usage().byRouteMethod['POST jobs/query']).toBeUndefined();
    expect(next.rows).toBeGreaterThan(0);
    expect((await store.get(conn, 'Account', ids[3]))?.data.Name).toBe('Bulk 3 (changed)');
  });

  it('resumes a backfill that died part way from the same job, at the page after the last one saved', async () => {
    const owner = t.lo.org.users.integration.id;
    for (let i = 0; i < 8000; i++) t.lo.org.insert('Contact', { LastName: `Resume ${i}` }, owner);
    const resumeConn = await readyConnection(t, 'bulk-resume', syncing('contacts'));
    const store = new SyncStore(t.testDb.db);
    const sync = bulkSync();
    t.lo.org.resetUsage();
    // Once the first rows are saved, reading results fails (REQUEST_LIMIT_EXCEEDED) until cleared.
    let armed = false;
    const [failed] = await sync.runConnection(resumeConn, () => {
      if (!armed) t.lo.org.addFault({ kind: 'request-limit', route: 'jobs/query/results', method: 'GET', count: 100 });
      armed = true;
    });
    t.lo.org.clearFaults();
    expect(failed.error).toMatch(/HTTP 403/);
    const firstReads = t.lo.org.usage().byRouteMethod['GET jobs/query/results'];
    const saved = (await store.count(resumeConn, 'Contact')).live;
    expect(saved).toBeGreaterThan(0);
    expect(saved).toBeLessThan(8000);
    const checkpoint = (await store.state(resumeConn, 'Contact'))?.bulk;
    expect(checkpoint?.jobId).toBeTruthy();
    const status = (await t.api('GET', `/v1/connections/${resumeConn}/sync`)).json.objects;
    expect(status.find((o: { object: string }) => o.object === 'Contact')).toMatchObject({
      backfill: { bulkJobId: checkpoint!.jobId },
      error: expect.stringMatching(/HTTP 403/),
    });

    t.lo.org.resetUsage();
    const [resumed] = await sync.runConnection(resumeConn);
    expect(resumed.error).toBeUndefined();
    const usage = t.lo.org.usage().byRouteMethod;
    expect(usage['POST jobs/query']).toBeUndefined(); // the same job, not a new one
    expect(usage['GET jobs/query/results']).toBeLessThan(8); // only the pages not saved before
    expect(usage['GET jobs/query/results'] + firstReads).toBeGreaterThanOrEqual(8);
    expect((await store.count(resumeConn, 'Contact')).live).toBe(8000);
    const state = await store.state(resumeConn, 'Contact');
    expect(state?.bulk).toBeNull();
    expect(state?.cursorModstamp).not.toBeNull();
  });
});
