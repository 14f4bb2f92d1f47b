/**
 * Deletes on both engines: an undelete brings a tombstone back to life; a record purged from the
 * recycle bin before the companion looked (queryAll no longer returns it) is found through
 * getDeleted; and when even the delete log has dropped it (the companion was away longer than the
 * log reaches), a scan of every live id tombstones it. The runs take the org's clock as "now".
 */
import { SyncStore } from '../../src/store/sync-store.js';
import { syncObject } from '../../src/sync/sync-runner.js';
import { ENGINES } from '../support/engines.js';
import { startCompanion, type TestCompanion } from '../support/companion.js';
import { readyConnection } from '../support/writeback.js';

describe.each(ENGINES)('deletes on %s', (engine) => {
  let t: TestCompanion;
  let conn: string;
  let store: SyncStore;
  const run = async () =>
    syncObject(await t.svc.connections.client(conn), store, conn, 'Account', ['Name'], {
      now: () => t.lo.org.clock.nowMs(),
    });
  const minutes = (n: number) => t.lo.org.clock.advance(n * 60_000);
  const admin = () => t.lo.org.users.admin.id;
  const remove = (id: string) => t.lo.org.dml.deleteOne(t.lo.org.context(admin()), id);

  beforeAll(async () => {
    // getDeleted answers at most 3 ids here (600,000 in Salesforce), so a busy window must be split.
    t = await startCompanion(engine, {}, { clock: { resolution: 'second' }, getDeletedIdLimit: 3 });
    conn = await readyConnection(t, 'deletes');
    store = new SyncStore(t.testDb.db);
    minutes(10); // the org existed a while before the companion connected (getDeleted's earliest date)
  });
  afterAll(() => t.close());

  it('a deleted record becomes a tombstone, and its undelete brings it back', async () => {
    const id = t.lo.org.insert('Account', { Name: 'Comes back' }, admin());
    await run();
    minutes(1);
    remove(id);
    await run();
    const tomb = await store.get(conn, 'Account', id);
    expect(tomb?.isDeleted).toBe(true);
    minutes(1);
    t.lo.org.dml.undeleteOne(t.lo.org.context(admin()), id);
    await run();
    const back = await store.get(conn, 'Account', id);
    expect(back).toMatchObject({ isDeleted: false, data: { Name: 'Comes back' } });
    expect(back!.seq).toBeGreaterThan(tomb!.seq); // readers of the change feed see the undelete
  });

  it('finds a record purged from the recycle bin through getDeleted, which queryAll no longer shows', async () => {
    const [keep, gone] = ['Stays', 'Purged'].map((Name) => t.lo.org.insert('Account', { Name }, admin()));
    await run();
    minutes(1);
    remove(gone);
    expect(t.lo.org.purgeRecycleBin()).toBeGreaterThanOrEqual(1);
    t.lo.org.resetUsage();
    const early = await run(); // the getDeleted window is not due yet: queryAll alone cannot see it
    expect(early.tombstoned).toBeFalsy();
    expect((await store.get(conn, 'Account', gone))?.isDeleted).toBe(false);
    minutes(15);
    const r = await run();
    expect(r.tombstoned).toBe(1);
    expect(r.reconciled).toBeFalsy();
    expect(t.lo.org.usage().byRouteMethod['GET getDeleted']).toBe(1);
    expect((await store.get(conn, 'Account', gone))?.isDeleted).toBe(true);
    expect((await store.get(conn, 'Account', keep))?.isDeleted).toBe(false);
    expect((await store.state(conn, 'Account'))?.deletesCheckedUntil).not.toBeNull();
  });

  it('scans every live id when the delete log no longer reaches back to the last check', async () => {
    const [keep, gone] = ['Kept', 'Lost from the log'].map((Name) => t.lo.org.insert('Account', { Name }, admin()));
    await run();
    minutes(1);
    remove(gone);
    t.lo.org.purgeRecycleBin();
    minutes(1);
    t.lo.org.purgeDeleteLog('Account', Math.max(t.lo.org.clock.nowMs(), t.lo.org.clock.lastWriteMs) + 1);
    minutes(15);
    const r = await run();
    expect(r.reconciled).toBe(true);
    expect((await store.get(conn, 'Account', gone))?.isDeleted).toBe(true);
    expect((await store.get(conn, 'Account', keep))?.isDeleted).toBe(false);
    // Every other record the earlier tests left live is still live: the scan saw them.
    const live = t.lo.org.query(admin(), 'SELECT Id FROM Account').map((x) => String(x.Id));
    for (const id of live) expect((await store.get(conn, 'Account', id))?.isDeleted).toBe(false);
  });

  it('splits a getDeleted window that has more deletes than one call may answer (EXCEEDED_ID_LIMIT)', async () => {
    const ids = Array.from({ length: 6 }, (_, i) => t.lo.org.insert('Account', { Name: `Busy ${i}` }, admin()));
    await run();
    for (const id of ids) {
      minutes(3);
      remove(id);
    }
    t.lo.org.purgeRecycleBin();
    minutes(15);
    t.lo.org.resetUsage();
    const r = await run();
    expect(r.tombstoned).toBe(6);
    expect(t.lo.org.usage().byRouteMethod['GET getDeleted']).toBeGreaterThan(2); // refused, then halves
    for (const id of ids) expect((await store.get(conn, 'Account', id))?.isDeleted).toBe(true);
  });
});
