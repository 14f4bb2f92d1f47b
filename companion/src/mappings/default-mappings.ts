/**
 * Defaults of a new connection and the "required basic" mappings every tab keeps.
 *
 * Required basic mappings are the fields writeback needs to find an existing record (dedupe) or
 * to create one that Salesforce accepts; the validator refuses a configuration without them, and
 * requires them Read and Write while the tab creates records. Defaults read every tab and create
 * nothing: new-entity and activity writeback are opt-in, because they add records to the
 * customer's CRM. Consent fields (email opt-out) are never written by default.
 */
import { SF } from '../salesforce/names.js';
import type {
  ActivityFieldMapping,
  ActivityMapping,
  ActivitySObject,
  CrmMappings,
  CrmObjectTab,
  FieldMapping,
  ObjectMapping,
} from './mapping-schema.js';

/**
 * The package's activity idempotency key (force-app objects/Activity/fields/RoxActivityId__c),
 * with the managed package namespace. Move to the companion's Salesforce names module when it lands.
 */
export const ROX_ACTIVITY_ID_FIELD = SF.roxActivityId;
/** The activity id field the setup guide asks admins to create by hand (orgs without the package). */
export const HAND_MADE_ACTIVITY_ID_FIELD = 'RoxActivityId__c';

export interface RequiredMapping {
  sobject: string;
  roxField: string;
  salesforceField: string;
  /** Shown in messages: why writeback needs this mapping. */
  reason: string;
  /** Other Salesforce fields that satisfy it (the activity id field an admin made by hand). */
  alternatives?: string[];
}

function required(sobject: string, rows: Array<[roxField: string, salesforceField: string, reason: string]>) {
  return rows.map(([roxField, salesforceField, reason]) => ({ sobject, roxField, salesforceField, reason }));
}

export const REQUIRED_MAPPINGS: Readonly<Record<CrmObjectTab, readonly RequiredMapping[]>> = {
  // Custom objects have no built-in Rox fields, so nothing is required of them.
  custom: [],
  accounts: required('Account', [
    ['name', 'Name', 'Account Name is required to create an Account'],
    ['domain', 'Website', 'Rox matches Accounts to Salesforce by domain'],
  ]),
  opportunities: required('Opportunity', [
    ['name', 'Name', 'Name is required to create an Opportunity'],
    ['stage', 'StageName', 'Stage is required to create an Opportunity'],
    ['close_date', 'CloseDate', 'Close Date is required to create an Opportunity'],
    ['account_id', 'AccountId', 'Rox matches Opportunities within their Account'],
  ]),
  contacts: required('Contact', [
    ['email', 'Email', 'Rox matches Contacts (and activities to people) by email'],
    ['last_name', 'LastName', 'Last Name is required to create a Contact'],
  ]),
  leads: required('Lead', [
    ['email', 'Email', 'Rox matches Leads (and resolves activities to Leads) by email'],
    ['last_name', 'LastName', 'Last Name is required to create a Lead'],
    ['company', 'Company', 'Company is required to create a Lead'],
  ]),
  activities: (['Task', 'Event'] as const).flatMap((sobject) =>
    required(sobject, [
      [
        'activity_id',
        ROX_ACTIVITY_ID_FIELD,
        `the Rox activity ID is the key that makes ${sobject} writeback idempotent (no duplicates on retry)`,
      ],
    ]).map((r) => ({ ...r, alternatives: [HAND_MADE_ACTIVITY_ID_FIELD] })),
  ),
};

type Row = [roxField: string, salesforceField: string, mode?: 'ro'];

function fields(rows: Row[]): FieldMapping[] {
  return rows.map(([roxField, salesforceField, mode]) => ({
    roxField,
    salesforceField,
    mode: mode === 'ro' ? 'read_only' : 'read_write',
  }));
}

function recordTab(fieldMappings: FieldMapping[]): ObjectMapping {
  return { sync: true, writebackNewEntities: false, customRoxFields: [], fieldMappings, staticValues: [] };
}

function activityFields(sobject: ActivitySObject, rows: Row[]): ActivityFieldMapping[] {
  return fields(rows).map((m) => ({ sobject, ...m }));
}

function activitiesTab(): ActivityMapping {
  return {
    sync: true,
    writeback: {
      email: false,
      phoneCall: false,
      linkedinMessage: false,
      linkedinConnection: false,
      meetingsAsEvents: false,
    },
    leadResolution: false,
    customRoxFields: [],
    fieldMappings: [
      ...activityFields('Task', [
        ['activity_id', ROX_ACTIVITY_ID_FIELD],
        ['subject', 'Subject'],
        ['body', 'Description'],
        ['occurred_on', 'ActivityDate'],
        ['call_duration_seconds', 'CallDurationInSeconds'],
        ['call_disposition', 'CallDisposition'],
      ]),
      ...activityFields('Event', [
        ['activity_id', ROX_ACTIVITY_ID_FIELD],
        ['subject', 'Subject'],
        ['body', 'Description'],
        ['starts_at', 'StartDateTime'],
        ['ends_at', 'EndDateTime'],
        ['location', 'Location'],
      ]),
    ],
    // Activities Rox logs have already happened.
    staticValues: [{ sobject: 'Task', salesforceField: 'Status', value: 'Completed', applyOn: 'create' }],
  };
}

export function defaultCrmMappings(): CrmMappings {
  return {
    version: 1,
    accounts: recordTab(
      fields([
        ['name', 'Name'],
        ['domain', 'Website'],
        ['industry', 'Industry'],
        ['employee_count', 'NumberOfEmployees'],
        ['annual_revenue', 'AnnualRevenue'],
        ['phone', 'Phone'],
        ['description', 'Description', 'ro'],
        ['type', 'Type', 'ro'],
        ['billing_city', 'BillingCity', 'ro'],
        ['billing_state', 'BillingState', 'ro'],
        ['billing_country', 'BillingCountry', 'ro'],
        ['parent_account_id', 'ParentId', 'ro'],
      ]),
    ),
    opportunities: recordTab(
      fields([
        ['name', 'Name'],
        ['stage', 'StageName'],
        ['close_date', 'CloseDate'],
        ['account_id', 'AccountId'],
        ['amount', 'Amount'],
        ['next_step', 'NextStep'],
        ['probability', 'Probability', 'ro'],
        ['type', 'Type', 'ro'],
        ['lead_source', 'LeadSource', 'ro'],
        ['forecast_category', 'ForecastCategoryName', 'ro'],
        ['description', 'Description', 'ro'],
      ]),
    ),
    contacts: recordTab(
      fields([
        ['email', 'Email'],
        ['first_name', 'FirstName'],
        ['last_name', 'LastName'],
        ['title', 'Title'],
        ['phone', 'Phone'],
        ['mobile_phone', 'MobilePhone'],
        ['account_id', 'AccountId'],
        ['department', 'Department', 'ro'],
        ['lead_source', 'LeadSource', 'ro'],
        ['email_opt_out', 'HasOptedOutOfEmail', 'ro'],
        ['description', 'Description', 'ro'],
      ]),
    ),
    leads: recordTab(
      fields([
        ['email', 'Email'],
        ['first_name', 'FirstName'],
        ['last_name', 'LastName'],
        ['company', 'Company'],
        ['title', 'Title'],
        ['phone', 'Phone'],
        ['mobile_phone', 'MobilePhone'],
        ['website', 'Website'],
        ['status', 'Status', 'ro'],
        ['lead_source', 'LeadSource', 'ro'],
        ['industry', 'Industry', 'ro'],
        ['employee_count', 'NumberOfEmployees', 'ro'],
        ['annual_revenue', 'AnnualRevenue', 'ro'],
        ['email_opt_out', 'HasOptedOutOfEmail', 'ro'],
        ['description', 'Description', 'ro'],
      ]),
    ),
    activities: activitiesTab(),
  };
}
