/**
 * Payload retention: settled writebacks past WRITEBACK_RETENTION_DAYS lose the values they carried
 * (fields, email bodies, participants) and those in their outcome; the ledger keeps each one's
 * state, field names, errors and history. Queued rows and recent rows are untouched, a redacted
 * failed row cannot be replayed, and the record's later changes are still decided correctly.
 */
import { ENGINES } from '../support/engines.js';
import { startCompanion, type TestCompanion } from '../support/companion.js';
import { drainNow, ledger, readyConnection, submit } from '../support/writeback.js';

describe.each(ENGINES)('payload retention on %s', (engine) => {
  let t: TestCompanion;
  let conn: string;
  beforeAll(async () => {
    t = await startCompanion(engine, { WRITEBACK_RETENTION_DAYS: '30' });
    conn = await readyConnection(t, 'retention', (m) => {
      m.activities.writeback.email = true;
    });
  });
  afterAll(() => t.close());

  const roxNow = (plus = 1000) =>
    new Date(Math.max(t.lo.org.clock.nowMs(), t.lo.org.clock.lastWriteMs, Date.now()) + plus).toISOString();
  const age = (days: number, ids: string[]) =>
    t.testDb.db.query(`UPDATE writebacks SET updated_at = now() - make_interval(days => $1) WHERE id = ANY($2::text[])`, [
      days,
      ids,
    ]);

  it('removes the values of old settled writebacks and keeps their outcome', async () => {
    const id = t.lo.org.insert('Account', { Name: 'Kept' }, t.lo.org.users.integration.id);
    const sent = await submit(t, conn, [
      { type: 'update', object: 'Account', roxId: 'ret-1', salesforceId: id, changedAt: roxNow(), fields: { phone: 'SECRET-PHONE' } },
      {
        type: 'activity',
        activity: {
          kind: 'email',
          roxActivityId: 'ret-email-1',
          subject: 'Quarterly plan',
          body: 'SECRET-BODY of the email',
          occurredAt: '2026-11-01T10:00:00Z',
          participants: [{ email: 'secret.person@example.com', role: 'to', name: 'Secret Person' }],
        },
      },
      { type: 'update', object: 'Account', roxId: 'ret-gone', salesforceId: '001000000000999AAA', changedAt: roxNow(), fields: { phone: 'SECRET-FAILED' } },
    ]);
    expect(sent.status).toBe(202);
    await drainNow(t, conn);
    const before = (await ledger(t, conn)).items as Array<{ id: string; state: string }>;
    expect(before.map((r) => r.state).sort()).toEqual(['failed', 'written', 'written']);
    const recent = await submit(t, conn, [
      { type: 'update', object: 'Account', roxId: 'ret-1', salesforceId: id, changedAt: roxNow(5000), fields: { phone: 'RECENT' } },
    ]);
    await age(31, before.map((r) => r.id));

    expect(await t.svc.worker.housekeeping()).toBe(3);
    expect(await t.svc.worker.housekeeping()).toBe(0);
    const dump = JSON.stringify(await t.testDb.db.query('SELECT payload, outcome, history FROM writebacks WHERE id = ANY($1::text[])', [before.map((r) => r.id)]));
    for (const secret of ['SECRET-PHONE', 'SECRET-BODY', 'secret.person@example.com', 'Secret Person', 'SECRET-FAILED'])
      expect(dump).not.toContain(secret);
    const after = (await ledger(t, conn)).items as Array<{ id: string; state: string; outcome: any; history: any[] }>;
    const update = after.find((r) => r.id === before.find((b) => b.state === 'written')!.id)!;
    expect(update.state).toBe('written');
    expect(after.filter((r) => before.some((b) => b.id === r.id)).every((r) => r.history.at(-1).event === 'redacted')).toBe(true);
    const failed = after.find((r) => r.state === 'failed')!;
    expect(failed.outcome.error.code).toBe('RECORD_NOT_FOUND');
    const replay = await t.api('POST', `/v1/connections/${conn}/writebacks/${failed.id}/replay`);
    expect(replay.status).toBe(409);
    expect(replay.json.error.message).toContain('WRITEBACK_RETENTION_DAYS');

    // The queued, recent change is untouched and still wins.
    const queued = (await ledger(t, conn, `&requestId=${recent.json.requestId}`)).items[0];
    expect(queued.state).toBe('queued');
    await drainNow(t, conn);
    expect(t.lo.org.get(id)?.Phone).toBe('RECENT');
  });
});
