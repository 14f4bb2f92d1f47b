/**
 * The Rox side of a mapping: the built-in fields of each Rox entity with their value types, plus
 * the custom Rox fields a customer declares on a tab. A `reference` field holds the Rox entity it
 * links to; its Salesforce counterpart must be a lookup to the matching object.
 */
import { CUSTOM_ROX_FIELD_TYPES } from './mapping-schema.js';
import type { CrmMappings, CrmObjectTab, CustomRoxField, RoxFieldType } from './mapping-schema.js';

export interface RoxFieldDef {
  key: string;
  label: string;
  type: RoxFieldType;
  /** For `reference`: the Salesforce object the linked Rox entity is stored as. */
  referenceTo?: string;
  custom?: boolean;
}

type Entry = [key: string, label: string, type: RoxFieldType, referenceTo?: string];

function catalogue(entries: Entry[]): readonly RoxFieldDef[] {
  return entries.map(([key, label, type, referenceTo]) =>
    referenceTo ? { key, label, type, referenceTo } : { key, label, type },
  );
}

export const ROX_FIELDS: Readonly<Record<CrmObjectTab, readonly RoxFieldDef[]>> = {
  // Custom objects: only the tab's own custom Rox fields.
  custom: [],
  accounts: catalogue([
    ['name', 'Account name', 'string'],
    ['domain', 'Domain', 'string'],
    ['industry', 'Industry', 'picklist'],
    ['employee_count', 'Employee count', 'integer'],
    ['annual_revenue', 'Annual revenue', 'currency'],
    ['phone', 'Phone', 'phone'],
    ['description', 'Description', 'text'],
    ['type', 'Account type', 'picklist'],
    ['billing_city', 'Billing city', 'string'],
    ['billing_state', 'Billing state', 'string'],
    ['billing_country', 'Billing country', 'string'],
    ['linkedin_url', 'LinkedIn URL', 'url'],
    ['parent_account_id', 'Parent account', 'reference', 'Account'],
  ]),
  opportunities: catalogue([
    ['name', 'Opportunity name', 'string'],
    ['stage', 'Stage', 'picklist'],
    ['amount', 'Amount', 'currency'],
    ['close_date', 'Close date', 'date'],
    ['account_id', 'Account', 'reference', 'Account'],
    ['next_step', 'Next step', 'string'],
    ['probability', 'Probability', 'percent'],
    ['type', 'Opportunity type', 'picklist'],
    ['lead_source', 'Lead source', 'picklist'],
    ['forecast_category', 'Forecast category', 'picklist'],
    ['description', 'Description', 'text'],
  ]),
  contacts: catalogue([
    ['email', 'Email', 'email'],
    ['first_name', 'First name', 'string'],
    ['last_name', 'Last name', 'string'],
    ['title', 'Title', 'string'],
    ['phone', 'Phone', 'phone'],
    ['mobile_phone', 'Mobile phone', 'phone'],
    ['account_id', 'Account', 'reference', 'Account'],
    ['department', 'Department', 'string'],
    ['lead_source', 'Lead source', 'picklist'],
    ['linkedin_url', 'LinkedIn URL', 'url'],
    ['email_opt_out', 'Email opt-out', 'boolean'],
    ['description', 'Description', 'text'],
  ]),
  leads: catalogue([
    ['email', 'Email', 'email'],
    ['first_name', 'First name', 'string'],
    ['last_name', 'Last name', 'string'],
    ['company', 'Company', 'string'],
    ['title', 'Title', 'string'],
    ['phone', 'Phone', 'phone'],
    ['mobile_phone', 'Mobile phone', 'phone'],
    ['website', 'Website', 'url'],
    ['status', 'Lead status', 'picklist'],
    ['lead_source', 'Lead source', 'picklist'],
    ['industry', 'Industry', 'picklist'],
    ['employee_count', 'Employee count', 'integer'],
    ['annual_revenue', 'Annual revenue', 'currency'],
    ['linkedin_url', 'LinkedIn URL', 'url'],
    ['email_opt_out', 'Email opt-out', 'boolean'],
    ['description', 'Description', 'text'],
  ]),
  activities: catalogue([
    ['activity_id', 'Rox activity ID', 'string'],
    ['subject', 'Subject', 'string'],
    ['body', 'Body', 'text'],
    ['occurred_at', 'Occurred at', 'datetime'],
    ['occurred_on', 'Occurred on', 'date'],
    ['starts_at', 'Starts at', 'datetime'],
    ['ends_at', 'Ends at', 'datetime'],
    ['duration_minutes', 'Duration (minutes)', 'integer'],
    ['location', 'Location', 'string'],
    ['call_duration_seconds', 'Call duration (seconds)', 'integer'],
    ['call_disposition', 'Call result', 'string'],
  ]),
};

/** The Rox field with this key on the tab (catalogue first, then the tab's custom fields), or undefined. */
export function findRoxField(
  tab: CrmObjectTab,
  key: string,
  customFields: readonly CustomRoxField[] = [],
): RoxFieldDef | undefined {
  const builtIn = ROX_FIELDS[tab].find((f) => f.key === key);
  if (builtIn) return builtIn;
  const custom = customFields.find((f) => f.key === key);
  return custom ? { key: custom.key, label: custom.label, type: custom.type, custom: true } : undefined;
}

/** One Rox field as a mapping screen lists it. */
export interface CatalogueField {
  key: string;
  label: string;
  type: RoxFieldType;
  referenceTo?: string;
  /** Declared by the customer on this tab (customRoxFields) rather than built in. */
  custom: boolean;
}

export type RoxFieldCatalogue = Record<Exclude<CrmObjectTab, 'custom'>, CatalogueField[]> & {
  customObjects: Array<{ sobject: string; fields: CatalogueField[] }>;
  customFieldTypes: readonly string[];
};

function tabCatalogue(tab: CrmObjectTab, customFields: readonly CustomRoxField[]): CatalogueField[] {
  return [
    ...ROX_FIELDS[tab].map((f) => ({ ...f, custom: false })),
    ...customFields.map((f) => ({ key: f.key, label: f.label, type: f.type, custom: true })),
  ];
}

/** Every Rox field each tab of these mappings can map: the built-in ones, then the tab's custom ones. */
export function roxFieldCatalogue(m: CrmMappings): RoxFieldCatalogue {
  return {
    accounts: tabCatalogue('accounts', m.accounts.customRoxFields),
    opportunities: tabCatalogue('opportunities', m.opportunities.customRoxFields),
    contacts: tabCatalogue('contacts', m.contacts.customRoxFields),
    leads: tabCatalogue('leads', m.leads.customRoxFields),
    activities: tabCatalogue('activities', m.activities.customRoxFields),
    customObjects: (m.customObjects ?? []).map((o) => ({
      sobject: o.sobject,
      fields: tabCatalogue('custom', o.customRoxFields),
    })),
    customFieldTypes: CUSTOM_ROX_FIELD_TYPES,
  };
}
