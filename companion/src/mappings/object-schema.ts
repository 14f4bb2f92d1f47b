/**
 * One object's fields as the connected user sees them, for a field picker: each field's type,
 * whether it is a formula, its picklist values and lookup targets, and whether the user can set it
 * on new records and change it on existing ones (the same rule as the mappings' access report).
 */
import { z } from 'zod';
import type { DescribeSObjectResult } from '../salesforce/names.js';

export const picklistValueSchema = z.object({
  value: z.string(),
  label: z.string(),
  active: z.boolean(),
  default: z.boolean().describe('Selected by default on new records'),
});

export const schemaFieldSchema = z.object({
  name: z.string().describe('Field API name, e.g. Industry or Health_Score__c'),
  label: z.string(),
  type: z.string().describe('Salesforce field type: string, picklist, reference, currency, …'),
  length: z.number().optional().describe('Maximum length of text fields'),
  calculated: z.boolean().describe('A formula (or roll-up) field: read only'),
  nillable: z.boolean().describe('May be left empty'),
  defaultedOnCreate: z.boolean().describe('Salesforce sets a value on create when none is given'),
  picklistValues: z.array(picklistValueSchema),
  referenceTo: z.array(z.string()).describe('Objects a lookup field may point to (empty for other fields)'),
  canRead: z.literal(true).describe('Describe lists only the fields the connected user can see'),
  canCreate: z.boolean().describe('The connected user can set it on new records'),
  canUpdate: z.boolean().describe('The connected user can change it on existing records'),
});

export const objectSchemaSchema = z.object({
  sobject: z.string().describe('API name as Salesforce spells it'),
  label: z.string(),
  fields: z.array(schemaFieldSchema).describe('Sorted by label'),
});

export type ObjectSchema = z.infer<typeof objectSchemaSchema>;

/** The parts of a describe's picklist entries the picker shows; anything else is ignored. */
const describedPicklist = z.array(
  z.looseObject({
    value: z.string(),
    label: z.string().nullish(),
    active: z.boolean().optional(),
    defaultValue: z.boolean().optional(),
  }),
);

export function objectSchema(d: DescribeSObjectResult): ObjectSchema {
  const fields = d.fields.map((f) => {
    const picklist = describedPicklist.safeParse(f.picklistValues ?? []);
    return {
      name: f.name,
      label: f.label,
      type: f.type,
      ...(f.length > 0 ? { length: f.length } : {}),
      calculated: f.calculated,
      nillable: f.nillable,
      defaultedOnCreate: f.defaultedOnCreate,
      picklistValues: (picklist.success ? picklist.data : []).map((p) => ({
        value: p.value,
        label: p.label ?? p.value,
        active: p.active ?? true,
        default: p.defaultValue ?? false,
      })),
      referenceTo: f.referenceTo ?? [],
      canRead: true as const,
      // As in the mappings' access report: the field must be settable and the object creatable / editable.
      canCreate: Boolean(d.createable && f.createable),
      canUpdate: Boolean(d.updateable && f.updateable),
    };
  });
  fields.sort((a, b) => a.label.localeCompare(b.label, 'en') || a.name.localeCompare(b.name, 'en'));
  return { sobject: d.name, label: d.label, fields };
}
