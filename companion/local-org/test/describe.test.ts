/**
 * Versions, resource map, describeGlobal, sObject describe flags and Ids (facts §A1–§A3, §D, §E):
 * formula fields calculated and not createable, the package's Activity field on Task and Event as
 * an external ID, restricted picklists, FLS-hidden fields absent, key prefixes, ID checksums.
 */
import type { Connection } from 'jsforce';
import { normalizeId, to18 } from '../src/core/ids.js';
import type { RunningLocalOrg } from '../src/index.js';
import { VERSION, connect, raw, startOrg, tokenFor } from './helpers.js';

let lo: RunningLocalOrg;
let conn: Connection;

beforeAll(async () => {
  lo = await startOrg({ crmSeed: false });
  conn = connect(lo);
});
afterAll(() => lo.close());

type Field = { name: string; [k: string]: unknown };
async function fieldsOf(c: Connection, object: string): Promise<Map<string, Field>> {
  const d = await c.describe(object);
  return new Map((d.fields as unknown as Field[]).map((f) => [f.name, f]));
}

describe('versions and resources', () => {
  it('GET /services/data/ needs no auth, lists versions, has no Sforce-Limit-Info and is not counted', async () => {
    const before = lo.org.usageReport().total;
    const res = await raw(lo, 'GET', '/services/data/');
    expect(res.status).toBe(200);
    expect(res.json).toEqual(
      expect.arrayContaining([
        { label: "Winter '25", url: '/services/data/v62.0', version: '62.0' },
        { label: "Summer '14", url: '/services/data/v31.0', version: '31.0' },
      ]),
    );
    expect(res.headers.get('sforce-limit-info')).toBeNull();
    expect(lo.org.usageReport().total).toBe(before);
  });

  it('the version root lists resources including identity, which jsforce follows in identity()', async () => {
    const res = await raw(lo, 'GET', `/services/data/v${VERSION}`, { token: tokenFor(lo) });
    const body = res.json as Record<string, string>;
    expect(body.sobjects).toBe(`/services/data/v${VERSION}/sobjects`);
    expect(body.identity).toBe(`${lo.url}/id/${lo.org.orgId}/${lo.org.users.integration.id}`);
    const idn = await conn.identity();
    expect(idn.user_id).toBe(lo.org.users.integration.id);
    expect(idn.organization_id).toBe(lo.org.orgId);
    expect(idn.username).toBe(lo.org.users.integration.username);
  });

  it('an unknown API version answers 404 NOT_FOUND', async () => {
    const res = await raw(lo, 'GET', '/services/data/v99.0/sobjects', { token: tokenFor(lo) });
    expect(res.status).toBe(404);
  });
});

describe('describeGlobal', () => {
  it('has encoding UTF-8, maxBatchSize 200 and real key prefixes', async () => {
    const g = await conn.describeGlobal();
    expect(g.encoding).toBe('UTF-8');
    expect(g.maxBatchSize).toBe(200);
    const prefixes = Object.fromEntries(g.sobjects.map((s) => [s.name, s.keyPrefix]));
    expect(prefixes).toMatchObject({
      Account: '001',
      Contact: '003',
      Lead: '00Q',
      Opportunity: '006',
      OpportunityLineItem: '00k',
      Product2: '01t',
      Pricebook2: '01s',
      PricebookEntry: '01u',
      Task: '00T',
      Event: '00U',
      User: '005',
      Profile: '00e',
      UserLicense: '100',
      PermissionSet: '0PS',
      PermissionSetAssignment: '0Pa',
      ObjectPermissions: '110',
      FieldPermissions: '01k',
      PermissionSetLicense: '0PL',
      PermissionSetLicenseAssign: '2LA',
      PackageLicense: '050',
      UserPackageLicense: '051',
      ConnectedApplication: '0H4',
      SetupEntityAccess: '0J0',
      Organization: '00D',
    });
    const mapping = g.sobjects.find((s) => s.name === 'RoxAI__ID_Mapping__c');
    expect(mapping).toMatchObject({ custom: true, label: 'ID Mapping', labelPlural: 'ID Mappings' });
  });

  it('objects a user cannot read are absent (no View Setup → no PermissionSetAssignment)', async () => {
    const g = await connect(lo, 'salesRep').describeGlobal();
    const names = g.sobjects.map((s) => s.name);
    expect(names).toContain('Account');
    expect(names).not.toContain('PermissionSetAssignment');
    expect(names).not.toContain('RoxAI__ID_Mapping__c');
  });
});

describe('sObject describe', () => {
  it('a custom formula field is calculated, custom, and neither createable nor updateable', async () => {
    const f = (await fieldsOf(conn, 'Contact')).get('Account_Industry__c');
    expect(f).toMatchObject({
      calculated: true,
      custom: true,
      createable: false,
      updateable: false,
      type: 'string',
      calculatedFormula: 'TEXT(Account.Industry)',
    });
    expect(f).not.toHaveProperty('formula');
  });

  it('RoxAI__RoxActivityId__c from objects/Activity is an external ID on both Task and Event (length 100, not unique)', async () => {
    for (const object of ['Task', 'Event']) {
      const f = (await fieldsOf(conn, object)).get('RoxAI__RoxActivityId__c');
      expect(f).toMatchObject({
        externalId: true,
        unique: false,
        idLookup: true,
        length: 100,
        type: 'string',
        custom: true,
        createable: true,
        updateable: true,
        caseSensitive: false,
      });
    }
  });

  it('TaskSubtype is a restricted picklist that includes LinkedIn; AccountId is derived (not createable)', async () => {
    const fields = await fieldsOf(conn, 'Task');
    const subtype = fields.get('TaskSubtype') as unknown as {
      restrictedPicklist: boolean;
      picklistValues: Array<{ value: string }>;
    };
    expect(subtype.restrictedPicklist).toBe(true);
    expect(subtype.picklistValues.map((p) => p.value)).toEqual([
      'Task',
      'Email',
      'ListEmail',
      'Cadence',
      'Call',
      'LinkedIn',
    ]);
    expect(fields.get('AccountId')).toMatchObject({
      createable: false,
      updateable: false,
      type: 'reference',
      referenceTo: ['Account'],
    });
    expect(fields.get('WhoId')).toMatchObject({
      referenceTo: ['Contact', 'Lead'],
      polymorphicForeignKey: true,
      relationshipName: 'Who',
    });
    expect(fields.get('IsArchived')).toMatchObject({ createable: false, updateable: false });
  });

  it('an FLS-hidden field is absent for the integration user and present for the admin; a package field the other way round', async () => {
    const mine = await fieldsOf(conn, 'Task');
    expect(mine.has('Type')).toBe(false);
    const admins = await fieldsOf(connect(lo, 'admin'), 'Task');
    expect(admins.has('Type')).toBe(true);
    expect(admins.has('RoxAI__RoxActivityId__c')).toBe(false);
  });

  it('a read-only FLS field reports createable/updateable false', async () => {
    expect((await fieldsOf(conn, 'Account')).get('Rating')).toMatchObject({ createable: false, updateable: false });
  });

  it('ID Mapping fields come from the package XML with the namespace', async () => {
    const fields = await fieldsOf(conn, 'RoxAI__ID_Mapping__c');
    expect(fields.get('Name')).toMatchObject({ autoNumber: true, createable: false, nameField: true });
    expect(fields.get('RoxAI__Rox_Entity_Id__c')).toMatchObject({
      length: 255,
      nillable: false,
      externalId: true,
      unique: true,
      caseSensitive: true,
      createable: true,
    });
    expect(fields.get('RoxAI__Salesforce_Record_Id__c')).toMatchObject({ length: 18, externalId: true, unique: false });
    expect(fields.get('RoxAI__Last_Confirmed_At__c')).toMatchObject({ type: 'datetime', nillable: true });
  });

  it('Lead conversion fields are present and read-only; Name is the name field', async () => {
    const fields = await fieldsOf(conn, 'Lead');
    for (const n of ['IsConverted', 'ConvertedContactId', 'ConvertedAccountId', 'ConvertedOpportunityId']) {
      expect(fields.get(n)).toMatchObject({ createable: false, updateable: false });
    }
    expect(fields.get('Name')).toMatchObject({ nameField: true, createable: false });
  });

  it('required-on-create follows createable && !nillable && !defaultedOnCreate (Account.Name, Opportunity.CloseDate)', async () => {
    expect((await fieldsOf(conn, 'Account')).get('Name')).toMatchObject({
      createable: true,
      nillable: false,
      defaultedOnCreate: false,
    });
    expect((await fieldsOf(conn, 'Opportunity')).get('CloseDate')).toMatchObject({
      createable: true,
      nillable: false,
      defaultedOnCreate: false,
      type: 'date',
    });
    expect((await fieldsOf(conn, 'Account')).get('OwnerId')).toMatchObject({
      createable: true,
      nillable: false,
      defaultedOnCreate: true,
    });
  });

  it('Event has the time fields and ShowAs', async () => {
    const fields = await fieldsOf(conn, 'Event');
    for (const n of [
      'StartDateTime',
      'EndDateTime',
      'DurationInMinutes',
      'IsAllDayEvent',
      'ActivityDateTime',
      'Location',
      'ShowAs',
    ])
      expect(fields.has(n)).toBe(true);
  });

  it('describe of an unknown object: 404 NOT_FOUND', async () => {
    const res = await raw(lo, 'GET', `/services/data/v${VERSION}/sobjects/Nope__c/describe`, { token: tokenFor(lo) });
    expect(res.status).toBe(404);
    expect(res.json).toEqual([{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }]);
  });

  it('GET /sobjects/{T} gives objectDescribe and recentItems', async () => {
    const res = await raw(lo, 'GET', `/services/data/v${VERSION}/sobjects/Account`, { token: tokenFor(lo) });
    expect(res.json).toMatchObject({ objectDescribe: { name: 'Account', keyPrefix: '001' }, recentItems: [] });
  });
});

describe('Ids', () => {
  it('computes the documented case-safe suffix (001D000000IqhSL → 001D000000IqhSLIAZ)', () => {
    expect(to18('001D000000IqhSL')).toBe('001D000000IqhSLIAZ');
    expect(normalizeId('001D000000IqhSL')).toBe('001D000000IqhSLIAZ');
    expect(normalizeId('001D000000IqhSLIAZ')).toBe('001D000000IqhSLIAZ');
    expect(normalizeId('001D000000IqhSLXXX')).toBeUndefined();
    expect(normalizeId('not-an-id')).toBeUndefined();
  });

  it('created records get Ids whose suffix matches their first 15 characters', async () => {
    const { id } = (await conn.sobject('Account').create({ Name: 'Id check' })) as { id: string };
    expect(id).toHaveLength(18);
    expect(to18(id.slice(0, 15))).toBe(id);
  });
});

describe('limits', () => {
  it('GET /limits gives DailyApiRequests Max and Remaining as numbers', async () => {
    const limits = (await conn.limits()) as unknown as Record<string, { Max: number; Remaining: number }>;
    expect(typeof limits.DailyApiRequests.Max).toBe('number');
    expect(limits.DailyApiRequests.Max).toBe(15000);
    expect(limits.DailyApiRequests.Remaining).toBe(15000 - lo.org.usageReport().total);
    expect(limits.DataStorageMB).toEqual({ Max: expect.any(Number), Remaining: expect.any(Number) });
  });
});

describe('configured customisations', () => {
  it('a configured custom object and field appear in describe and accept writes (admin has access through its profile)', async () => {
    const { fields: f } = await import('../src/index.js');
    const custom = await startOrg({
      crmSeed: false,
      schema: {
        customObjects: [
          {
            name: 'Project__c',
            label: 'Project',
            labelPlural: 'Projects',
            fields: [f.picklist('Phase__c', 'Phase', ['Plan', 'Build'], { restrictedPicklist: true })],
          },
        ],
        customFields: [{ object: 'Account', fields: [f.string('Region__c', 'Region', 40)] }],
      },
    });
    try {
      const admin = connect(custom, 'admin');
      const d = await admin.describe('Project__c');
      expect(d.custom).toBe(true);
      expect(d.keyPrefix).toMatch(/^a0[A-Z]$/);
      const res = (await admin.sobject('Project__c').create({ Name: 'Apollo', Phase__c: 'Plan' })) as { id: string };
      expect(res.id.startsWith(d.keyPrefix!)).toBe(true);
      const err = await admin
        .sobject('Project__c')
        .create({ Name: 'X', Phase__c: 'Ship' })
        .catch((e: { errorCode: string }) => e);
      expect((err as { errorCode: string }).errorCode).toBe('INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST');
      expect((await fieldsOf(admin, 'Account')).get('Region__c')).toMatchObject({ custom: true, length: 40 });
      const g = await connect(custom).describeGlobal();
      expect(g.sobjects.map((s) => s.name)).not.toContain('Project__c');
    } finally {
      await custom.close();
    }
  });
});
