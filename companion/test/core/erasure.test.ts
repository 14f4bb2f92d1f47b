/**
 * Data-removal requests: by email, Salesforce id or Rox id, everything the companion holds about
 * the person or record goes in one transaction — synced rows (emptied tombstones the change feed
 * shows), the person's activities, writeback values (queued ones cancelled), lead resolution's
 * memory and claims, id pairs, field states — with counts in the answer and nothing personal in
 * the events or logs. Writebacks being sent are left and reported; bad requests change nothing.
 */
import { ENGINES } from '../support/engines.js';
import { startCompanion, type TestCompanion } from '../support/companion.js';
import { syncing } from '../support/sync.js';
import { drainNow, readyConnection, submit } from '../support/writeback.js';

describe.each(ENGINES)('data-removal requests on %s', (engine) => {
  let t: TestCompanion;
  let conn: string;
  let other: string;
  beforeAll(async () => {
    t = await startCompanion(engine);
    const edit = (m: Parameters<NonNullable<Parameters<typeof readyConnection>[2]>>[0]) => {
      syncing('accounts', 'contacts', 'leads', 'activities')(m);
      m.accounts.writebackNewEntities = true;
      m.activities.writeback.email = true;
      m.activities.leadResolution = true;
    };
    conn = await readyConnection(t, 'erasure', edit);
    other = await readyConnection(t, 'erasure-other', edit);
  });
  afterAll(() => t.close());

  const roxNow = (plus = 1000) =>
    new Date(Math.max(t.lo.org.clock.nowMs(), t.lo.org.clock.lastWriteMs, Date.now()) + plus).toISOString();
  const erase = (body: unknown, id = conn) => t.api('POST', `/v1/connections/${id}/erasures`, { body });
  /** Every row the store holds for a connection, as text (what an erasure must leave clean). */
  const dump = async (id: string) => {
    const tables = ['synced_records', 'writebacks', 'person_emails', 'lead_claims', 'id_mappings', 'field_state', 'connection_events'];
    const parts = await Promise.all(
      tables.map((table) => t.testDb.db.query(`SELECT * FROM ${table} WHERE connection_id = $1`, [id])),
    );
    return JSON.stringify(parts).toLowerCase();
  };
  const email = (roxActivityId: string, to: string[]) => ({
    type: 'activity',
    activity: {
      kind: 'email',
      roxActivityId,
      subject: `About the renewal ${roxActivityId}`,
      body: `PRIVATE-BODY of ${roxActivityId}: call me on 555-0100`,
      occurredAt: '2026-11-20T10:00:00Z',
      participants: to.map((e) => ({ email: e, role: 'to', name: 'Pat Person' })),
    },
  });

  it('removes a person by email and leaves everyone else', async () => {
    const admin = t.lo.org.users.admin.id;
    const person = t.lo.org.insert('Contact', { LastName: 'Erasable', Email: 'erase.me@example.com', Phone: '555-ERASE' }, admin);
    const kept = t.lo.org.insert('Contact', { LastName: 'Keeper', Email: 'keep.me@example.com' }, admin);
    await submit(t, conn, [email('mail-1', ['erase.me@example.com', 'keep.me@example.com']), email('mail-2', ['keep.me@example.com'])]);
    await drainNow(t, conn);
    await t.api('POST', `/v1/connections/${conn}/sync`);
    // The same person in another connection is that customer's data: untouched.
    await submit(t, other, [email('mail-other', ['erase.me@example.com'])]);
    await drainNow(t, other);
    await t.api('POST', `/v1/connections/${other}/sync`);
    const feed = (await t.api('GET', `/v1/connections/${conn}/records/Contact?limit=5000`)).json.records;
    const lastSeq = feed.at(-1).seq;
    // A change to the person is waiting to be sent.
    const pending = await submit(t, conn, [
      { type: 'update', object: 'Contact', roxId: 'rox-person', salesforceId: person, changedAt: roxNow(), fields: { phone: '555-NEW' } },
    ]);
    expect(pending.status).toBe(202);
    expect(await dump(conn)).toContain('erase.me@example.com');
    const otherBefore = await dump(other);

    const res = await erase({ email: 'Erase.Me@Example.com' });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ by: 'email', complete: true, inFlight: 0 });
    expect(res.json.counts).toMatchObject({ writebacksCancelled: 1, writebacksRedacted: 1, resolvedEmails: 1 });
    // The Contact and the Task written for the email it was on.
    expect(res.json.counts.syncedRecords).toBe(2);

    const after = await dump(conn);
    for (const secret of ['erase.me@example.com', 'erasable', '555-erase', '555-new', 'private-body of mail-1'])
      expect({ secret, found: after.includes(secret) }).toEqual({ secret, found: false });
    expect(after).toContain('keep.me@example.com');
    expect(after).toContain('private-body of mail-2');
    expect(await dump(other)).toBe(otherBefore);

    // Readers of the change feed see the person go, as a tombstone with no values.
    const gone = (await t.api('GET', `/v1/connections/${conn}/records/Contact?after=${lastSeq}`)).json.records;
    expect(gone).toEqual([expect.objectContaining({ id: person, isDeleted: true, data: {} })]);
    expect((await t.api('GET', `/v1/connections/${conn}/records/Contact/${kept}`)).json.isDeleted).toBe(false);
    // The cancelled change is never sent.
    const cancelled = (await t.api('GET', `/v1/connections/${conn}/writebacks?requestId=${pending.json.requestId}`)).json.items[0];
    expect(cancelled).toMatchObject({ state: 'rejected', outcome: { error: { code: 'ERASED' } } });
    await drainNow(t, conn);
    expect(t.lo.org.get(person)?.Phone).toBe('555-ERASE');

    // Recorded without naming the person.
    const status = (await t.api('GET', `/v1/connections/${conn}`)).json;
    expect(status.recentEvents[0]).toMatchObject({ kind: 'erasure', message: expect.stringContaining('Data-removal request (by email)') });
    expect(JSON.stringify(status.recentEvents).toLowerCase()).not.toContain('erase.me');
    expect(t.logs.join('').toLowerCase()).not.toContain('erase.me');

    // Asked again: nothing left to remove.
    const again = await erase({ email: 'erase.me@example.com' });
    expect(Object.values(again.json.counts).every((n) => n === 0)).toBe(true);
    expect(again.json.complete).toBe(true);
  });

  it("removes a new address's Lead, its resolution and its claim", async () => {
    await submit(t, conn, [email('mail-3', ['brand.new@example.com'])]);
    await drainNow(t, conn);
    const [lead] = t.lo.org.query(t.lo.org.users.admin.id, "SELECT Id FROM Lead WHERE Email = 'brand.new@example.com'");
    expect(lead).toBeDefined();
    await t.api('POST', `/v1/connections/${conn}/sync`);
    const res = await erase({ email: 'brand.new@example.com' });
    expect(res.status).toBe(200);
    expect(res.json.counts).toMatchObject({ resolvedEmails: 1, leadClaims: 1, writebacksRedacted: 1 });
    expect(res.json.counts.syncedRecords).toBe(2);
    expect(await dump(conn)).not.toContain('brand.new@example.com');
    expect((await t.api('GET', `/v1/connections/${conn}/records/Lead/${lead.Id}`)).json).toMatchObject({ isDeleted: true, data: {} });
  });

  it('removes a record by Rox id through its pair, and by Salesforce id', async () => {
    await submit(t, conn, [{ type: 'create', object: 'Account', roxId: 'rox-acct-erase', changedAt: roxNow(), fields: { name: 'Erasable Industries' } }]);
    await drainNow(t, conn);
    await t.api('POST', `/v1/connections/${conn}/sync`);
    expect((await t.api('GET', `/v1/connections/${conn}/records/Account/by-rox-id/rox-acct-erase`)).status).toBe(200);
    const res = await erase({ roxId: 'rox-acct-erase' });
    expect(res.json.counts).toMatchObject({ idMappings: 1, syncedRecords: 1, writebacksRedacted: 1 });
    expect((await t.api('GET', `/v1/connections/${conn}/records/Account/by-rox-id/rox-acct-erase`)).status).toBe(404);
    expect(await dump(conn)).not.toContain('erasable industries');

    const acct = t.lo.org.insert('Account', { Name: 'Only Synced Ltd' }, t.lo.org.users.admin.id);
    await t.api('POST', `/v1/connections/${conn}/sync`);
    const byId = await erase({ salesforceId: acct.slice(0, 15) });
    expect(byId.json.counts.syncedRecords).toBe(1);
    expect(await dump(conn)).not.toContain('only synced ltd');
  });

  it('leaves a writeback being sent, says so, and finishes when asked again', async () => {
    const acct = t.lo.org.insert('Account', { Name: 'Busy Co' }, t.lo.org.users.admin.id);
    const sent = await submit(t, conn, [
      { type: 'update', object: 'Account', roxId: 'rox-busy', salesforceId: acct, changedAt: roxNow(), fields: { phone: 'BUSY-PHONE' } },
    ]);
    const [row] = await t.testDb.db.query<{ id: string }>('SELECT id FROM writebacks WHERE request_id = $1', [sent.json.requestId]);
    await t.testDb.db.query(
      "UPDATE writebacks SET state = 'sending', locked_by = 'another-pass', locked_until = now() + interval '1 minute' WHERE id = $1",
      [row.id],
    );
    const res = await erase({ salesforceId: acct });
    expect(res.json).toMatchObject({ complete: false, inFlight: 1 });
    expect(JSON.stringify((await t.testDb.db.query('SELECT payload FROM writebacks WHERE id = $1', [row.id]))[0])).toContain('BUSY-PHONE');
    await t.testDb.db.query("UPDATE writebacks SET state = 'written', locked_by = NULL, locked_until = NULL WHERE id = $1", [row.id]);
    const again = await erase({ salesforceId: acct });
    expect(again.json).toMatchObject({ complete: true, inFlight: 0, counts: expect.objectContaining({ writebacksRedacted: 1 }) });
    expect(await dump(conn)).not.toContain('busy-phone');
  });

  it.each([
    [{}, 'exactly one of email, salesforceId or roxId'],
    [{ email: 'a@example.com', roxId: 'x' }, 'exactly one of email, salesforceId or roxId'],
    [{ email: 'not-an-address' }, 'email must be an email address'],
    [{ salesforceId: '001abc' }, 'salesforceId must be a 15- or 18-character Salesforce id'],
    [{ roxId: '   ' }, 'roxId must not be empty'],
    [{ name: 'Pat' }, 'name is not a known field'],
  ])('refuses %j, naming the problem, and changes nothing', async (body, message) => {
    const before = await dump(conn);
    const res = await erase(body);
    expect(res.status).toBe(400);
    expect(res.json.error.message).toContain(message);
    expect(await dump(conn)).toBe(before);
  });

  it('answers 404 for an unknown connection', async () => {
    const res = await t.api('POST', '/v1/connections/conn_nope/erasures', { body: { roxId: 'x' } });
    expect(res.status).toBe(404);
  });
});
