/**
 * CRM mappings over the HTTP API on both engines: defaults with the access report, a refused save
 * stores nothing and names every problem, a valid save, and re-validation after the org's schema
 * changes (a mapped field hidden by field-level security).
 */
import { ENGINES } from '../support/engines.js';
import { completeOAuthInBrowser, startCompanion, type TestCompanion } from '../support/companion.js';

describe.each(ENGINES)('mappings API on %s', (engine) => {
  let t: TestCompanion;
  let id: string;
  beforeAll(async () => {
    t = await startCompanion(engine);
    const created = await t.api('POST', '/v1/connections', { body: { authMethod: 'oauth', name: 'maps' } });
    await completeOAuthInBrowser(t, created.json.authorizeUrl);
    id = created.json.connection.id;
  });
  afterAll(() => t.close());

  it('shows the defaults, unsaved, valid, with per-field access for the connected user', async () => {
    const res = await t.api('GET', `/v1/connections/${id}/mappings`);
    expect(res.status).toBe(200);
    expect(res.json.saved).toBe(false);
    expect(res.json.problems).toEqual([]);
    const name = res.json.access.find(
      (a: { sobject: string; field: string }) => a.sobject === 'Account' && a.field === 'Name',
    );
    expect(name).toMatchObject({ canRead: true, canUpdate: true });
  });

  it('refuses mappings that do not fit the schema, naming each problem, and stores nothing', async () => {
    const base = (await t.api('GET', `/v1/connections/${id}/mappings`)).json.config;
    const bad = structuredClone(base);
    const description = bad.accounts.fieldMappings.find(
      (m: { salesforceField: string }) => m.salesforceField === 'Description',
    );
    description.salesforceField = 'No_Such_Field__c';
    bad.accounts.staticValues.push({ salesforceField: 'Industry', value: 'x'.repeat(300), applyOn: 'create' });
    const res = await t.api('PUT', `/v1/connections/${id}/mappings`, { body: bad });
    expect(res.status).toBe(422);
    expect(res.json.error.code).toBe('MAPPING_INVALID');
    const codes = res.json.error.details.problems.map((p: { code: string }) => p.code);
    expect(codes).toContain('FIELD_NOT_FOUND');
    expect(res.json.error.message).toContain('No_Such_Field__c');
    expect(await t.testDb.db.query('SELECT 1 FROM crm_mappings WHERE connection_id = $1', [id])).toHaveLength(0);
  });

  it('rejects a body of the wrong shape before looking at Salesforce', async () => {
    const res = await t.api('PUT', `/v1/connections/${id}/mappings`, {
      body: { version: 1, accounts: { sync: 'yes' } },
    });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('VALIDATION_FAILED');
    expect(res.json.error.message).toMatch(/accounts\.sync/);
  });

  it('saves valid mappings, then reports a mapped field the org later hides', async () => {
    const config = (await t.api('GET', `/v1/connections/${id}/mappings`)).json.config;
    const saved = await t.api('PUT', `/v1/connections/${id}/mappings`, { body: config });
    expect(saved.status).toBe(200);
    expect(saved.json.saved).toBe(true);
    const mapped = config.contacts.fieldMappings.find(
      (m: { salesforceField: string }) => m.salesforceField === 'Title',
    );
    expect(mapped).toBeDefined();

    const admin = t.lo.org.users.admin.id;
    const [user] = t.lo.org.query(admin, `SELECT ProfileId FROM User WHERE Id = '${t.lo.org.users.integration.id}'`);
    const [ps] = t.lo.org.query(
      admin,
      `SELECT Id FROM PermissionSet WHERE IsOwnedByProfile = true AND ProfileId = '${String(user.ProfileId)}'`,
    );
    const [fp] = t.lo.org.query(
      admin,
      `SELECT Id FROM FieldPermissions WHERE ParentId = '${String(ps.Id)}' AND Field = 'Contact.Title'`,
    );
    t.lo.org.update('FieldPermissions', String(fp.Id), { PermissionsRead: false, PermissionsEdit: false });

    const res = await t.api('POST', `/v1/connections/${id}/mappings/validate`);
    expect(res.status).toBe(200);
    expect(res.json.problems).toEqual([
      expect.objectContaining({
        code: 'FIELD_NOT_FOUND',
        sobject: 'Contact',
        field: 'Title',
        message: expect.stringContaining('Title'),
      }),
    ]);
    const [row] = await t.testDb.db.query<{ problems: unknown[] }>(
      'SELECT problems FROM crm_mappings WHERE connection_id = $1',
      [id],
    );
    expect(row.problems).toHaveLength(1);
  });
});
