/** What Rox sends: record updates, new records and activities (zod: validation and OpenAPI). */
import { z } from 'zod';
import { MAPPABLE_OBJECT_HINT, MAPPABLE_OBJECT_NAME } from '../salesforce/names.js';

export const RECORD_OBJECTS = ['Account', 'Opportunity', 'Contact', 'Lead'] as const;
export type StandardObject = (typeof RECORD_OBJECTS)[number];
/** A standard object Rox maps, or an object named in the mappings' customObjects. */
export type RecordObject = string;
const recordObject = z
  .union([
    z.enum(RECORD_OBJECTS),
    z.string().regex(MAPPABLE_OBJECT_NAME, `Account, Opportunity, Contact, Lead, ${MAPPABLE_OBJECT_HINT}`),
  ])
  .describe('Salesforce object: Account, Opportunity, Contact, Lead, or an object of customObjects with mappings');

const salesforceId = z
  .string()
  .regex(/^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/, 'a 15- or 18-character Salesforce Id')
  .describe('The Salesforce record Id, when Rox knows it');
const roxId = z.string().min(1).max(255).describe("Rox's id of the entity");
const changedAt = z.iso
  .datetime({ offset: true })
  .describe('When the change was made in Rox (ISO 8601); the newest change wins against Salesforce');
const fieldValue = z.union([z.string().max(131_072), z.number(), z.boolean(), z.null()]);
const fields = z
  .record(z.string().regex(/^[a-z][a-z0-9_]*$/, 'a Rox field key (lower_snake_case)'), fieldValue)
  .describe('Changed Rox fields and their new values (Rox field keys, as in the CRM mappings)');
const idempotencyKey = z
  .string()
  .min(1)
  .max(200)
  .optional()
  .describe('Client key: sending the same key again returns the first writeback instead of a new one');

export const recordUpdateSchema = z.strictObject({
  type: z.literal('update').describe('Change fields of an existing record'),
  object: recordObject,
  roxId,
  salesforceId: salesforceId.optional(),
  changedAt,
  fields,
  idempotencyKey,
});

export const recordCreateSchema = z.strictObject({
  type: z.literal('create').describe('Create a record (new-entity writeback must be on for the object)'),
  object: recordObject,
  roxId,
  changedAt,
  fields,
  idempotencyKey,
});

export type RecordUpdate = z.infer<typeof recordUpdateSchema>;
export type RecordCreate = z.infer<typeof recordCreateSchema>;
