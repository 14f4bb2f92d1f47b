/**
 * A small in-memory SoqlDataSource: Account, Contact (AccountId → Account, a formula reading the
 * parent), Task (polymorphic WhoId / WhatId), Lead, User; Account.Secret__c exists but is hidden
 * by field-level security, so getObject leaves it out.
 */
import type { ChildRelationshipDef, FieldDef, FieldType, ObjectDef, StoredRecord } from '../../src/schema-types.js';
import type { SoqlDataSource, SoqlOptions } from '../../src/soql/soql-types.js';
import { makeField } from '../../src/schema/field-builders.js';

export function field(name: string, type: FieldType, extra: Partial<FieldDef> = {}): FieldDef {
  return { ...makeField(name, type), ...extra };
}

function reference(name: string, referenceTo: string[], relationshipName: string): FieldDef {
  return field(name, 'reference', { referenceTo, relationshipName, soapType: 'tns:ID' });
}

function object(
  name: string,
  keyPrefix: string,
  fields: FieldDef[],
  childRelationships: ChildRelationshipDef[] = [],
): ObjectDef {
  return {
    name,
    label: name,
    labelPlural: `${name}s`,
    keyPrefix,
    custom: false,
    createable: true,
    updateable: true,
    deletable: true,
    queryable: true,
    replicateable: true,
    fields: [field('Id', 'id', { nillable: false }), ...fields],
    childRelationships,
    validationRules: [],
  };
}

const child = (childSObject: string, fieldName: string, relationshipName: string): ChildRelationshipDef => ({
  childSObject,
  field: fieldName,
  relationshipName,
  cascadeDelete: false,
});

export function id(prefix: string, n: number): string {
  return `${prefix}${String(n).padStart(12, '0')}AAA`;
}

export const ids = {
  acme: id('001', 1),
  beta: id('001', 2),
  zeta: id('001', 3),
  deletedAccount: id('001', 4),
  alpha: id('001', 5),
  ann: id('003', 1),
  bob: id('003', 2),
  cy: id('003', 3),
  deletedContact: id('003', 4),
  eve: id('003', 5),
  call: id('00T', 1),
  email: id('00T', 2),
  archived: id('00T', 3),
  lead: id('00Q', 1),
  uma: id('005', 1),
  vic: id('005', 2),
};

export const NOW = new Date('2024-03-11T15:30:00.000Z'); // a Monday

export function buildSchema(): ObjectDef[] {
  const accountNameFormula = field('Account_Name__c', 'string', {
    calculated: true,
    calculatedFormula: 'Account.Name',
    createable: false,
    updateable: false,
    formula: (record, ctx) => {
      const parent = typeof record.AccountId === 'string' ? ctx.getById(record.AccountId) : undefined;
      return parent ? parent.Name : null;
    },
  });
  return [
    object(
      'Account',
      '001',
      [
        field('Name', 'string'),
        field('Industry', 'picklist'),
        field('AnnualRevenue', 'currency'),
        field('NumberOfEmployees', 'int'),
        field('IsDeleted', 'boolean'),
        field('CreatedDate', 'datetime'),
        field('LastActivityDate', 'date'),
        reference('OwnerId', ['User'], 'Owner'),
        field('Tier__c', 'multipicklist'),
        field('Secret__c', 'string'),
      ],
      [child('Contact', 'AccountId', 'Contacts'), child('Task', 'WhatId', 'Tasks')],
    ),
    object(
      'Contact',
      '003',
      [
        field('FirstName', 'string'),
        field('LastName', 'string'),
        field('Name', 'string'),
        field('Email', 'email'),
        field('Birthdate', 'date'),
        field('DoNotCall', 'boolean'),
        field('IsDeleted', 'boolean'),
        reference('AccountId', ['Account'], 'Account'),
        accountNameFormula,
      ],
      [child('Task', 'WhoId', 'Tasks')],
    ),
    object('Task', '00T', [
      field('Subject', 'string'),
      field('Status', 'picklist'),
      field('ActivityDate', 'date'),
      field('IsDeleted', 'boolean'),
      field('IsArchived', 'boolean'),
      reference('WhoId', ['Contact', 'Lead'], 'Who'),
      reference('WhatId', ['Account', 'Opportunity'], 'What'),
    ]),
    object('Lead', '00Q', [field('Name', 'string'), field('Company', 'string'), field('IsDeleted', 'boolean')]),
    object('User', '005', [field('Name', 'string'), field('IsActive', 'boolean')]),
  ];
}

export function buildRecords(): Record<string, StoredRecord[]> {
  return {
    Account: [
      {
        Id: ids.acme,
        Name: 'Acme',
        Industry: 'Technology',
        AnnualRevenue: 1000,
        NumberOfEmployees: 50,
        IsDeleted: false,
        CreatedDate: '2024-03-10T12:00:00.000Z',
        LastActivityDate: '2024-03-11',
        OwnerId: ids.uma,
        Tier__c: 'Gold;Silver',
        Secret__c: 'hidden',
      },
      {
        Id: ids.beta,
        Name: 'beta corp',
        Industry: null,
        AnnualRevenue: '500',
        NumberOfEmployees: 10,
        IsDeleted: false,
        CreatedDate: '2024-03-10T23:59:59Z',
        LastActivityDate: '2024-02-29',
        OwnerId: ids.vic,
        Tier__c: 'Bronze',
      },
      {
        Id: ids.zeta,
        Name: 'Zeta',
        Industry: 'Finance',
        AnnualRevenue: null,
        NumberOfEmployees: 200,
        IsDeleted: false,
        CreatedDate: '2024-03-11T00:00:00.000+0000',
        LastActivityDate: null,
        OwnerId: ids.uma,
        Tier__c: null,
      },
      {
        Id: ids.deletedAccount,
        Name: 'Acme Deleted',
        Industry: 'Technology',
        AnnualRevenue: 10,
        NumberOfEmployees: 1,
        IsDeleted: true,
        CreatedDate: '2024-01-01T00:00:00.000Z',
        LastActivityDate: null,
        OwnerId: ids.uma,
        Tier__c: null,
      },
      {
        Id: ids.alpha,
        Name: 'Alpha',
        Industry: 'technology',
        AnnualRevenue: 750.5,
        NumberOfEmployees: 75,
        IsDeleted: false,
        CreatedDate: '2023-12-31T23:00:00-02:00',
        LastActivityDate: '2024-03-04',
        OwnerId: null,
        Tier__c: 'Silver',
      },
    ],
    Contact: [
      {
        Id: ids.ann,
        FirstName: 'Ann',
        LastName: 'Lee',
        Name: 'Ann Lee',
        Email: 'ann@acme.com',
        Birthdate: '1990-05-01',
        DoNotCall: true,
        IsDeleted: false,
        AccountId: ids.acme,
      },
      {
        Id: ids.bob,
        FirstName: 'Bob',
        LastName: 'Stone',
        Name: 'Bob Stone',
        Email: null,
        Birthdate: null,
        DoNotCall: false,
        IsDeleted: false,
        AccountId: ids.acme,
      },
      {
        Id: ids.cy,
        FirstName: 'Cy',
        LastName: 'Young',
        Name: 'Cy Young',
        Email: 'cy@example.com',
        Birthdate: '1985-01-15',
        DoNotCall: false,
        IsDeleted: false,
        AccountId: null,
      },
      {
        Id: ids.deletedContact,
        FirstName: 'Dee',
        LastName: 'Gone',
        Name: 'Dee Gone',
        Email: null,
        Birthdate: null,
        DoNotCall: false,
        IsDeleted: true,
        AccountId: ids.beta,
      },
      {
        Id: ids.eve,
        FirstName: 'Eve',
        LastName: 'Park',
        Name: 'Eve Park',
        Email: 'EVE@ZETA.COM',
        Birthdate: '2000-12-31',
        DoNotCall: false,
        IsDeleted: false,
        AccountId: ids.zeta,
      },
    ],
    Task: [
      {
        Id: ids.call,
        Subject: 'Call',
        Status: 'Open',
        ActivityDate: '2024-03-11',
        IsDeleted: false,
        IsArchived: false,
        WhoId: ids.ann,
        WhatId: ids.acme,
      },
      {
        Id: ids.email,
        Subject: 'Email',
        Status: 'Completed',
        ActivityDate: '2024-03-01',
        IsDeleted: false,
        IsArchived: false,
        WhoId: ids.lead,
        WhatId: null,
      },
      {
        Id: ids.archived,
        Subject: 'Old call',
        Status: 'Completed',
        ActivityDate: '2022-01-01',
        IsDeleted: false,
        IsArchived: true,
        WhoId: null,
        WhatId: ids.beta,
      },
    ],
    Lead: [{ Id: ids.lead, Name: 'Lou Lead', Company: 'LeadCo', IsDeleted: false }],
    User: [
      { Id: ids.uma, Name: 'Uma Owner', IsActive: true },
      { Id: ids.vic, Name: 'Vic Owner', IsActive: false },
    ],
  };
}

/** Field-level security of the calling user: these fields exist in the org but are not visible. */
const HIDDEN = new Set(['Account.Secret__c']);

export interface FixtureSource extends SoqlDataSource {
  records: Record<string, StoredRecord[]>;
  /** How many times fieldValue ran, per "Object.Field". */
  reads: Map<string, number>;
}

export function makeSource(now: Date = NOW, records = buildRecords()): FixtureSource {
  const schema = buildSchema();
  const byName = new Map(schema.map((o) => [o.name.toLowerCase(), o]));
  const byPrefix = new Map(schema.map((o) => [o.keyPrefix, o.name]));
  const byId = new Map<string, StoredRecord>();
  for (const rows of Object.values(records)) for (const r of rows) byId.set(r.Id.slice(0, 15), r);
  const reads = new Map<string, number>();
  const getById = (recordId: string): StoredRecord | undefined => byId.get(recordId.slice(0, 15));
  return {
    records,
    reads,
    getObject(name) {
      const def = byName.get(name.toLowerCase());
      if (!def) return undefined;
      return { ...def, fields: def.fields.filter((f) => !HIDDEN.has(`${def.name}.${f.name}`)) };
    },
    scan: (objectName) => records[objectName] ?? [],
    getById,
    objectNameForId: (recordId) => byPrefix.get(recordId.slice(0, 3)),
    fieldValue(objectName, record, f) {
      const key = `${objectName}.${f.name}`;
      reads.set(key, (reads.get(key) ?? 0) + 1);
      if (f.formula) return f.formula(record, { getById, now: () => now });
      return record[f.name] ?? null;
    },
    now: () => now,
  };
}

export const QUERY: SoqlOptions = { includeDeleted: false, apiVersion: '62.0' };
export const QUERY_ALL: SoqlOptions = { includeDeleted: true, apiVersion: '62.0' };
