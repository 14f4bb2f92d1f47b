/**
 * The per-field access report and the problems that follow from the connected user's permissions,
 * against the local org over HTTP. Permission changes are made the way an admin makes them (as the
 * admin user, through the REST API on ObjectPermissions / FieldPermissions), each test on a fresh
 * org, and the mappings are re-validated as the companion does when the schema changes.
 */
import { Connection } from 'jsforce';
import { createLocalOrg, type RunningLocalOrg } from '../../local-org/src/index.js';
import {
  ROX_ACTIVITY_ID_FIELD,
  defaultCrmMappings,
  validateMappings,
  type DescribeProvider,
  type FieldAccess,
  type MappingValidation,
} from '../../src/mappings/index.js';

type User = 'integration' | 'admin' | 'integrationApiOnly' | 'salesRep';

function connect(lo: RunningLocalOrg, user: User): Connection {
  const s = lo.org.issueSession(lo.org.users[user].username);
  return new Connection({ instanceUrl: lo.instanceUrl, accessToken: s.accessToken, version: '62.0' });
}

function describerFor(lo: RunningLocalOrg, user: User = 'integration'): DescribeProvider {
  const conn = connect(lo, user);
  return async (o) => {
    try {
      return await conn.sobject(o).describe();
    } catch (e) {
      if ((e as { errorCode?: string }).errorCode === 'NOT_FOUND') return undefined;
      throw e;
    }
  };
}

/** The Rox Integration User profile's own permission set, as an admin finds it. */
async function integrationProfilePermissionSet(lo: RunningLocalOrg, admin: Connection): Promise<string> {
  const user = await admin.query<{ ProfileId: string }>(
    `SELECT ProfileId FROM User WHERE Id = '${lo.org.users.integration.id}'`,
  );
  const ps = await admin.query<{ Id: string }>(
    `SELECT Id FROM PermissionSet WHERE IsOwnedByProfile = true AND ProfileId = '${user.records[0].ProfileId}'`,
  );
  return ps.records[0].Id;
}

async function setObjectPermissions(lo: RunningLocalOrg, sobject: string, perms: Record<string, boolean>) {
  const admin = connect(lo, 'admin');
  const psId = await integrationProfilePermissionSet(lo, admin);
  const op = await admin.query<{ Id: string }>(
    `SELECT Id FROM ObjectPermissions WHERE ParentId = '${psId}' AND SobjectType = '${sobject}'`,
  );
  await admin.sobject('ObjectPermissions').update({ Id: op.records[0].Id, ...perms });
}

async function hideField(lo: RunningLocalOrg, field: string) {
  const admin = connect(lo, 'admin');
  const psId = await integrationProfilePermissionSet(lo, admin);
  const fp = await admin.query<{ Id: string }>(
    `SELECT Id FROM FieldPermissions WHERE ParentId = '${psId}' AND Field = '${field}'`,
  );
  await admin
    .sobject('FieldPermissions')
    .update({ Id: fp.records[0].Id, PermissionsRead: false, PermissionsEdit: false });
}

function accessOf(r: MappingValidation, sobject: string, field: string): FieldAccess {
  const found = r.access.filter((a) => a.sobject === sobject && a.field === field);
  expect(found).toHaveLength(1);
  return found[0];
}

let lo: RunningLocalOrg;
beforeEach(async () => {
  lo = await createLocalOrg({ logLevel: 'silent', crmSeed: false });
});
afterEach(() => lo.close());

describe('access report', () => {
  it('lists every mapped field and static value of the enabled tabs, with the mapping mode', async () => {
    const m = defaultCrmMappings();
    const r = await validateMappings(m, describerFor(lo));
    const expected =
      m.accounts.fieldMappings.length +
      m.opportunities.fieldMappings.length +
      m.contacts.fieldMappings.length +
      m.leads.fieldMappings.length +
      m.activities.fieldMappings.length +
      m.activities.staticValues.length;
    expect(r.access).toHaveLength(expected);
    expect(accessOf(r, 'Account', 'Website')).toEqual({
      tab: 'accounts',
      sobject: 'Account',
      field: 'Website',
      roxField: 'domain',
      mode: 'read_write',
      canRead: true,
      canCreate: true,
      canUpdate: true,
    });
    expect(accessOf(r, 'Task', 'Status')).toEqual({
      tab: 'activities',
      sobject: 'Task',
      field: 'Status',
      mode: 'static',
      canRead: true,
      canCreate: true,
      canUpdate: true,
    });
    expect(r.access.every((a) => a.canRead && a.problem === undefined)).toBe(true);
  });

  it('a formula and an FLS read-only field: readable, not creatable or updateable (integration user)', async () => {
    const m = defaultCrmMappings();
    m.accounts.customRoxFields.push(
      { key: 'custom_band', label: 'Band', type: 'string' },
      { key: 'custom_rating', label: 'Rating', type: 'picklist' },
    );
    m.accounts.fieldMappings.push(
      { roxField: 'custom_band', salesforceField: 'Employee_Band__c', mode: 'read_only' },
      { roxField: 'custom_rating', salesforceField: 'Rating', mode: 'read_only' },
    );
    const r = await validateMappings(m, describerFor(lo));
    expect(r.ok).toBe(true);
    for (const field of ['Employee_Band__c', 'Rating']) {
      expect(accessOf(r, 'Account', field)).toMatchObject({ canRead: true, canCreate: false, canUpdate: false });
    }
    const asRep = await validateMappings(m, describerFor(lo, 'salesRep'));
    expect(accessOf(asRep, 'Account', 'Rating')).toMatchObject({ canRead: true, canCreate: true, canUpdate: true });
  });

  it('a package field without FLS for the user (salesRep: RoxActivityId) is unreadable and reported', async () => {
    const r = await validateMappings(defaultCrmMappings(), describerFor(lo, 'salesRep'));
    for (const sobject of ['Task', 'Event']) {
      const a = accessOf(r, sobject, ROX_ACTIVITY_ID_FIELD);
      expect(a).toMatchObject({ canRead: false, canCreate: false, canUpdate: false });
      expect(a.problem).toMatch(
        new RegExp(`${sobject}\\.${ROX_ACTIVITY_ID_FIELD}: .*does not exist on ${sobject} or is hidden`),
      );
    }
    expect(r.problems.map((p) => `${p.code} ${p.sobject}.${p.field}`).sort()).toEqual([
      `FIELD_NOT_FOUND Event.${ROX_ACTIVITY_ID_FIELD}`,
      `FIELD_NOT_FOUND Task.${ROX_ACTIVITY_ID_FIELD}`,
    ]);
  });

  it('an object the user cannot see (API-only user): every field unreadable, the object problem attached', async () => {
    const r = await validateMappings(defaultCrmMappings(), describerFor(lo, 'integrationApiOnly'));
    expect(r.access.length).toBeGreaterThan(0);
    expect(r.access.every((a) => !a.canRead && !a.canCreate && !a.canUpdate)).toBe(true);
    expect(accessOf(r, 'Lead', 'Email').problem).toMatch(
      /Leads tab, Lead: the connected Salesforce user cannot see the Lead object/,
    );
  });
});

describe('permission and schema changes', () => {
  it('OBJECT_NOT_UPDATEABLE and OBJECT_NOT_CREATEABLE when the user loses Edit and Create on Lead', async () => {
    const m = defaultCrmMappings();
    m.leads.writebackNewEntities = true;
    expect((await validateMappings(m, describerFor(lo))).ok).toBe(true);
    await setObjectPermissions(lo, 'Lead', { PermissionsEdit: false, PermissionsCreate: false });
    const r = await validateMappings(m, describerFor(lo));
    expect(r.problems.map((p) => p.code)).toEqual(['OBJECT_NOT_UPDATEABLE', 'OBJECT_NOT_CREATEABLE']);
    expect(r.problems[0].message).toMatch(/Leads tab, Lead: the connected Salesforce user may not edit Lead records/);
    expect(r.problems[1].message).toMatch(/Leads tab, Lead: the connected Salesforce user may not create Lead records/);
    expect(accessOf(r, 'Lead', 'Email')).toMatchObject({ canRead: true, canCreate: false, canUpdate: false });
    expect(accessOf(r, 'Lead', 'Email').problem).toMatch(/may not edit Lead records/);
  });

  it('re-validating after FLS hides a mapped field reports it (Contact.Title)', async () => {
    const m = defaultCrmMappings();
    expect((await validateMappings(m, describerFor(lo))).ok).toBe(true);
    await hideField(lo, 'Contact.Title');
    const r = await validateMappings(m, describerFor(lo));
    expect(r.problems.map((p) => `${p.code} ${p.sobject}.${p.field}`)).toEqual(['FIELD_NOT_FOUND Contact.Title']);
    expect(accessOf(r, 'Contact', 'Title')).toMatchObject({ canRead: false, canCreate: false, canUpdate: false });
  });

  it('LEAD_RESOLUTION_UNAVAILABLE when Lead Resolution is on and Lead.Email is hidden', async () => {
    const m = defaultCrmMappings();
    m.leads.sync = false;
    m.activities.writeback.email = true;
    m.activities.leadResolution = true;
    expect((await validateMappings(m, describerFor(lo))).ok).toBe(true);
    await hideField(lo, 'Lead.Email');
    const r = await validateMappings(m, describerFor(lo));
    expect(r.problems.map((p) => p.code)).toEqual(['LEAD_RESOLUTION_UNAVAILABLE']);
    expect(r.problems[0]).toMatchObject({ tab: 'activities', sobject: 'Lead', field: 'Email' });
    expect(r.problems[0].message).toMatch(/Lead\.Email: Lead Resolution is on, but the Lead Email field is hidden/);
    m.activities.leadResolution = false;
    expect((await validateMappings(m, describerFor(lo))).ok).toBe(true);
  });

  it('LEAD_RESOLUTION_UNAVAILABLE when the user cannot see Lead at all', async () => {
    const m = defaultCrmMappings();
    m.leads.sync = false;
    m.activities.writeback.phoneCall = true;
    m.activities.leadResolution = true;
    await setObjectPermissions(lo, 'Lead', {
      PermissionsRead: false,
      PermissionsEdit: false,
      PermissionsCreate: false,
    });
    const r = await validateMappings(m, describerFor(lo));
    expect(r.problems.map((p) => p.code)).toEqual(['LEAD_RESOLUTION_UNAVAILABLE']);
    expect(r.problems[0].message).toMatch(/cannot see the Lead object/);
  });
});
