/**
 * Activities end to end (API → outbox → worker → local org) on both engines: an email to a known
 * Contact, to an unknown address (a Lead is created, once, even for two emails to it in one
 * request), a resend that updates instead of duplicating, a meeting as an Event with its
 * account, a kind whose toggle is off rejected at intake, and the API budget for 1,000 emails.
 */
import { SF } from '../../../src/salesforce/names.js';
import { ENGINES } from '../../support/engines.js';
import { startCompanion, type TestCompanion } from '../../support/companion.js';
import { drainNow, ledger, readyConnection, submit } from '../../support/writeback.js';

describe.each(ENGINES)('activity writeback on %s', (engine) => {
  let t: TestCompanion;
  let conn: string;
  const owner = () => t.lo.org.users.integration.id;
  const email = (roxActivityId: string, to: string, extra: Record<string, unknown> = {}) => ({
    type: 'activity',
    activity: {
      kind: 'email',
      roxActivityId,
      subject: `Hello ${to}`,
      body: 'Body text',
      occurredAt: '2026-11-20T10:00:00Z',
      direction: 'outbound',
      participants: [
        { email: 'rep@rox.example', role: 'from' },
        { email: to, role: 'to', name: 'Jane Doe' },
      ],
      ...extra,
    },
  });

  beforeAll(async () => {
    t = await startCompanion(engine);
    conn = await readyConnection(t, 'activities', (m) => {
      m.activities.writeback.email = true;
      m.activities.writeback.meetingsAsEvents = true;
      m.activities.leadResolution = true;
    });
  });
  afterAll(() => t.close());

  it('attaches an email to the Contact with that address, and a resend updates the same Task', async () => {
    const contact = t.lo.org.insert('Contact', { LastName: 'Known', Email: 'known@acme.example' }, owner());
    await submit(t, conn, [email('act-1', 'Known@Acme.example')]);
    await drainNow(t, conn);
    const tasks = t.lo.org.query(
      owner(),
      `SELECT Id, WhoId, Subject, TaskSubtype, Status FROM Task WHERE ${SF.roxActivityId} = 'act-1'`,
    );
    expect(tasks).toEqual([expect.objectContaining({ WhoId: contact, TaskSubtype: 'Email', Status: 'Completed' })]);

    await submit(t, conn, [email('act-1', 'known@acme.example', { subject: 'Hello again' })]);
    await drainNow(t, conn);
    const again = t.lo.org.query(owner(), `SELECT Id, Subject FROM Task WHERE ${SF.roxActivityId} = 'act-1'`);
    expect(again).toEqual([{ attributes: expect.anything(), Id: tasks[0].Id, Subject: 'Hello again' }]);
  });

  it('creates one Lead for a new address, even for two emails to it in one request', async () => {
    const res = await submit(t, conn, [
      email('act-2', 'new.person@newco.example'),
      email('act-3', 'NEW.person@newco.example'),
    ]);
    await drainNow(t, conn);
    const leads = t.lo.org.query(
      owner(),
      "SELECT Id, LastName, Company FROM Lead WHERE Email = 'new.person@newco.example'",
    );
    expect(leads).toHaveLength(1);
    const rows = (await ledger(t, conn, `&requestId=${res.json.requestId}`)).items;
    expect(rows.map((r: { state: string }) => r.state)).toEqual(['written', 'written']);
    const whos = t.lo.org
      .query(owner(), `SELECT WhoId FROM Task WHERE ${SF.roxActivityId} IN ('act-2', 'act-3')`)
      .map((r) => r.WhoId);
    expect(whos).toEqual([leads[0].Id, leads[0].Id]);
  });

  it('writes a meeting as an Event related to the mapped Account', async () => {
    const acct = t.lo.org.insert('Account', { Name: 'Meeting Co' }, owner());
    await t.svc.ids.save(conn, [{ sobject: 'Account', roxId: 'rox-acct-m', salesforceId: acct, reason: 'test' }]);
    await submit(t, conn, [
      {
        type: 'activity',
        activity: {
          kind: 'meeting',
          roxActivityId: 'mtg-1',
          subject: 'Kickoff',
          occurredAt: '2026-11-21T15:00:00Z',
          endAt: '2026-11-21T15:30:00Z',
          location: 'Zoom',
          participants: [],
          relatedTo: { accountRoxId: 'rox-acct-m' },
        },
      },
    ]);
    await drainNow(t, conn);
    const events = t.lo.org.query(
      owner(),
      `SELECT WhatId, Subject, Location, DurationInMinutes FROM Event WHERE ${SF.roxActivityId} = 'mtg-1'`,
    );
    expect(events).toEqual([
      expect.objectContaining({ WhatId: acct, Subject: 'Kickoff', Location: 'Zoom', DurationInMinutes: 30 }),
    ]);
  });

  it('previews with dryRun: the person found, or the Lead that would be created, and writes nothing', async () => {
    const contact = t.lo.org.insert('Contact', { LastName: 'Dry', Email: 'dry.known@acme.example' }, owner());
    const leadsBefore = t.lo.org.query(owner(), 'SELECT Id FROM Lead').length;
    const res = await submit(
      t,
      conn,
      [email('dry-1', 'dry.known@acme.example'), email('dry-2', 'maria.lopez@brandnew.example')],
      { dryRun: true },
    );
    expect(res.status).toBe(200);
    expect(res.json.items[0]).toMatchObject({
      who: { sobject: 'Contact', id: contact, reason: 'contact' },
      wouldCreateLead: null,
      sobject: 'Task',
    });
    expect(res.json.items[1]).toMatchObject({
      who: null,
      wouldCreateLead: {
        values: { Email: 'maria.lopez@brandnew.example', LastName: 'Doe', FirstName: 'Jane', Company: 'Brandnew' },
      },
    });
    expect(t.lo.org.query(owner(), 'SELECT Id FROM Lead')).toHaveLength(leadsBefore);
    expect(t.lo.org.query(owner(), `SELECT Id FROM Task WHERE ${SF.roxActivityId} IN ('dry-1', 'dry-2')`)).toHaveLength(
      0,
    );
  });

  it('rejects at intake a kind whose writeback toggle is off', async () => {
    const res = await submit(t, conn, [
      {
        type: 'activity',
        activity: {
          kind: 'call',
          roxActivityId: 'call-1',
          subject: 'Call',
          occurredAt: '2026-11-20T10:00:00Z',
          participants: [],
        },
      },
    ]);
    expect(res.json.items[0].state).toBe('rejected');
    expect(res.json.items[0].rejected[0].reason).toContain('phoneCall');
  });

  it('resolves and writes 1,000 emails (half to unknown addresses) within 20 API calls per 1,000', async () => {
    for (let i = 0; i < 500; i++)
      t.lo.org.insert('Contact', { LastName: `C${i}`, Email: `known${i}@bulk.example` }, owner());
    const items = Array.from({ length: 1000 }, (_, i) =>
      email(`bulk-${i}`, i % 2 === 0 ? `known${i / 2}@bulk.example` : `unknown${i}@other.example`),
    );
    await submit(t, conn, items.slice(0, 500));
    await submit(t, conn, items.slice(500));
    t.lo.org.resetUsage();
    await drainNow(t, conn);
    const calls = t.lo.org.usage().total;
    process.stdout.write(
      `1,000 email activities, half to unknown addresses: ${calls} API calls ${JSON.stringify(t.lo.org.usage().byRouteMethod)}\n`,
    );
    expect(calls).toBeLessThanOrEqual(20);
    expect(t.lo.org.query(owner(), `SELECT Id FROM Task WHERE ${SF.roxActivityId} LIKE 'bulk-%'`)).toHaveLength(1000);
    expect(t.lo.org.query(owner(), "SELECT Id FROM Lead WHERE Email LIKE 'unknown%@other.example'")).toHaveLength(500);
    const written = (await ledger(t, conn, '&state=written&limit=1000')).counts.written;
    expect(written).toBeGreaterThanOrEqual(1000);
  }, 60_000);
});
