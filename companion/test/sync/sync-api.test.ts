/**
 * Sync through the API on both engines: only synced tabs and mapped fields are pulled; the read
 * API pages changes with tombstones and finds records by Salesforce id or Rox id; schema drift (a
 * mapped field hidden by FLS) costs only that field; a newly mapped field is backfilled for that
 * column alone; an unmapped field's stored values are removed; synced values feed writeback's
 * newest-change-wins check; disconnect purges the synced rows.
 */
import { FieldStateStore } from '../../src/store/field-state-store.js';
import { ENGINES } from '../support/engines.js';
import { startCompanion, type TestCompanion } from '../support/companion.js';
import { syncing } from '../support/sync.js';
import { readyConnection } from '../support/writeback.js';

describe.each(ENGINES)('sync API on %s', (engine) => {
  let t: TestCompanion;
  let conn: string;
  const owner = () => t.lo.org.users.integration.id;

  beforeAll(async () => {
    t = await startCompanion(engine);
    conn = await readyConnection(t, 'sync-api', syncing('accounts', 'contacts'));
  });
  afterAll(() => t.close());

  it('pulls only synced objects and mapped fields, and serves changes, tombstones and single records', async () => {
    const ids = Array.from({ length: 30 }, (_, i) =>
      t.lo.org.insert('Account', { Name: `Read ${i}`, Industry: 'Energy', Sic: 'not mapped' }, owner()),
    );
    t.lo.org.insert('Opportunity', { Name: 'Not synced', StageName: 'Prospecting', CloseDate: '2026-12-01' }, owner());
    const res = await t.api('POST', `/v1/connections/${conn}/sync`);
    expect(res.status).toBe(200);
    const objects = res.json.objects.map((o: { sobject: string }) => o.sobject);
    expect(objects).toEqual(['Account', 'Contact']);
    const page = await t.api('GET', `/v1/connections/${conn}/records/Account?limit=10`);
    expect(page.json.records).toHaveLength(10);
    expect(page.json.records[0].data).toHaveProperty('Industry', 'Energy');
    expect(page.json.records[0].data).not.toHaveProperty('Sic');
    const rest = await t.api('GET', `/v1/connections/${conn}/records/Account?after=${page.json.next}&limit=1000`);
    expect(page.json.records.length + rest.json.records.length).toBe(30);

    await t.svc.ids.save(conn, [{ sobject: 'Account', roxId: 'rox-read-1', salesforceId: ids[1], reason: 'test' }]);
    expect((await t.api('GET', `/v1/connections/${conn}/records/Account/${ids[1]}`)).json.data.Name).toBe('Read 1');
    expect((await t.api('GET', `/v1/connections/${conn}/records/Account/by-rox-id/rox-read-1`)).json.id).toBe(ids[1]);
    expect((await t.api('GET', `/v1/connections/${conn}/records/Account/001000000000000AAA`)).status).toBe(404);

    const s = await t.lo.org.issueSession(t.lo.org.users.admin.username);
    const { Connection } = await import('jsforce');
    await new Connection({ instanceUrl: t.lo.instanceUrl, accessToken: s.accessToken, version: '62.0' })
      .sobject('Account')
      .destroy(ids[2]);
    await t.api('POST', `/v1/connections/${conn}/sync`);
    const after = await t.api('GET', `/v1/connections/${conn}/records/Account?after=${rest.json.records.at(-1).seq}`);
    expect(after.json.records).toEqual([expect.objectContaining({ id: ids[2], isDeleted: true })]);
    const status = (await t.api('GET', `/v1/connections/${conn}/sync`)).json.objects.find(
      (o: { object: string }) => o.object === 'Account',
    );
    expect(status).toMatchObject({ rows: 29, deleted: 1, error: null });
    expect(status.apiCalls).toBeGreaterThan(0);
  });

  it('keeps syncing the rest when a mapped field disappears, backfills a newly mapped column, drops an unmapped one', async () => {
    const id = t.lo.org.insert('Contact', { LastName: 'Drift', Title: 'CTO', Department: 'R&D' }, owner());
    await t.api('POST', `/v1/connections/${conn}/sync`);
    // The admin hides Contact.Title from the integration user.
    const admin = t.lo.org.users.admin.id;
    const [user] = t.lo.org.query(admin, `SELECT ProfileId FROM User WHERE Id = '${owner()}'`);
    const [ps] = t.lo.org.query(
      admin,
      `SELECT Id FROM PermissionSet WHERE IsOwnedByProfile = true AND ProfileId = '${String(user.ProfileId)}'`,
    );
    const [fp] = t.lo.org.query(
      admin,
      `SELECT Id FROM FieldPermissions WHERE ParentId = '${String(ps.Id)}' AND Field = 'Contact.Title'`,
    );
    t.lo.org.update('FieldPermissions', String(fp.Id), { PermissionsRead: false, PermissionsEdit: false });
    t.lo.org.update('Contact', id, { LastName: 'Drift 2' }, admin);
    const run = (await t.api('POST', `/v1/connections/${conn}/sync`)).json.objects.find(
      (o: { sobject: string }) => o.sobject === 'Contact',
    );
    expect(run.droppedFields).toEqual(['Title']);
    expect(run.error).toBeUndefined();
    const rec = (await t.api('GET', `/v1/connections/${conn}/records/Contact/${id}`)).json;
    expect(rec.data).toMatchObject({ LastName: 'Drift 2' });
    expect(rec.data).not.toHaveProperty('Title'); // no longer synced: its stored value is removed

    // A newly mapped field is backfilled for that column alone; an unmapped one disappears.
    const m = (await t.api('GET', `/v1/connections/${conn}/mappings`)).json.config;
    m.contacts.fieldMappings = m.contacts.fieldMappings.filter(
      (f: { salesforceField: string }) => f.salesforceField !== 'Title',
    );
    m.contacts.customRoxFields.push({ key: 'custom_fax', label: 'Fax', type: 'phone' });
    m.contacts.fieldMappings.push({ roxField: 'custom_fax', salesforceField: 'Fax', mode: 'read_only' });
    expect((await t.api('PUT', `/v1/connections/${conn}/mappings`, { body: m })).status).toBe(200);
    t.lo.org.update('Contact', id, { Fax: '555-0199' }, admin);
    const r2 = (await t.api('POST', `/v1/connections/${conn}/sync`)).json.objects.find(
      (o: { sobject: string }) => o.sobject === 'Contact',
    );
    expect(r2.backfilledColumns).toEqual(['Fax']);
    expect((await t.api('GET', `/v1/connections/${conn}/records/Contact/${id}`)).json.data).toMatchObject({
      Fax: '555-0199',
      Department: 'R&D',
    });
  });

  it('feeds synced values to the newest-change-wins check of writeback', async () => {
    const id = t.lo.org.insert('Account', { Name: 'Base', Phone: 'synced' }, owner());
    await t.api('POST', `/v1/connections/${conn}/sync`);
    const bases = await new FieldStateStore(t.testDb.db).bases(conn, 'Account', [id]);
    const base = bases.synced.get(`${id}.Phone`);
    expect(base).toMatchObject({ value: 'synced', source: 'sync' });
  });

  it('shows the run in progress, alone and cheaply with ?view=running', async () => {
    const seen: unknown[] = [];
    const run = t.svc.sync.runConnection(conn, () => {
      seen.push(t.svc.sync.running(conn));
    });
    await run;
    const during = (await Promise.all(seen)) as Array<{ running: { object: string; rows: number } | null }>;
    expect(during.length).toBeGreaterThan(0);
    expect(during[0].running).toMatchObject({ object: expect.any(String), rows: expect.any(Number) });
    const after = await t.api('GET', `/v1/connections/${conn}/sync?view=running`);
    expect(after.json).toEqual({ running: null });
    const bad = await t.api('GET', `/v1/connections/${conn}/sync?view=everything`);
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toContain('view must be running');
  });

  it('disconnect purges every synced row of the connection', async () => {
    const res = await t.api('DELETE', `/v1/connections/${conn}`);
    expect(res.json.deleted.synced_records).toBeGreaterThan(0);
    expect(res.json.deleted.sync_objects).toBeGreaterThan(0);
    expect(await t.testDb.db.query('SELECT 1 FROM synced_records WHERE connection_id = $1', [conn])).toHaveLength(0);
  });
});
