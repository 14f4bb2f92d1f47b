/**
 * The writeback's promise — every accepted change lands exactly once and the newest change wins —
 * under the conditions that broke it (issue 11), one cause per test, on both store engines:
 * an HTML 503 is transient; the written values and the ledger commit together; a create records
 * what it wrote; an older change arriving late never overwrites a newer one (records and
 * activities); a lock error while creating a Lead is retried and a dead holder's claim does not
 * block the address; a pass that stops early leaves nothing claimed; NUL and lone surrogates are
 * refused with a 400 that names the field.
 */
import { SF } from '../../src/salesforce/names.js';
import { ENGINES } from '../support/engines.js';
import { startCompanion, type TestCompanion } from '../support/companion.js';
import { drainNow, ledger, readyConnection, submit } from '../support/writeback.js';

describe.each(ENGINES)('writeback reliability on %s', (engine) => {
  let t: TestCompanion;
  let conn: string;
  const owner = () => t.lo.org.users.integration.id;
  // Rox's clock and Salesforce's agree in production; the local org's runs ahead in fast tests.
  const roxNow = (plus = 1) =>
    new Date(Math.max(t.lo.org.clock.nowMs(), t.lo.org.clock.lastWriteMs, Date.now()) + plus).toISOString();
  const account = (name: string) => t.lo.org.insert('Account', { Name: name }, owner());
  /** An Account created two minutes ago (Salesforce's clock moves on), so changes of the last minute are newer. */
  const olderAccount = (name: string) => {
    const id = account(name);
    t.lo.org.clock.advance(120_000);
    return id;
  };
  const update = (roxId: string, salesforceId: string, changedAt: string, phone: string) => ({
    type: 'update',
    object: 'Account',
    roxId,
    salesforceId,
    changedAt,
    fields: { phone },
  });
  const email = (roxActivityId: string, to: string, subject: string, changedAt?: string) => ({
    type: 'activity',
    ...(changedAt ? { changedAt } : {}),
    activity: {
      kind: 'email',
      roxActivityId,
      subject,
      occurredAt: '2026-11-20T10:00:00Z',
      direction: 'outbound',
      participants: [
        { email: 'rep@rox.example', role: 'from' },
        { email: to, role: 'to' },
      ],
    },
  });
  const rowOf = async (requestId: string) => (await ledger(t, conn, `&requestId=${requestId}`)).items;

  beforeAll(async () => {
    t = await startCompanion(engine);
    conn = await readyConnection(t, 'reliable', (m) => {
      m.accounts.writebackNewEntities = true;
      m.activities.writeback.email = true;
      m.activities.leadResolution = true;
    });
  });
  afterEach(() => t.lo.org.clearFaults());
  afterAll(() => t.close());

  it('retries an HTML 503 page from Salesforce instead of failing the rows (cause 1)', async () => {
    const id = account('Html 503');
    t.lo.org.addFault({ kind: 'unavailable-html', route: 'composite/sobjects', method: 'PATCH', count: 1 });
    const res = await submit(t, conn, [update('h503', id, roxNow(), '503-ok')]);
    await drainNow(t, conn);
    const [row] = await rowOf(res.json.requestId);
    expect(row.state).toBe('written');
    expect(JSON.stringify(row.history)).toContain('ERROR_HTTP_503');
    expect(t.lo.org.get(id)?.Phone).toBe('503-ok');
  });

  it('commits the written values with the ledger: a failure between them never makes the next change lose (cause 2)', async () => {
    const id = olderAccount('Commit together');
    // The store refuses the first write of field values after this point, as a kill between the
    // ledger update and the field values would leave them.
    await t.testDb.db.exec(`
      CREATE SEQUENCE fault_once;
      CREATE FUNCTION fail_once() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF nextval('fault_once') = 1 THEN RAISE EXCEPTION 'injected store failure'; END IF; RETURN NEW; END $$;
      CREATE TRIGGER fail_once BEFORE INSERT OR UPDATE ON field_state FOR EACH ROW EXECUTE FUNCTION fail_once();`);
    try {
      // Two successive Rox changes made before either is sent (a backlog).
      const res = await submit(t, conn, [
        update('together', id, roxNow(-60_000), 'first'),
        update('together', id, roxNow(-30_000), 'second'),
      ]);
      for (let i = 0; i < 5; i++) await drainNow(t, conn).catch(() => undefined);
      await t.testDb.db.query(
        "UPDATE writebacks SET locked_until = now() - interval '1 second' WHERE state = 'sending'",
      );
      await drainNow(t, conn);
      const rows = await rowOf(res.json.requestId);
      expect(rows.map((r: { state: string }) => r.state)).toEqual(['written', 'written']);
      expect(t.lo.org.get(id)?.Phone).toBe('second');
    } finally {
      await t.testDb.db.exec(
        'DROP TRIGGER fail_once ON field_state; DROP FUNCTION fail_once(); DROP SEQUENCE fault_once;',
      );
    }
  });

  it('writes an update sent with its create even when the create is written later than the update was made (cause 3)', async () => {
    const res = await submit(t, conn, [
      {
        type: 'create',
        object: 'Account',
        roxId: 'created-then-updated',
        changedAt: roxNow(-60_000),
        fields: { name: 'Fresh', phone: 'at-create' },
      },
      {
        type: 'update',
        object: 'Account',
        roxId: 'created-then-updated',
        changedAt: roxNow(-50_000),
        fields: { phone: 'after-create' },
      },
    ]);
    await drainNow(t, conn);
    const rows = await rowOf(res.json.requestId);
    expect(rows.map((r: { state: string }) => r.state)).toEqual(['written', 'written']);
    expect(t.lo.org.get(rows[0].salesforceId)?.Phone).toBe('after-create');
  });

  it('never lets an older change that arrives later overwrite a newer one, field by field (cause 4)', async () => {
    const id = olderAccount('Out of order');
    const newer = await submit(t, conn, [update('ooo', id, roxNow(), 'NEWER')]);
    await drainNow(t, conn);
    const older = await submit(t, conn, [
      {
        type: 'update',
        object: 'Account',
        roxId: 'ooo',
        salesforceId: id,
        changedAt: roxNow(-60_000),
        fields: { phone: 'OLDER', industry: 'Energy' },
      },
    ]);
    await drainNow(t, conn);
    expect(t.lo.org.get(id)).toMatchObject({ Phone: 'NEWER', Industry: 'Energy' });
    expect((await rowOf(newer.json.requestId))[0].state).toBe('written');
    const [late] = await rowOf(older.json.requestId);
    expect(late.outcome.written).toEqual({ Industry: 'Energy' });
    expect(late.outcome.superseded).toEqual([
      expect.objectContaining({
        field: 'Phone',
        salesforceValue: 'NEWER',
        reason: expect.stringMatching(/newer Rox change/),
      }),
    ]);
  });

  it('orders two queued changes to one field by their own time, not by arrival (cause 4)', async () => {
    const id = olderAccount('Queued out of order');
    await submit(t, conn, [update('qoo', id, roxNow(), 'NEWER'), update('qoo', id, roxNow(-60_000), 'OLDER')]);
    await drainNow(t, conn);
    expect(t.lo.org.get(id)?.Phone).toBe('NEWER');
  });

  it('keeps the newest version of a resent activity when an older version arrives after it (cause 4)', async () => {
    t.lo.org.insert('Contact', { LastName: 'Resent', Email: 'resent@acme.example' }, owner());
    await submit(t, conn, [email('resent-1', 'resent@acme.example', 'version 2', roxNow())]);
    await drainNow(t, conn);
    const late = await submit(t, conn, [email('resent-1', 'resent@acme.example', 'version 1', roxNow(-60_000))]);
    await drainNow(t, conn);
    const tasks = t.lo.org.query(owner(), `SELECT Subject FROM Task WHERE ${SF.roxActivityId} = 'resent-1'`);
    expect(tasks.map((r) => r.Subject)).toEqual(['version 2']);
    expect((await rowOf(late.json.requestId))[0].state).toBe('superseded');
  });

  it('retries a Lead that Salesforce could not lock, then creates exactly one (cause 5)', async () => {
    t.lo.org.addFault({ kind: 'lock-row', route: 'composite/sobjects', method: 'POST', object: 'Lead', count: 1 });
    const res = await submit(t, conn, [email('locked-lead-1', 'locked@newco.example', 'Hi')]);
    await drainNow(t, conn);
    const second = await submit(t, conn, [email('locked-lead-2', 'locked@newco.example', 'Hi again')]);
    await drainNow(t, conn);
    const leads = t.lo.org.query(owner(), "SELECT Id FROM Lead WHERE Email = 'locked@newco.example'");
    expect(leads).toHaveLength(1);
    const [row] = await rowOf(res.json.requestId);
    expect(row.state).toBe('written');
    expect(JSON.stringify(row.history)).toContain('UNABLE_TO_LOCK_ROW');
    expect((await rowOf(second.json.requestId))[0].state).toBe('written');
  });

  it("does not let a dead instance's claim on a new address hold its Lead back (cause 5)", async () => {
    await t.testDb.db.query(
      "INSERT INTO lead_claims (connection_id, email, claimed_by) VALUES ($1, 'orphan@newco.example', 'worker-dead0000')",
      [conn],
    );
    const res = await submit(t, conn, [email('orphan-1', 'orphan@newco.example', 'Hi')]);
    await drainNow(t, conn);
    expect((await rowOf(res.json.requestId))[0].state).toBe('written');
    expect(t.lo.org.query(owner(), "SELECT Id FROM Lead WHERE Email = 'orphan@newco.example'")).toHaveLength(1);
  });

  it('leaves no row claimed when a pass stops early at the request limit (cause 6)', async () => {
    const ids = Array.from({ length: 400 }, (_, i) => account(`Stranded ${i}`));
    await submit(
      t,
      conn,
      ids.map((id, i) => update(`strand-${i}`, id, roxNow(), `S${i}`)),
    );
    t.lo.org.addFault({ kind: 'request-limit', route: 'composite/sobjects', method: 'PATCH', count: 1 });
    await t.svc.worker.runOnce(conn);
    const counts = (await ledger(t, conn)).counts;
    expect(counts.sending).toBe(0);
    (t.svc.worker as unknown as { pausedUntil: Map<string, number> }).pausedUntil.clear();
    t.lo.org.clearFaults();
    await drainNow(t, conn);
    expect(ids.every((id, i) => t.lo.org.get(id)?.Phone === `S${i}`)).toBe(true);
  });

  it.each([
    ['a NUL in a Rox id', { roxId: 'a\u0000b' }, 'items.0.roxId'],
    ['a NUL in a field value', { fields: { phone: 'x\u0000' } }, 'items.0.fields.phone'],
    ['a lone surrogate in a field value', { fields: { phone: 'x\ud800y' } }, 'items.0.fields.phone'],
    ['a NUL in an idempotency key', { idempotencyKey: '\u0000' }, 'items.0.idempotencyKey'],
  ])('refuses %s with a 400 naming the field, and queues nothing (cause 7)', async (_what, patch, path) => {
    const before = (await ledger(t, conn)).counts;
    const res = await submit(t, conn, [{ ...update('nul', account('Nul'), roxNow(), 'ok'), ...patch }]);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('VALIDATION_FAILED');
    expect(res.json.error.message).toContain(path);
    expect((await ledger(t, conn)).counts).toEqual(before);
  });

  it('refuses a NUL or lone surrogate in an activity subject and in a query parameter (cause 7)', async () => {
    const bad = await submit(t, conn, [email('nul-subject', 'a@b.example', 'bad \udc00 subject')]);
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toContain('items.0.activity.subject');
    const q = await t.api('GET', `/v1/connections/${conn}/writebacks?requestId=%00`);
    expect(q.status).toBe(400);
    expect(q.json.error.message).toContain('requestId');
  });
});
