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

  it("shows an object's fields for a field picker: formulas read only, picklist values, lookups", async () => {
    const res = await t.api('GET', `/v1/connections/${id}/schema/Account`);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ sobject: 'Account', label: 'Account' });
    const fields: Array<Record<string, any>> = res.json.fields;
    const labels = fields.map((f) => f.label);
    expect(labels).toEqual([...labels].sort((a, b) => a.localeCompare(b, 'en')));
    const byName = (n: string) => fields.find((f) => f.name === n);
    expect(byName('Employee_Band__c')).toMatchObject({
      type: 'string',
      calculated: true,
      canRead: true,
      canCreate: false,
      canUpdate: false,
    });
    const industry = byName('Industry')!;
    expect(industry).toMatchObject({ type: 'picklist', calculated: false, canCreate: true, canUpdate: true });
    expect(industry.picklistValues.length).toBeGreaterThan(3);
    expect(industry.picklistValues).toContainEqual(
      expect.objectContaining({ value: 'Energy', label: 'Energy', active: true, default: false }),
    );
    expect(byName('ParentId')).toMatchObject({ type: 'reference', referenceTo: ['Account'] });
    expect(byName('Name')).toMatchObject({ type: 'string', length: 255, nillable: false });
    expect(byName('Id')).toMatchObject({ canCreate: false, canUpdate: false, picklistValues: [], referenceTo: [] });
    // The same object in any spelling Salesforce accepts.
    expect((await t.api('GET', `/v1/connections/${id}/schema/account`)).json.sobject).toBe('Account');
  });

  it("answers an unknown object with Salesforce's words, and another connection's key with 403", async () => {
    const unknown = await t.api('GET', `/v1/connections/${id}/schema/No_Such_Object__c`);
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.code).toBe('NOT_FOUND');
    expect(unknown.json.error.message).toMatch(/^No object No_Such_Object__c in this org/);
    expect(unknown.json.error.message).toContain('The requested resource does not exist');
    expect(unknown.json.error.details).toEqual({ salesforceErrorCode: 'NOT_FOUND' });
    const badName = await t.api('GET', `/v1/connections/${id}/schema/1bad-name`);
    expect(badName.status).toBe(404);

    const created = await t.api('POST', '/v1/connections', { body: { authMethod: 'oauth', name: 'maps-other' } });
    await completeOAuthInBrowser(t, created.json.authorizeUrl);
    const otherKey = (await t.svc.keys.create({ connectionId: created.json.connection.id, name: 'other' })).key;
    const refused = await t.api('GET', `/v1/connections/${id}/schema/Account`, { key: otherKey });
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe('FORBIDDEN');
    const ownKey = (await t.svc.keys.create({ connectionId: id, name: 'own' })).key;
    expect((await t.api('GET', `/v1/connections/${id}/schema/Account`, { key: ownKey })).status).toBe(200);
  });

  it("lists each tab's Rox fields: the built-in catalogue, then the tab's custom Rox fields", async () => {
    const before = (await t.api('GET', `/v1/connections/${id}/mappings`)).json;
    expect(before.catalogue.accounts).toContainEqual({ key: 'domain', label: 'Domain', type: 'string', custom: false });
    expect(before.catalogue.accounts).toContainEqual({
      key: 'parent_account_id',
      label: 'Parent account',
      type: 'reference',
      referenceTo: 'Account',
      custom: false,
    });
    expect(before.catalogue.activities.map((f: { key: string }) => f.key)).toContain('activity_id');
    expect(Object.keys(before.catalogue).sort()).toEqual([
      'accounts',
      'activities',
      'contacts',
      'customFieldTypes',
      'customObjects',
      'leads',
      'opportunities',
    ]);
    // What a custom Rox field may be: every Rox field type but reference (which only the catalogue has).
    expect(before.catalogue.customFieldTypes).toContain('number');
    expect(before.catalogue.customFieldTypes).not.toContain('reference');

    const config = structuredClone(before.config);
    config.leads.customRoxFields = [{ key: 'custom_fit_score', label: 'Fit score', type: 'number' }];
    config.customObjects = [
      {
        sobject: 'Product2',
        sync: false,
        writebackNewEntities: false,
        customRoxFields: [{ key: 'custom_sku', label: 'SKU', type: 'string' }],
        fieldMappings: [],
        staticValues: [],
      },
    ];
    const checked = await t.api('POST', `/v1/connections/${id}/mappings/validate`, { body: config });
    expect(checked.status).toBe(200);
    expect(checked.json.catalogue.leads.at(-1)).toEqual({
      key: 'custom_fit_score',
      label: 'Fit score',
      type: 'number',
      custom: true,
    });
    expect(checked.json.catalogue.leads.length).toBe(before.catalogue.leads.length + 1);
    expect(checked.json.catalogue.customObjects).toEqual([
      { sobject: 'Product2', fields: [{ key: 'custom_sku', label: 'SKU', type: 'string', custom: true }] },
    ]);
  });

  it('takes back exactly what GET returns: the whole answer, or its config alone', async () => {
    const stored = async () =>
      (
        await t.testDb.db.query<{ config: unknown }>('SELECT config FROM crm_mappings WHERE connection_id = $1', [id])
      )[0]?.config;
    const view = (await t.api('GET', `/v1/connections/${id}/mappings`)).json;
    expect(view.catalogue).toBeDefined();
    const whole = await t.api('PUT', `/v1/connections/${id}/mappings`, { body: view });
    expect(whole.status).toBe(200);
    expect(await stored()).toEqual(view.config);
    expect(whole.json.config).toEqual(view.config);

    const again = (await t.api('GET', `/v1/connections/${id}/mappings`)).json;
    expect(again.saved).toBe(true);
    const alone = await t.api('PUT', `/v1/connections/${id}/mappings`, { body: again.config });
    expect(alone.status).toBe(200);
    expect(await stored()).toEqual(view.config);

    // validate takes the same bodies; an unknown key beside them is still named.
    expect((await t.api('POST', `/v1/connections/${id}/mappings/validate`, { body: again })).status).toBe(200);
    const extra = await t.api('PUT', `/v1/connections/${id}/mappings`, { body: { ...again, catalog: [] } });
    expect(extra.status).toBe(400);
    expect(extra.json.error.message).toContain('catalog');
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
