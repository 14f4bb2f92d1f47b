/**
 * The activity-id field an org really has (issue 14): the package's RoxAI__RoxActivityId__c, the
 * RoxActivityId__c an admin made by hand as the setup guide says (not an External ID, or one), or
 * both. In each case activities are written exactly once — resends update, retries after a lost
 * answer find what the first try created — and the connection status names the field used. A key
 * several Tasks share (made by hand; the package's field is not unique) is written to the oldest,
 * the others reported, never a failed write.
 */
import { fields as f } from '../../../local-org/src/index.js';
import type { CreateLocalOrgOptions } from '../../../local-org/src/index.js';
import { SF } from '../../../src/salesforce/names.js';
import { startCompanion, type TestCompanion } from '../../support/companion.js';
import { drainNow, ledger, readyConnection, submit } from '../../support/writeback.js';

const handMade = (externalId: boolean) =>
  (['Task', 'Event'] as const).map((object) => ({
    object,
    fields: [f.string('RoxActivityId__c', 'Rox Activity ID', 100, { externalId })],
  }));

type Doctor = { field: string; access: string };
const CASES: Array<[string, CreateLocalOrgOptions['schema'], string, RegExp, Doctor]> = [
  [
    'only the package',
    {},
    SF.roxActivityId,
    /Task: RoxAI__RoxActivityId__c \(package\), upserted on it/,
    { field: 'pass', access: 'pass' },
  ],
  [
    'only a hand-made field, not an External ID',
    { packageSourceDir: false, customFields: handMade(false) },
    'RoxActivityId__c',
    /Task: RoxActivityId__c \(made by hand\), found by query, then inserted or updated .*mark it External ID/,
    { field: 'warning', access: 'pass' },
  ],
  [
    'only a hand-made External ID',
    { packageSourceDir: false, customFields: handMade(true) },
    'RoxActivityId__c',
    /Task: RoxActivityId__c \(made by hand\), upserted on it/,
    { field: 'pass', access: 'pass' },
  ],
  [
    'both',
    { customFields: handMade(false) },
    SF.roxActivityId,
    /Task: RoxAI__RoxActivityId__c \(package\), upserted on it.*RoxActivityId__c \(made by hand\) is filled too/,
    { field: 'pass', access: 'pass' },
  ],
];

describe.each(CASES)('activities in an org with %s', (_name, schema, key, statusLine, doctor) => {
  let t: TestCompanion;
  let conn: string;
  const owner = () => t.lo.org.users.integration.id;
  const email = (roxActivityId: string, subject: string) => ({
    type: 'activity',
    activity: {
      kind: 'email',
      roxActivityId,
      subject,
      occurredAt: '2026-11-20T10:00:00Z',
      participants: [{ email: 'known@acme.example', role: 'to' }],
    },
  });
  const columns = [...new Set(['Id', 'Subject', key, ...(schema?.customFields ? ['RoxActivityId__c'] : [])])];
  const tasks = (id: string) => t.lo.org.query(owner(), `SELECT ${columns.join(', ')} FROM Task WHERE ${key} = '${id}'`);

  beforeAll(async () => {
    t = await startCompanion('pglite', {}, { schema });
    t.lo.org.insert('Contact', { LastName: 'Known', Email: 'known@acme.example' }, owner());
    conn = await readyConnection(t, 'ids', (m) => {
      m.activities.writeback.email = true;
    });
  });
  afterAll(() => t.close());

  it('writes once, updates on a resend, and says which field it uses', async () => {
    await submit(t, conn, [email('id-1', 'First')]);
    await drainNow(t, conn);
    expect(tasks('id-1')).toEqual([expect.objectContaining({ Subject: 'First' })]);
    await submit(t, conn, [email('id-1', 'Second')]);
    await drainNow(t, conn);
    const after = tasks('id-1');
    expect(after).toEqual([expect.objectContaining({ Subject: 'Second' })]);
    if (schema?.customFields) expect(after[0].RoxActivityId__c).toBe('id-1');
    const status = (await t.api('GET', `/v1/connections/${conn}`)).json;
    expect(status.activityIdField.join('\n')).toMatch(statusLine);
  });

  it("doctor accepts the org's field and says which it is", async () => {
    const report = (await t.api('GET', `/v1/connections/${conn}/doctor`)).json;
    const row = (id: string) => report.rows.find((r: { id: string }) => r.id === id);
    expect({ field: row('activities.field').status, access: row('activities.fieldAccess').status }).toEqual(doctor);
    if (key === 'RoxActivityId__c') {
      expect(row('activities.field').found).toContain('RoxActivityId__c, made by hand');
      expect(row('activities.fieldAccess').found).toContain('Task.RoxActivityId__c and Event.RoxActivityId__c, made by hand');
    }
  });

  it('finds the Task a lost answer created instead of creating another', async () => {
    const fault = t.lo.org.addFault({ kind: 'drop-connection', phase: 'after', route: 'composite/sobjects', count: 1 });
    await submit(t, conn, [email('id-lost', 'Lost answer')]);
    await drainNow(t, conn);
    expect(fault.fired).toBe(1);
    t.lo.org.clearFaults();
    expect(tasks('id-lost')).toHaveLength(1);
    expect((await ledger(t, conn)).items.find((w: any) => w.state !== 'written')).toBeUndefined();
  });

  it('writes a key several Tasks share to the oldest and reports the others', async () => {
    const first = t.lo.org.insert('Task', { Subject: 'Copy 1', [key]: 'id-shared', Status: 'Completed' }, owner());
    const second = t.lo.org.insert('Task', { Subject: 'Copy 2', [key]: 'id-shared', Status: 'Completed' }, owner());
    const sent = await submit(t, conn, [email('id-shared', 'From Rox')]);
    await drainNow(t, conn);
    const w = (await ledger(t, conn, `&requestId=${sent.json.requestId}`)).items[0];
    expect(w).toMatchObject({ state: 'written', salesforceId: first, outcome: { duplicates: [second] } });
    expect(t.lo.org.get(first)?.Subject).toBe('From Rox');
    expect(t.lo.org.get(second)?.Subject).toBe('Copy 2');
  });

  if (schema?.customFields && schema.packageSourceDir !== false)
    it('updates a Task written before the package was installed (its id only in the hand-made field)', async () => {
      const before = t.lo.org.insert('Task', { Subject: 'Logged by hand-made', RoxActivityId__c: 'id-old', Status: 'Completed' }, owner());
      await submit(t, conn, [email('id-old', 'Resent after the package')]);
      await drainNow(t, conn);
      expect(tasks('id-old')).toEqual([
        expect.objectContaining({ Id: before, Subject: 'Resent after the package', RoxActivityId__c: 'id-old' }),
      ]);
    });
});

it('refuses the Activities mappings, naming the field to create, when the org has no activity-id field', async () => {
  const t = await startCompanion('pglite', {}, { schema: { packageSourceDir: false } });
  try {
    const conn = await readyConnection(t, 'none', (m) => {
      m.activities.writeback.email = true;
    }).catch((e: Error) => e);
    // Without either field the Activities tab's required activity_id mapping cannot be saved.
    expect(String(conn)).toContain('RoxAI__RoxActivityId__c');
  } finally {
    await t.close();
  }
});
