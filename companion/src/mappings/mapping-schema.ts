/**
 * The "CRM Mappings" configuration of one Salesforce connection, one tab per object, as zod
 * schemas. They validate HTTP bodies and generate OpenAPI through `z.toJSONSchema`, so they hold
 * only what JSON Schema can say (shapes, enums, patterns); every rule that needs two fields or the
 * org's describe lives in mapping-validator.ts.
 */
import { z } from 'zod';
import { MAPPABLE_OBJECT_HINT, MAPPABLE_OBJECT_NAME } from '../salesforce/names.js';

export const CRM_OBJECT_TABS = ['accounts', 'opportunities', 'contacts', 'leads', 'activities'] as const;
/** `custom`: the tab of each custom object (customObjects[]), named by its sObject. */
export type CrmObjectTab = (typeof CRM_OBJECT_TABS)[number] | 'custom';
export type RecordTab = Exclude<CrmObjectTab, 'activities' | 'custom'>;

/** The Salesforce object behind each record tab; the activities tab writes Task and Event. */
export const RECORD_TAB_SOBJECT: Readonly<Record<RecordTab, string>> = {
  accounts: 'Account',
  opportunities: 'Opportunity',
  contacts: 'Contact',
  leads: 'Lead',
};
export const ACTIVITY_SOBJECTS = ['Task', 'Event'] as const;
export type ActivitySObject = (typeof ACTIVITY_SOBJECTS)[number];

export const TAB_LABELS: Readonly<Record<CrmObjectTab, string>> = {
  custom: 'Custom objects',
  accounts: 'Accounts',
  opportunities: 'Opportunities',
  contacts: 'Contacts',
  leads: 'Leads',
  activities: 'Activities',
};

/** Types a Rox field can have; `reference` (a link to another Rox entity) exists only in the catalogue. */
export const ROX_FIELD_TYPES = [
  'string',
  'text',
  'email',
  'phone',
  'url',
  'integer',
  'number',
  'currency',
  'percent',
  'boolean',
  'date',
  'datetime',
  'picklist',
  'multipicklist',
  'reference',
] as const;
export type RoxFieldType = (typeof ROX_FIELD_TYPES)[number];
export const CUSTOM_ROX_FIELD_TYPES = ROX_FIELD_TYPES.filter(
  (t): t is Exclude<RoxFieldType, 'reference'> => t !== 'reference',
);

const roxFieldKey = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, 'lower_snake_case')
  .describe('Rox field key: a catalogue field of this tab (e.g. "domain") or a declared custom Rox field');
const salesforceFieldName = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'a Salesforce field API name')
  .describe('Salesforce field API name, e.g. "Website" or "Health_Score__c" (case-insensitive, as in Salesforce)');
const mode = z
  .enum(['read_only', 'read_write'])
  .describe(
    'read_only: Salesforce → Rox only; read_write: Rox also writes the field on update (and on create when the tab creates records)',
  );
const activitySObject = z
  .enum(ACTIVITY_SOBJECTS)
  .describe('Activity object the entry applies to: Task (emails, calls, LinkedIn) or Event (meetings)');

export const fieldMappingSchema = z
  .strictObject({
    roxField: roxFieldKey,
    salesforceField: salesforceFieldName,
    mode,
  })
  .describe('One Rox field ↔ one Salesforce field of the tab’s object');

export const staticValueSchema = z
  .strictObject({
    salesforceField: salesforceFieldName,
    value: z
      .union([z.string(), z.number(), z.boolean()])
      .describe(
        'Fixed value in the field’s JSON type: text/picklist/id as a string, numbers as numbers, checkboxes as true/false, dates as "YYYY-MM-DD", date-times as ISO 8601 with a zone',
      ),
    applyOn: z
      .enum(['create', 'create_and_update'])
      .describe('create: set on every record Rox creates; create_and_update: also on every update Rox writes'),
  })
  .describe('A Salesforce field set to a fixed value on every record Rox writes back to the object');

export const customRoxFieldSchema = z
  .strictObject({
    key: z
      .string()
      .regex(/^custom_[a-z0-9_]+$/, 'custom_ followed by lower_snake_case')
      .describe('Key of the custom Rox field; the custom_ prefix keeps it apart from catalogue fields'),
    label: z.string().min(1).max(120).describe('Name shown to users'),
    type: z
      .enum(CUSTOM_ROX_FIELD_TYPES)
      .describe('Value type of the Rox field; decides which Salesforce types it can map to'),
  })
  .describe('A Rox field the customer defined, usable in field mappings of this tab');

/** A tab's own incremental sync schedule. */
const syncInterval = (what: string) =>
  z
    .number()
    .int()
    .min(1)
    .max(1440)
    .optional()
    .describe(`How often ${what} synced incrementally, in minutes (default: SYNC_INTERVAL_SECONDS)`);

const customRoxFields = z
  .array(customRoxFieldSchema)
  .describe('Custom Rox fields of this tab (in addition to the built-in catalogue)');

/** One record tab (Accounts, Opportunities, Contacts or Leads). */
export const objectMappingSchema = z
  .strictObject({
    sync: z.boolean().describe('Read this object from Salesforce into Rox'),
    syncIntervalMinutes: syncInterval('this object is'),
    writebackNewEntities: z
      .boolean()
      .describe('Create new Salesforce records for entities Rox discovers (Read and Write fields are set on them)'),
    customRoxFields,
    fieldMappings: z.array(fieldMappingSchema).describe('Rox field ↔ Salesforce field mappings'),
    staticValues: z.array(staticValueSchema).describe('Fixed values written on records Rox writes back'),
  })
  .describe('Mappings of one record tab (Accounts, Opportunities, Contacts or Leads)');

export const customObjectMappingSchema = objectMappingSchema
  .extend({
    sobject: z
      .string()
      .regex(MAPPABLE_OBJECT_NAME, MAPPABLE_OBJECT_HINT)
      .describe('API name of the custom object (e.g. Project__c), or OpportunityLineItem or Product2'),
  })
  .describe('One custom object tab (also used for OpportunityLineItem and Product2, which have no tab of their own)');

export const activityFieldMappingSchema = fieldMappingSchema
  .extend({ sobject: activitySObject })
  .describe('One Rox activity field ↔ one field of Task or Event');
export const activityStaticValueSchema = staticValueSchema
  .extend({ sobject: activitySObject })
  .describe('A fixed value written on every Task or every Event Rox writes back');

export const activityWritebackSchema = z
  .strictObject({
    email: z.boolean().describe('Write emails back as completed Tasks'),
    phoneCall: z.boolean().describe('Write phone calls back as Tasks'),
    linkedinMessage: z.boolean().describe('Write LinkedIn messages back as Tasks'),
    linkedinConnection: z.boolean().describe('Write LinkedIn connection requests back as Tasks'),
    meetingsAsEvents: z.boolean().describe('Write meetings back as Events'),
  })
  .describe('Which kinds of activity Rox writes back to Salesforce');

export const activityMappingSchema = z
  .strictObject({
    sync: z.boolean().describe('Read Tasks and Events from Salesforce into Rox'),
    syncIntervalMinutes: syncInterval('Tasks and Events are'),
    writeback: activityWritebackSchema,
    leadResolution: z
      .boolean()
      .describe('When no Contact has the person’s email, relate the activity to a Lead with that email'),
    customRoxFields,
    fieldMappings: z.array(activityFieldMappingSchema).describe('Rox activity field ↔ Task/Event field mappings'),
    staticValues: z
      .array(activityStaticValueSchema)
      .describe('Fixed values; each names Task or Event and applies to every record of that object Rox writes'),
  })
  .describe('Mappings of the Activities tab');

export const crmMappingsSchema = z
  .strictObject({
    version: z.literal(1).describe('Version of this configuration format'),
    accounts: objectMappingSchema.describe('Accounts tab (Salesforce Account)'),
    opportunities: objectMappingSchema.describe('Opportunities tab (Salesforce Opportunity)'),
    contacts: objectMappingSchema.describe('Contacts tab (Salesforce Contact)'),
    leads: objectMappingSchema.describe('Leads tab (Salesforce Lead)'),
    activities: activityMappingSchema.describe('Activities tab (Salesforce Task and Event)'),
    customObjects: z
      .array(customObjectMappingSchema)
      .max(50)
      .optional()
      .describe(
        'Custom objects Rox reads and writes, one tab each, and the standard objects OpportunityLineItem and Product2; every Rox field on them is a custom Rox field',
      ),
  })
  .describe('CRM mappings of one Salesforce connection, all tabs');

/** Body schema per tab, for routes that save one tab at a time. */
export const tabMappingSchemas = {
  accounts: objectMappingSchema,
  opportunities: objectMappingSchema,
  contacts: objectMappingSchema,
  leads: objectMappingSchema,
  activities: activityMappingSchema,
} as const;

export type FieldMapping = z.infer<typeof fieldMappingSchema>;
export type StaticValue = z.infer<typeof staticValueSchema>;
export type CustomRoxField = z.infer<typeof customRoxFieldSchema>;
export type ObjectMapping = z.infer<typeof objectMappingSchema>;
export type CustomObjectMapping = z.infer<typeof customObjectMappingSchema>;
export type ActivityFieldMapping = z.infer<typeof activityFieldMappingSchema>;
export type ActivityStaticValue = z.infer<typeof activityStaticValueSchema>;
export type ActivityWriteback = z.infer<typeof activityWritebackSchema>;
export type ActivityMapping = z.infer<typeof activityMappingSchema>;
export type CrmMappings = z.infer<typeof crmMappingsSchema>;
export type MappingMode = FieldMapping['mode'];
