/**
 * validateMappings against real describes from the local org over HTTP (jsforce), as the
 * integration user unless stated: the defaults are clean, each problem code is raised by the
 * situation it names with a message that names the field and the reason, and each sObject is
 * described once per run.
 */
import { Connection } from 'jsforce';
import { createLocalOrg, fields, type RunningLocalOrg } from '../../local-org/src/index.js';
import {
  defaultCrmMappings,
  validateMappings,
  type CrmMappings,
  type DescribeProvider,
  type MappingProblem,
  type MappingValidation,
} from '../../src/mappings/index.js';

type User = 'integration' | 'admin' | 'integrationApiOnly' | 'salesRep';

function describerFor(lo: RunningLocalOrg, user: User = 'integration'): DescribeProvider {
  const s = lo.org.issueSession(lo.org.users[user].username);
  const conn = new Connection({ instanceUrl: lo.instanceUrl, accessToken: s.accessToken, version: '62.0' });
  return async (o) => {
    try {
      return await conn.sobject(o).describe();
    } catch (e) {
      if ((e as { errorCode?: string }).errorCode === 'NOT_FOUND') return undefined;
      throw e;
    }
  };
}

function everythingOn(m: CrmMappings): CrmMappings {
  for (const tab of ['accounts', 'opportunities', 'contacts', 'leads'] as const) m[tab].writebackNewEntities = true;
  m.activities.writeback = {
    email: true,
    phoneCall: true,
    linkedinMessage: true,
    linkedinConnection: true,
    meetingsAsEvents: true,
  };
  m.activities.leadResolution = true;
  return m;
}

const codes = (r: MappingValidation) => r.problems.map((p) => p.code);

/** The one problem with this code; its message must name the object and field. */
function only(r: MappingValidation, code: string, sobject: string, field?: string): MappingProblem {
  expect(codes(r)).toEqual([code]);
  const p = r.problems[0];
  expect(p).toMatchObject({ sobject, ...(field ? { field } : {}) });
  expect(p.message).toContain(field ? `${sobject}.${field}` : sobject);
  expect(r.ok).toBe(false);
  return p;
}

let lo: RunningLocalOrg;
let asIntegration: DescribeProvider;

beforeAll(async () => {
  const tier = fields.picklist('Tier__c', 'Tier', ['Gold', 'Silver', 'Bronze'], { restrictedPicklist: true });
  tier.picklistValues[2].active = false;
  lo = await createLocalOrg({
    logLevel: 'silent',
    crmSeed: false,
    schema: {
      customFields: [
        {
          object: 'Account',
          fields: [fields.string('Locked_Code__c', 'Locked Code', 20, { createable: false, updateable: true }), tier],
        },
      ],
    },
  });
  asIntegration = describerFor(lo);
});
afterAll(() => lo.close());

describe('clean configurations', () => {
  it('the defaults validate cleanly for the integration user', async () => {
    const r = await validateMappings(defaultCrmMappings(), asIntegration);
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
  });

  it('the defaults with every writeback and Lead Resolution on validate cleanly for the integration user', async () => {
    const r = await validateMappings(everythingOn(defaultCrmMappings()), asIntegration);
    expect(r.problems).toEqual([]);
  });

  it('a formula field may be mapped Read Only', async () => {
    const m = defaultCrmMappings();
    m.accounts.customRoxFields.push({ key: 'custom_band', label: 'Band', type: 'string' });
    m.accounts.fieldMappings.push({ roxField: 'custom_band', salesforceField: 'Employee_Band__c', mode: 'read_only' });
    expect((await validateMappings(m, asIntegration)).problems).toEqual([]);
  });
});

describe('describe calls', () => {
  it('describes each sObject once per run, Lead included although two checks need it', async () => {
    lo.org.resetUsage();
    await validateMappings(everythingOn(defaultCrmMappings()), asIntegration);
    expect(lo.org.usage().byRoute.describe).toBe(6);
    lo.org.resetUsage();
    await validateMappings(everythingOn(defaultCrmMappings()), asIntegration);
    expect(lo.org.usage().byRoute.describe).toBe(6);
  });

  it('a disabled tab is not described, so an object the user cannot see there raises nothing', async () => {
    const m = defaultCrmMappings();
    m.leads.sync = false;
    lo.org.resetUsage();
    const r = await validateMappings(m, describerFor(lo, 'integrationApiOnly'));
    expect(lo.org.usage().byRoute.describe).toBe(5);
    expect(r.problems.map((p) => p.sobject).sort()).toEqual(['Account', 'Contact', 'Event', 'Opportunity', 'Task']);
  });
});

describe('problem codes', () => {
  it('OBJECT_NOT_VISIBLE: an object the user cannot see is one clear problem, not one per field', async () => {
    const m = defaultCrmMappings();
    for (const tab of ['opportunities', 'contacts', 'leads'] as const) m[tab].sync = false;
    m.activities.sync = false;
    const r = await validateMappings(m, describerFor(lo, 'integrationApiOnly'));
    const p = only(r, 'OBJECT_NOT_VISIBLE', 'Account');
    expect(p.tab).toBe('accounts');
    expect(p.message).toMatch(/cannot see the Account object/);
    expect(p.message).toMatch(/Read access to Account/);
  });

  it('FIELD_NOT_FOUND: an unknown Salesforce field', async () => {
    const m = defaultCrmMappings();
    m.accounts.customRoxFields.push({ key: 'custom_colour', label: 'Colour', type: 'string' });
    m.accounts.fieldMappings.push({ roxField: 'custom_colour', salesforceField: 'Colour__c', mode: 'read_only' });
    const p = only(await validateMappings(m, asIntegration), 'FIELD_NOT_FOUND', 'Account', 'Colour__c');
    expect(p.roxField).toBe('custom_colour');
    expect(p.message).toMatch(/does not exist on Account or is hidden/);
  });

  it('FIELD_NOT_FOUND: a field hidden by field-level security (Task.Type for the integration user)', async () => {
    const m = defaultCrmMappings();
    m.activities.customRoxFields.push({ key: 'custom_kind', label: 'Kind', type: 'picklist' });
    m.activities.fieldMappings.push({
      sobject: 'Task',
      roxField: 'custom_kind',
      salesforceField: 'Type',
      mode: 'read_only',
    });
    const p = only(await validateMappings(m, asIntegration), 'FIELD_NOT_FOUND', 'Task', 'Type');
    expect(p.message).toMatch(/field-level security/);
  });

  it('UNKNOWN_ROX_FIELD: a Rox field neither in the catalogue nor declared', async () => {
    const m = defaultCrmMappings();
    m.contacts.fieldMappings.push({ roxField: 'shoe_size', salesforceField: 'Department', mode: 'read_only' });
    const r = await validateMappings(m, asIntegration);
    // Department is now mapped twice (department and shoe_size), which is reported as well.
    expect(codes(r).sort()).toEqual(['DUPLICATE_SALESFORCE_FIELD', 'UNKNOWN_ROX_FIELD']);
    const p = r.problems.find((x) => x.code === 'UNKNOWN_ROX_FIELD')!;
    expect(p).toMatchObject({ sobject: 'Contact', field: 'Department', roxField: 'shoe_size' });
    expect(p.message).toMatch(/Rox field "shoe_size" does not exist on this tab/);
    expect(p.message).toContain('Contact.Department');
  });

  it('DUPLICATE_CUSTOM_ROX_FIELD: one custom Rox key declared twice', async () => {
    const m = defaultCrmMappings();
    m.leads.customRoxFields.push(
      { key: 'custom_score', label: 'Score', type: 'number' },
      { key: 'custom_score', label: 'Score again', type: 'string' },
    );
    const p = only(await validateMappings(m, asIntegration), 'DUPLICATE_CUSTOM_ROX_FIELD', 'Lead');
    expect(p.message).toMatch(/"custom_score" is declared more than once/);
  });

  it('TYPE_MISMATCH: an integer Rox field on a text field', async () => {
    const m = defaultCrmMappings();
    m.accounts.fieldMappings = m.accounts.fieldMappings.filter((f) => f.roxField !== 'employee_count');
    m.accounts.fieldMappings.push({ roxField: 'employee_count', salesforceField: 'Site', mode: 'read_only' });
    const p = only(await validateMappings(m, asIntegration), 'TYPE_MISMATCH', 'Account', 'Site');
    expect(p.message).toMatch(/holds integer values but Site is a Salesforce string field/);
    expect(p.message).toMatch(/int, long, double, currency, percent/);
  });

  it('TYPE_MISMATCH: a link to an Account on a lookup to Contact', async () => {
    const m = defaultCrmMappings();
    m.contacts.fieldMappings = m.contacts.fieldMappings.filter((f) => f.roxField !== 'account_id');
    m.contacts.fieldMappings.push({ roxField: 'account_id', salesforceField: 'ReportsToId', mode: 'read_only' });
    const p = only(await validateMappings(m, asIntegration), 'TYPE_MISMATCH', 'Contact', 'ReportsToId');
    expect(p.message).toMatch(/links to an Account but ReportsToId is a lookup to Contact/);
  });

  it('FORMULA_FIELD_NOT_WRITABLE: Read and Write on a formula field', async () => {
    const m = defaultCrmMappings();
    m.accounts.customRoxFields.push({ key: 'custom_band', label: 'Band', type: 'string' });
    m.accounts.fieldMappings.push({ roxField: 'custom_band', salesforceField: 'Employee_Band__c', mode: 'read_write' });
    const p = only(
      await validateMappings(m, asIntegration),
      'FORMULA_FIELD_NOT_WRITABLE',
      'Account',
      'Employee_Band__c',
    );
    expect(p.message).toMatch(/formula \(calculated\) field/);
    expect(p.message).toMatch(/Set the mapping to Read Only/);
  });

  it('FIELD_NOT_UPDATEABLE: Read and Write on a field FLS makes read-only (Account.Rating)', async () => {
    const m = defaultCrmMappings();
    m.accounts.customRoxFields.push({ key: 'custom_rating', label: 'Rating', type: 'picklist' });
    m.accounts.fieldMappings.push({ roxField: 'custom_rating', salesforceField: 'Rating', mode: 'read_write' });
    const p = only(await validateMappings(m, asIntegration), 'FIELD_NOT_UPDATEABLE', 'Account', 'Rating');
    expect(p.message).toMatch(/not updateable for the connected Salesforce user/);
    m.accounts.fieldMappings.at(-1)!.mode = 'read_only';
    expect((await validateMappings(m, asIntegration)).problems).toEqual([]);
  });

  it('FIELD_NOT_CREATEABLE: Read and Write on an update-only field while the tab creates records', async () => {
    const m = defaultCrmMappings();
    m.accounts.customRoxFields.push({ key: 'custom_code', label: 'Code', type: 'string' });
    m.accounts.fieldMappings.push({ roxField: 'custom_code', salesforceField: 'Locked_Code__c', mode: 'read_write' });
    expect((await validateMappings(m, asIntegration)).problems).toEqual([]);
    m.accounts.writebackNewEntities = true;
    const p = only(await validateMappings(m, asIntegration), 'FIELD_NOT_CREATEABLE', 'Account', 'Locked_Code__c');
    expect(p.message).toMatch(/cannot be set when an Account is created/);
  });

  it('DUPLICATE_SALESFORCE_FIELD: a field mapping and a static value on one field, names compared case-insensitively', async () => {
    const m = defaultCrmMappings();
    m.accounts.staticValues.push({ salesforceField: 'INDUSTRY', value: 'Banking', applyOn: 'create' });
    const p = only(await validateMappings(m, asIntegration), 'DUPLICATE_SALESFORCE_FIELD', 'Account', 'Industry');
    expect(p.message).toMatch(/mapped 2 times \(Rox field "industry", static value "Banking"\)/);
  });

  it('DUPLICATE_ROX_FIELD: one Rox field read from two Salesforce fields', async () => {
    const m = defaultCrmMappings();
    m.accounts.fieldMappings.push({ roxField: 'name', salesforceField: 'Site', mode: 'read_only' });
    const p = only(await validateMappings(m, asIntegration), 'DUPLICATE_ROX_FIELD', 'Account', 'Site');
    expect(p.message).toMatch(/Rox field "name" is mapped to 2 Account fields \(Name, Site\)/);
  });

  it('REQUIRED_MAPPING_MISSING: removing Contact Email is refused, even with the tab off', async () => {
    const m = defaultCrmMappings();
    m.contacts.sync = false;
    m.contacts.fieldMappings = m.contacts.fieldMappings.filter((f) => f.roxField !== 'email');
    const p = only(await validateMappings(m, asIntegration), 'REQUIRED_MAPPING_MISSING', 'Contact', 'Email');
    expect(p.message).toMatch(/is required and cannot be removed \(Rox matches Contacts .* by email\)/);
  });

  it('REQUIRED_MAPPING_READ_ONLY: a required mapping Read Only while the tab creates records', async () => {
    const m = defaultCrmMappings();
    m.opportunities.fieldMappings.find((f) => f.roxField === 'stage')!.mode = 'read_only';
    expect((await validateMappings(m, asIntegration)).problems).toEqual([]);
    m.opportunities.writebackNewEntities = true;
    const p = only(await validateMappings(m, asIntegration), 'REQUIRED_MAPPING_READ_ONLY', 'Opportunity', 'StageName');
    expect(p.message).toMatch(/Stage is required to create an Opportunity/);
  });

  it('REQUIRED_MAPPING_READ_ONLY: the Task activity ID Read Only while emails are written back', async () => {
    const m = defaultCrmMappings();
    m.activities.writeback.email = true;
    m.activities.fieldMappings.find((f) => f.sobject === 'Task' && f.roxField === 'activity_id')!.mode = 'read_only';
    const p = only(
      await validateMappings(m, asIntegration),
      'REQUIRED_MAPPING_READ_ONLY',
      'Task',
      'RoxAI__RoxActivityId__c',
    );
    expect(p.message).toMatch(/idempotent/);
  });

  it('STATIC_VALUE_NOT_CREATEABLE: a static value on a formula field and on a read-only field', async () => {
    const m = defaultCrmMappings();
    m.accounts.staticValues.push({ salesforceField: 'Employee_Band__c', value: 'SMB', applyOn: 'create' });
    const p = only(
      await validateMappings(m, asIntegration),
      'STATIC_VALUE_NOT_CREATEABLE',
      'Account',
      'Employee_Band__c',
    );
    expect(p.message).toMatch(/formula \(calculated\) field/);
    m.accounts.staticValues = [{ salesforceField: 'LastActivityDate', value: '2025-01-01', applyOn: 'create' }];
    const q = only(
      await validateMappings(m, asIntegration),
      'STATIC_VALUE_NOT_CREATEABLE',
      'Account',
      'LastActivityDate',
    );
    expect(q.message).toMatch(/cannot be set on create/);
  });

  it('STATIC_VALUE_NOT_UPDATEABLE: a create-only field (Task.TaskSubtype) applied on updates too', async () => {
    const m = defaultCrmMappings();
    m.activities.staticValues.push({
      sobject: 'Task',
      salesforceField: 'TaskSubtype',
      value: 'Call',
      applyOn: 'create',
    });
    expect((await validateMappings(m, asIntegration)).problems).toEqual([]);
    m.activities.staticValues.at(-1)!.applyOn = 'create_and_update';
    const p = only(await validateMappings(m, asIntegration), 'STATIC_VALUE_NOT_UPDATEABLE', 'Task', 'TaskSubtype');
    expect(p.message).toMatch(/apply on updates too, but the field is not updateable/);
  });

  it.each([
    ['Account', 'BillingLatitude', 'abc', 'accounts', /double field and needs a number/],
    ['Contact', 'DoNotCall', 'abc', 'contacts', /boolean field and needs true or false/],
    ['Contact', 'Birthdate', 'abc', 'contacts', /date field and needs a date "YYYY-MM-DD"/],
    [
      'Contact',
      'Birthdate',
      '2025-02-30',
      'contacts',
      /needs a date "YYYY-MM-DD", but the static value is "2025-02-30"/,
    ],
    ['Account', 'Site', 42, 'accounts', /string field and needs text/],
    [
      'Account',
      'ParentId',
      'not-an-id',
      'accounts',
      /reference field and needs a 15- or 18-character Salesforce record Id/,
    ],
  ] as const)('STATIC_VALUE_WRONG_TYPE: %s.%s = %j', async (sobject, field, value, tab, reason) => {
    const m = defaultCrmMappings();
    // ParentId is mapped by default; drop that mapping so only the static value targets it.
    m.accounts.fieldMappings = m.accounts.fieldMappings.filter((f) => f.salesforceField !== field);
    m[tab].staticValues.push({ salesforceField: field, value, applyOn: 'create' });
    const p = only(await validateMappings(m, asIntegration), 'STATIC_VALUE_WRONG_TYPE', sobject, field);
    expect(p.message).toMatch(reason);
  });

  it('STATIC_VALUE_TOO_LONG: 41 characters in Account Number (length 40)', async () => {
    const m = defaultCrmMappings();
    m.accounts.staticValues.push({ salesforceField: 'AccountNumber', value: 'x'.repeat(41), applyOn: 'create' });
    const p = only(await validateMappings(m, asIntegration), 'STATIC_VALUE_TOO_LONG', 'Account', 'AccountNumber');
    expect(p.message).toMatch(/is 41 characters but AccountNumber holds at most 40/);
  });

  it('STATIC_VALUE_OUT_OF_RANGE: more integer digits than the number field allows', async () => {
    const m = defaultCrmMappings();
    m.accounts.staticValues.push({ salesforceField: 'BillingLatitude', value: 1234.5, applyOn: 'create' });
    const p = only(await validateMappings(m, asIntegration), 'STATIC_VALUE_OUT_OF_RANGE', 'Account', 'BillingLatitude');
    expect(p.message).toMatch(/1234.5 has 4 digits before the decimal point but BillingLatitude allows at most 3/);
  });

  it('STATIC_VALUE_NOT_IN_PICKLIST: not a value of a restricted picklist (Task.TaskSubtype)', async () => {
    const m = defaultCrmMappings();
    m.activities.staticValues.push({
      sobject: 'Task',
      salesforceField: 'TaskSubtype',
      value: 'Meeting',
      applyOn: 'create',
    });
    const p = only(await validateMappings(m, asIntegration), 'STATIC_VALUE_NOT_IN_PICKLIST', 'Task', 'TaskSubtype');
    expect(p.message).toMatch(/restricted picklist and "Meeting" is not one of its values/);
    expect(p.message).toMatch(/allowed values: Task, Email, ListEmail, Cadence, Call, LinkedIn/);
  });

  it('STATIC_VALUE_NOT_IN_PICKLIST: an inactive value, and a value that differs only in case', async () => {
    const m = defaultCrmMappings();
    m.accounts.staticValues.push({ salesforceField: 'Tier__c', value: 'Bronze', applyOn: 'create' });
    const p = only(await validateMappings(m, asIntegration), 'STATIC_VALUE_NOT_IN_PICKLIST', 'Account', 'Tier__c');
    expect(p.message).toMatch(/"Bronze" is an inactive value; allowed values: Gold, Silver/);
    m.accounts.staticValues[0].value = 'gold';
    const q = only(await validateMappings(m, asIntegration), 'STATIC_VALUE_NOT_IN_PICKLIST', 'Account', 'Tier__c');
    expect(q.message).toMatch(/did you mean "Gold"\?/);
    m.accounts.staticValues[0].value = 'Gold';
    expect((await validateMappings(m, asIntegration)).problems).toEqual([]);
  });
});
