/**
 * Exactly once without an upsert: an org whose RoxActivityId__c was made by hand and is not an
 * External ID, two companion instances on one PostgreSQL draining at the same time, every activity
 * sent twice (a first and a later version, the later one sent first for half of them), and answers
 * lost after Salesforce committed the write. Each activity ends as one Task with its newest subject.
 */
import { fields as f } from '../../../local-org/src/index.js';
import type { Db } from '../../../src/store/db.js';
import { openPostgres } from '../../../src/store/pg-db.js';
import { WritebackWorker } from '../../../src/writeback/writeback-worker.js';
import { startCompanion, type TestCompanion } from '../../support/companion.js';
import { ledger, otherInstanceWorker, readyConnection, submit } from '../../support/writeback.js';

let t: TestCompanion;
let db2: Db;
beforeAll(async () => {
  t = await startCompanion('postgres', {}, {
    schema: {
      packageSourceDir: false,
      customFields: (['Task', 'Event'] as const).map((object) => ({
        object,
        fields: [f.string('RoxActivityId__c', 'Rox Activity ID', 100, { externalId: false })],
      })),
    },
  });
  db2 = await openPostgres(t.testDb.url!, { max: 4 });
});
afterAll(async () => {
  await db2.close();
  await t.close();
});

async function drainTogether(conn: string, a: WritebackWorker, b: WritebackWorker): Promise<void> {
  for (let round = 0; round < 60; round++) {
    await t.testDb.db.query("UPDATE writebacks SET next_attempt_at = now() WHERE connection_id = $1 AND state = 'queued'", [conn]);
    await Promise.all([a.drain(conn), b.drain(conn)]);
    const [left] = await t.testDb.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM writebacks WHERE connection_id = $1 AND state IN ('queued', 'sending')",
      [conn],
    );
    if (Number(left.n) === 0) return;
  }
}

it('writes 200 activities, each sent twice, once each with two instances and lost answers', async () => {
  const conn = await readyConnection(t, 'hand-made-two', (m) => {
    m.activities.writeback.email = true;
  });
  const N = 200;
  const at = (n: number, v: number) => new Date(Date.UTC(2026, 10, 20, 10, 0, n, v)).toISOString();
  const email = (i: number, v: 1 | 2) => ({
    type: 'activity',
    activity: {
      kind: 'email',
      roxActivityId: `pair-${i}`,
      subject: `Version ${v} of ${i}`,
      occurredAt: '2026-11-20T10:00:00Z',
      participants: [{ email: 'nobody@acme.example', role: 'to' }],
    },
    changedAt: at(i % 60, v * 100),
  });
  // The later version arrives first for every other activity.
  const first = Array.from({ length: N }, (_, i) => email(i, i % 2 === 0 ? 1 : 2));
  const second = Array.from({ length: N }, (_, i) => email(i, i % 2 === 0 ? 2 : 1));
  for (const items of [first, second]) for (let i = 0; i < N; i += 100) await submit(t, conn, items.slice(i, i + 100));

  const lost = t.lo.org.addFault({ kind: 'drop-connection', phase: 'after', route: 'composite/sobjects', fraction: 0.2 });
  const a = otherInstanceWorker(t, t.testDb.db, { batchSize: 50, activities: true });
  const b = otherInstanceWorker(t, db2, { batchSize: 50, activities: true });
  await drainTogether(conn, a, b);
  t.lo.org.clearFaults();

  expect(lost.fired).toBeGreaterThan(0);
  const counts = (await ledger(t, conn, '&limit=1')).counts;
  expect(counts).toMatchObject({ queued: 0, sending: 0, failed: 0 });
  const tasks = t.lo.org.query(t.lo.org.users.admin.id, 'SELECT Id, Subject, RoxActivityId__c FROM Task WHERE RoxActivityId__c != null');
  const byKey = new Map<string, Array<Record<string, unknown>>>();
  for (const task of tasks) byKey.set(String(task.RoxActivityId__c), [...(byKey.get(String(task.RoxActivityId__c)) ?? []), task]);
  expect(byKey.size).toBe(N);
  const doubled = [...byKey.entries()].filter(([, list]) => list.length !== 1).map(([key]) => key);
  expect(doubled).toEqual([]);
  const wrong = [...byKey.entries()].filter(([key, [task]]) => task.Subject !== `Version 2 of ${key.slice(5)}`);
  expect(wrong.map(([key]) => key)).toEqual([]);
}, 180_000);
