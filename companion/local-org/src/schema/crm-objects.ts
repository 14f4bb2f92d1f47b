/**
 * CRM standard objects: Account, Contact, Lead, Opportunity, OpportunityLineItem, Product2,
 * Pricebook2, PricebookEntry. Field lists, lengths and flags follow the standard describe
 * (Object Reference); picklist values are the defaults of a new org (orgs can change them).
 */
import type { FieldDef, ObjectDef } from '../schema-types.js';
import { f } from './field-builders.js';
import { defineObject } from './system-fields.js';

const RO = { createable: false, updateable: false } as const;

export const INDUSTRIES = [
  'Agriculture',
  'Apparel',
  'Banking',
  'Biotechnology',
  'Chemicals',
  'Communications',
  'Construction',
  'Consulting',
  'Education',
  'Electronics',
  'Energy',
  'Engineering',
  'Entertainment',
  'Environmental',
  'Finance',
  'Food & Beverage',
  'Government',
  'Healthcare',
  'Hospitality',
  'Insurance',
  'Machinery',
  'Manufacturing',
  'Media',
  'Not For Profit',
  'Other',
  'Recreation',
  'Retail',
  'Shipping',
  'Technology',
  'Telecommunications',
  'Transportation',
  'Utilities',
] as const;
export const LEAD_SOURCES = ['Web', 'Phone Inquiry', 'Partner Referral', 'Purchased List', 'Other'] as const;
export const SALUTATIONS = ['Mr.', 'Ms.', 'Mrs.', 'Dr.', 'Prof.', 'Mx.'] as const;
export const RATINGS = ['Hot', 'Warm', 'Cold'] as const;
export const LEAD_STATUSES = [
  'Open - Not Contacted',
  'Working - Contacted',
  'Closed - Converted',
  'Closed - Not Converted',
] as const;

/** Opportunity stages of a new org: [value, default probability, closed, won, forecast category]. */
export const STAGES: ReadonlyArray<readonly [string, number, boolean, boolean, string]> = [
  ['Prospecting', 10, false, false, 'Pipeline'],
  ['Qualification', 10, false, false, 'Pipeline'],
  ['Needs Analysis', 20, false, false, 'Pipeline'],
  ['Value Proposition', 50, false, false, 'Pipeline'],
  ['Id. Decision Makers', 60, false, false, 'Pipeline'],
  ['Perception Analysis', 70, false, false, 'Pipeline'],
  ['Proposal/Price Quote', 75, false, false, 'Pipeline'],
  ['Negotiation/Review', 90, false, false, 'Pipeline'],
  ['Closed Won', 100, true, true, 'Closed'],
  ['Closed Lost', 0, true, false, 'Omitted'],
];

function addressFields(prefix: string, label: string, streetLabel = `${label} Street`): FieldDef[] {
  return [
    f.textarea(`${prefix}Street`, streetLabel, 255),
    f.string(`${prefix}City`, `${label} City`, 40),
    f.string(`${prefix}State`, `${label} State/Province`, 80),
    f.string(`${prefix}PostalCode`, `${label} Zip/Postal Code`, 20),
    f.string(`${prefix}Country`, `${label} Country`, 80),
    f.double(`${prefix}Latitude`, `${label} Latitude`, 18, 15),
    f.double(`${prefix}Longitude`, `${label} Longitude`, 18, 15),
    f.address(`${prefix}Address`, `${label} Address`),
  ];
}

export function accountObject(): ObjectDef {
  return defineObject({
    name: 'Account',
    label: 'Account',
    labelPlural: 'Accounts',
    keyPrefix: '001',
    system: { owner: ['User'] },
    fields: [
      f.reference('MasterRecordId', 'Master Record ID', ['Account'], 'MasterRecord', RO),
      f.string('Name', 'Account Name', 255, { required: true, nameField: true, idLookup: true }),
      f.picklist('Type', 'Account Type', [
        'Prospect',
        'Customer - Direct',
        'Customer - Channel',
        'Channel Partner / Reseller',
        'Installation Partner',
        'Technology Partner',
        'Other',
      ]),
      f.reference('ParentId', 'Parent Account ID', ['Account'], 'Parent'),
      ...addressFields('Billing', 'Billing'),
      ...addressFields('Shipping', 'Shipping'),
      f.phone('Phone', 'Account Phone'),
      f.phone('Fax', 'Account Fax'),
      f.string('AccountNumber', 'Account Number', 40),
      f.url('Website', 'Website'),
      f.string('Sic', 'SIC Code', 20),
      f.picklist('Industry', 'Industry', INDUSTRIES),
      f.currency('AnnualRevenue', 'Annual Revenue', 18, 0),
      f.int('NumberOfEmployees', 'Employees', 8),
      f.picklist('Ownership', 'Ownership', ['Public', 'Private', 'Subsidiary', 'Other']),
      f.string('TickerSymbol', 'Ticker Symbol', 20),
      f.textarea('Description', 'Account Description', 32000),
      f.picklist('Rating', 'Account Rating', RATINGS),
      f.string('Site', 'Account Site', 80),
      f.picklist('AccountSource', 'Account Source', LEAD_SOURCES),
      f.date('LastActivityDate', 'Last Activity', RO),
    ],
  });
}

export function contactObject(): ObjectDef {
  return defineObject({
    name: 'Contact',
    label: 'Contact',
    labelPlural: 'Contacts',
    keyPrefix: '003',
    system: { owner: ['User'] },
    fields: [
      f.reference('MasterRecordId', 'Master Record ID', ['Contact'], 'MasterRecord', RO),
      f.reference('AccountId', 'Account ID', ['Account'], 'Account'),
      f.string('LastName', 'Last Name', 80, { required: true }),
      f.string('FirstName', 'First Name', 40),
      f.picklist('Salutation', 'Salutation', SALUTATIONS),
      f.string('Name', 'Full Name', 121, {
        ...RO,
        nillable: false,
        nameField: true,
        idLookup: true,
        permissionable: false,
      }),
      ...addressFields('Mailing', 'Mailing'),
      f.phone('Phone', 'Business Phone'),
      f.phone('Fax', 'Business Fax'),
      f.phone('MobilePhone', 'Mobile Phone'),
      f.reference('ReportsToId', 'Reports To ID', ['Contact'], 'ReportsTo'),
      f.email('Email', 'Email', { idLookup: true }),
      f.string('Title', 'Title', 128),
      f.string('Department', 'Department', 80),
      f.picklist('LeadSource', 'Lead Source', LEAD_SOURCES),
      f.date('Birthdate', 'Birthdate'),
      f.textarea('Description', 'Contact Description', 32000),
      f.boolean('HasOptedOutOfEmail', 'Email Opt Out'),
      f.boolean('DoNotCall', 'Do Not Call'),
      f.date('LastActivityDate', 'Last Activity', RO),
    ],
  });
}

export function leadObject(): ObjectDef {
  return defineObject({
    name: 'Lead',
    label: 'Lead',
    labelPlural: 'Leads',
    keyPrefix: '00Q',
    system: { owner: ['Group', 'User'] },
    fields: [
      f.reference('MasterRecordId', 'Master Record ID', ['Lead'], 'MasterRecord', RO),
      f.string('LastName', 'Last Name', 80, { required: true }),
      f.string('FirstName', 'First Name', 40),
      f.picklist('Salutation', 'Salutation', SALUTATIONS),
      f.string('Name', 'Full Name', 121, {
        ...RO,
        nillable: false,
        nameField: true,
        idLookup: true,
        permissionable: false,
      }),
      f.string('Title', 'Title', 128),
      f.string('Company', 'Company', 255, { required: true }),
      f.textarea('Street', 'Street', 255),
      f.string('City', 'City', 40),
      f.string('State', 'State/Province', 80),
      f.string('PostalCode', 'Zip/Postal Code', 20),
      f.string('Country', 'Country', 80),
      f.address('Address', 'Address'),
      f.phone('Phone', 'Phone'),
      f.phone('MobilePhone', 'Mobile Phone'),
      f.email('Email', 'Email', { idLookup: true }),
      f.url('Website', 'Website'),
      f.textarea('Description', 'Description', 32000),
      f.picklist('LeadSource', 'Lead Source', LEAD_SOURCES),
      f.picklist('Status', 'Status', LEAD_STATUSES, {
        defaultPick: 'Open - Not Contacted',
        nillable: false,
        permissionable: false,
      }),
      f.picklist('Industry', 'Industry', INDUSTRIES),
      f.picklist('Rating', 'Rating', RATINGS),
      f.currency('AnnualRevenue', 'Annual Revenue', 18, 0),
      f.int('NumberOfEmployees', 'Employees', 8),
      f.boolean('HasOptedOutOfEmail', 'Email Opt Out'),
      f.boolean('IsConverted', 'Converted', RO),
      f.date('ConvertedDate', 'Converted Date', RO),
      f.reference('ConvertedAccountId', 'Converted Account ID', ['Account'], 'ConvertedAccount', RO),
      f.reference('ConvertedContactId', 'Converted Contact ID', ['Contact'], 'ConvertedContact', RO),
      f.reference('ConvertedOpportunityId', 'Converted Opportunity ID', ['Opportunity'], 'ConvertedOpportunity', RO),
      f.boolean('IsUnreadByOwner', 'Unread By Owner'),
      f.date('LastActivityDate', 'Last Activity', RO),
    ],
  });
}

export function opportunityObject(): ObjectDef {
  return defineObject({
    name: 'Opportunity',
    label: 'Opportunity',
    labelPlural: 'Opportunities',
    keyPrefix: '006',
    system: { owner: ['User'] },
    fields: [
      f.reference('AccountId', 'Account ID', ['Account'], 'Account'),
      f.boolean('IsPrivate', 'Private'),
      f.string('Name', 'Name', 120, { required: true, nameField: true }),
      f.textarea('Description', 'Description', 32000),
      f.picklist(
        'StageName',
        'Stage',
        STAGES.map((s) => s[0]),
        { required: true },
      ),
      f.currency('Amount', 'Amount'),
      f.percent('Probability', 'Probability (%)', 3, 0, { defaultedOnCreate: true }),
      f.currency('ExpectedRevenue', 'Expected Amount', 18, 2, RO),
      f.double('TotalOpportunityQuantity', 'Quantity', 18, 2),
      f.date('CloseDate', 'Close Date', { required: true }),
      f.picklist('Type', 'Opportunity Type', [
        'Existing Customer - Upgrade',
        'Existing Customer - Replacement',
        'Existing Customer - Downgrade',
        'New Customer',
      ]),
      f.string('NextStep', 'Next Step', 255),
      f.picklist('LeadSource', 'Lead Source', LEAD_SOURCES),
      f.boolean('IsClosed', 'Closed', RO),
      f.boolean('IsWon', 'Won', RO),
      f.picklist('ForecastCategory', 'Forecast Category', ['Omitted', 'Pipeline', 'BestCase', 'Forecast', 'Closed'], {
        ...RO,
        nillable: false,
        defaultedOnCreate: true,
        permissionable: false,
      }),
      f.picklist(
        'ForecastCategoryName',
        'Forecast Category',
        ['Omitted', 'Pipeline', 'Best Case', 'Commit', 'Closed'],
        { defaultedOnCreate: true },
      ),
      f.boolean('HasOpportunityLineItem', 'Has Line Item', RO),
      f.reference('Pricebook2Id', 'Price Book ID', ['Pricebook2'], 'Pricebook2'),
      f.date('LastActivityDate', 'Last Activity', RO),
    ],
  });
}

export function opportunityLineItemObject(): ObjectDef {
  return defineObject({
    name: 'OpportunityLineItem',
    label: 'Opportunity Product',
    labelPlural: 'Opportunity Product',
    keyPrefix: '00k',
    fields: [
      f.reference('OpportunityId', 'Opportunity ID', ['Opportunity'], 'Opportunity', {
        required: true,
        updateable: false,
      }),
      f.int('SortOrder', 'Sort Order', 9),
      f.reference('PricebookEntryId', 'Price Book Entry ID', ['PricebookEntry'], 'PricebookEntry', {
        updateable: false,
      }),
      f.reference('Product2Id', 'Product ID', ['Product2'], 'Product2', { updateable: false }),
      f.string('ProductCode', 'Product Code', 255, RO),
      f.string('Name', 'Opportunity Product Name', 376, { ...RO, nameField: true }),
      f.double('Quantity', 'Quantity', 12, 2, { required: true }),
      f.currency('TotalPrice', 'Total Price'),
      f.currency('UnitPrice', 'Sales Price'),
      f.currency('ListPrice', 'List Price', 18, 2, RO),
      f.date('ServiceDate', 'Date'),
      f.string('Description', 'Line Description', 255),
    ],
  });
}

export function product2Object(): ObjectDef {
  return defineObject({
    name: 'Product2',
    label: 'Product',
    labelPlural: 'Products',
    keyPrefix: '01t',
    fields: [
      f.string('Name', 'Product Name', 255, { required: true, nameField: true, idLookup: true }),
      f.string('ProductCode', 'Product Code', 255),
      f.textarea('Description', 'Product Description', 4000),
      f.boolean('IsActive', 'Active'),
      f.picklist('Family', 'Product Family', ['None']),
      f.string('ExternalId', 'External ID', 255),
      f.picklist('QuantityUnitOfMeasure', 'Quantity Unit Of Measure', ['Each']),
      f.string('StockKeepingUnit', 'Product SKU', 180),
    ],
  });
}

export function pricebook2Object(): ObjectDef {
  return defineObject({
    name: 'Pricebook2',
    label: 'Price Book',
    labelPlural: 'Price Books',
    keyPrefix: '01s',
    fields: [
      f.string('Name', 'Price Book Name', 255, { required: true, nameField: true, idLookup: true }),
      f.boolean('IsActive', 'Active'),
      f.boolean('IsStandard', 'Is Standard Price Book', RO),
      f.string('Description', 'Description', 255),
    ],
  });
}

export function pricebookEntryObject(): ObjectDef {
  return defineObject({
    name: 'PricebookEntry',
    label: 'Price Book Entry',
    labelPlural: 'Price Book Entries',
    keyPrefix: '01u',
    fields: [
      f.string('Name', 'Product Name', 255, { ...RO, nameField: true }),
      f.reference('Pricebook2Id', 'Price Book ID', ['Pricebook2'], 'Pricebook2', { required: true, updateable: false }),
      f.reference('Product2Id', 'Product ID', ['Product2'], 'Product2', { required: true, updateable: false }),
      f.currency('UnitPrice', 'List Price', 18, 2, { required: true }),
      f.boolean('IsActive', 'Active'),
      f.boolean('UseStandardPrice', 'Use Standard Price'),
      f.string('ProductCode', 'Product Code', 255, RO),
    ],
  });
}

export function crmObjects(): ObjectDef[] {
  return [
    accountObject(),
    contactObject(),
    leadObject(),
    opportunityObject(),
    opportunityLineItemObject(),
    product2Object(),
    pricebook2Object(),
    pricebookEntryObject(),
  ];
}
