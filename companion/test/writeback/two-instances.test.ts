/**
 * Two companion instances on one PostgreSQL share the outbox: each with its own pool, worker id and
 * Salesforce client, draining the same 2,000 writebacks at the same time. Every writeback is sent
 * exactly once (one attempt, one "written"), and the collections carry 2,000 record updates in all.
 */
import { openPostgres } from '../../src/store/pg-db.js';
import { WritebackWorker } from '../../src/writeback/writeback-worker.js';
import type { Db } from '../../src/store/db.js';
import { startCompanion, type TestCompanion } from '../support/companion.js';
import { ledger, otherInstanceWorker, readyConnection, submit } from '../support/writeback.js';

let t: TestCompanion;
let db2: Db;
beforeAll(async () => {
  t = await startCompanion('postgres');
  db2 = await openPostgres(t.testDb.url!, { max: 4 });
});
afterAll(async () => {
  await db2.close();
  await t.close();
});

it('sends each of 2,000 writebacks exactly once with two instances draining together', async () => {
  const conn = await readyConnection(t, 'shared');
  const N = 2000;
  const owner = t.lo.org.users.integration.id;
  const ids = Array.from({ length: N }, (_, i) => t.lo.org.insert('Account', { Name: `Shared ${i}` }, owner));
  // 2,000 quick inserts move the local org's 1-ms-step clock ahead of the wall clock; the Rox
  // change is later than all of them (the conflict rule itself is tested elsewhere).
  const changedAt = new Date(Date.now() + 60_000).toISOString();
  for (let i = 0; i < N; i += 500)
    await submit(
      t,
      conn,
      ids.slice(i, i + 500).map((sid, j) => ({
        type: 'update',
        object: 'Account',
        roxId: `s${i + j}`,
        salesforceId: sid,
        changedAt,
        fields: { phone: `S${i + j}` },
      })),
    );
  t.lo.org.resetUsage();
  const a = new WritebackWorker({
    ...(t.svc.worker as unknown as { d: ConstructorParameters<typeof WritebackWorker>[0] }).d,
    batchSize: 200,
  });
  const b = otherInstanceWorker(t, db2);
  const [byA, byB] = await Promise.all([a.drain(conn), b.drain(conn)]);
  expect(byA).toBeGreaterThan(0);
  expect(byB).toBeGreaterThan(0);

  const rows = (await ledger(t, conn, '&limit=1000')).counts;
  expect(rows).toMatchObject({ written: N, queued: 0, sending: 0, failed: 0 });
  const multi = await t.testDb.db.query(
    `SELECT id FROM writebacks WHERE connection_id = $1 AND (attempts <> 1 OR jsonb_array_length(jsonb_path_query_array(history, '$[*] ? (@.event == "written")')) <> 1)`,
    [conn],
  );
  expect(multi).toHaveLength(0);
  expect(ids.every((id, i) => t.lo.org.get(id)?.Phone === `S${i}`)).toBe(true);
  // One Collections retrieve and one Collections update per claim of at most 200. Claims are full
  // while 400 or more rows are due; when both instances claim the last rows at the same moment,
  // SKIP LOCKED splits them between the two (e.g. 109 + 91), so there is at most one claim more.
  const { byRouteMethod } = t.lo.org.usage();
  const patches = byRouteMethod['PATCH composite/sobjects'];
  expect(patches).toBeGreaterThanOrEqual(10);
  expect(patches).toBeLessThanOrEqual(11);
  expect(byRouteMethod['POST composite/sobjects']).toBe(patches);
}, 120_000);
