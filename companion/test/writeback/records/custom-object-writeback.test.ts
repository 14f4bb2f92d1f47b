/**
 * Custom objects: a customObjects tab in the CRM mappings (validated against the org's describe
 * like the standard tabs), then updates and new records written back to it with the same rules —
 * Read Only never written, creates once with their ID mapping.
 */
import { f } from '../../../local-org/src/schema/field-builders.js';
import { SF } from '../../../src/salesforce/names.js';
import { startCompanion, type TestCompanion } from '../../support/companion.js';
import { drainNow, ledger, submit } from '../../support/writeback.js';

let t: TestCompanion;
let conn: string;

function grantIntegration(object: string, fields: string[]) {
  const admin = t.lo.org.users.admin.id;
  const [user] = t.lo.org.query(admin, `SELECT ProfileId FROM User WHERE Id = '${t.lo.org.users.integration.id}'`);
  const [ps] = t.lo.org.query(
    admin,
    `SELECT Id FROM PermissionSet WHERE IsOwnedByProfile = true AND ProfileId = '${String(user.ProfileId)}'`,
  );
  const ParentId = String(ps.Id);
  t.lo.org.insert('ObjectPermissions', {
    ParentId,
    SobjectType: object,
    PermissionsRead: true,
    PermissionsCreate: true,
    PermissionsEdit: true,
    PermissionsDelete: false,
    PermissionsViewAllRecords: false,
    PermissionsModifyAllRecords: false,
    PermissionsViewAllFields: false,
  });
  for (const field of fields)
    t.lo.org.insert('FieldPermissions', {
      ParentId,
      SobjectType: object,
      Field: `${object}.${field}`,
      PermissionsRead: true,
      PermissionsEdit: true,
    });
}

beforeAll(async () => {
  t = await startCompanion(
    'pglite',
    {},
    {
      schema: {
        customObjects: [
          {
            name: 'Project__c',
            label: 'Project',
            labelPlural: 'Projects',
            fields: [f.string('Stage__c', 'Stage', 40), f.string('Notes__c', 'Notes', 255)],
          },
        ],
      },
    },
  );
  grantIntegration('Project__c', ['Stage__c', 'Notes__c']);
  const res = await t.api('POST', '/v1/connections', {
    body: {
      authMethod: 'jwt',
      name: 'custom',
      username: t.lo.org.users.integration.username,
      privateKey: t.lo.org.jwtKeys().privateKeyPem,
    },
  });
  conn = res.json.connection.id;
});
afterAll(() => t.close());

async function saveMappings(customObjects: unknown[]) {
  const m = (await t.api('GET', `/v1/connections/${conn}/mappings`)).json.config;
  return t.api('PUT', `/v1/connections/${conn}/mappings`, { body: { ...m, customObjects } });
}

const projectTab = (fields: unknown[]) => ({
  sobject: 'Project__c',
  sync: true,
  writebackNewEntities: true,
  customRoxFields: [
    { key: 'custom_name', label: 'Name', type: 'string' },
    { key: 'custom_stage', label: 'Stage', type: 'string' },
    { key: 'custom_notes', label: 'Notes', type: 'string' },
  ],
  fieldMappings: fields,
  staticValues: [],
});

it('validates a custom object tab against the describe, naming the object and field', async () => {
  const bad = await saveMappings([
    projectTab([{ roxField: 'custom_stage', salesforceField: 'Phase__c', mode: 'read_write' }]),
  ]);
  expect(bad.status).toBe(422);
  expect(bad.json.error.details.problems[0]).toMatchObject({
    code: 'FIELD_NOT_FOUND',
    tab: 'custom',
    sobject: 'Project__c',
    field: 'Phase__c',
  });
  expect(bad.json.error.message).toContain('Custom objects tab, Project__c.Phase__c');
});

it('writes updates and new records to the custom object, never its Read Only fields', async () => {
  const ok = await saveMappings([
    projectTab([
      { roxField: 'custom_name', salesforceField: 'Name', mode: 'read_write' },
      { roxField: 'custom_stage', salesforceField: 'Stage__c', mode: 'read_write' },
      { roxField: 'custom_notes', salesforceField: 'Notes__c', mode: 'read_only' },
    ]),
  ]);
  expect([ok.status, ok.json.error?.message]).toEqual([200, undefined]);
  const id = t.lo.org.insert(
    'Project__c',
    { Name: 'Apollo', Stage__c: 'Plan', Notes__c: 'keep' },
    t.lo.org.users.integration.id,
  );
  const changedAt = new Date(Date.now() + 60_000).toISOString();
  const res = await submit(t, conn, [
    {
      type: 'update',
      object: 'Project__c',
      roxId: 'p-1',
      salesforceId: id,
      changedAt,
      fields: { custom_stage: 'Build', custom_notes: 'overwrite?' },
    },
    {
      type: 'create',
      object: 'Project__c',
      roxId: 'p-2',
      changedAt,
      fields: { custom_name: 'Gemini', custom_stage: 'Plan' },
    },
    { type: 'update', object: 'Widget__c', roxId: 'w-1', salesforceId: id, changedAt, fields: { custom_x: 1 } },
  ]);
  expect(res.json.items.map((i: { state: string }) => i.state)).toEqual(['queued', 'queued', 'rejected']);
  expect(res.json.items[2].rejected[0].code).toBe('OBJECT_NOT_MAPPED');
  await drainNow(t, conn);
  expect(t.lo.org.get(id)).toMatchObject({ Stage__c: 'Build', Notes__c: 'keep' });
  const created = (await ledger(t, conn, `&requestId=${res.json.requestId}`)).items[1];
  expect(created).toMatchObject({ state: 'written', outcome: { created: true } });
  expect(t.lo.org.get(created.salesforceId)).toMatchObject({ Name: 'Gemini', Stage__c: 'Plan' });
  const mapping = t.lo.org.query(
    t.lo.org.users.integration.id,
    `SELECT ${SF.idMapping.salesforceObject} FROM ${SF.idMapping.object} WHERE ${SF.idMapping.roxEntityId} = 'p-2'`,
  );
  expect(mapping).toEqual([expect.objectContaining({ [SF.idMapping.salesforceObject]: 'Project__c' })]);
});
