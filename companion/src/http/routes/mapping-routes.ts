/**
 * CRM Mappings per connection: read with the access report and the Rox field catalogue, save when
 * valid, re-validate; and one object's fields as the connected user sees them, for a field picker.
 */
import { z } from 'zod';
import { type CrmMappings, ROX_FIELD_TYPES, crmMappingsSchema } from '../../mappings/index.js';
import type { MappingService } from '../../mappings/mapping-service.js';
import { objectSchemaSchema } from '../../mappings/object-schema.js';
import { defineRoute, type RouteSpec } from '../route-spec.js';

const problemSchema = z.object({
  code: z.string().describe('e.g. FIELD_NOT_FOUND, FORMULA_FIELD_NOT_WRITABLE, STATIC_VALUE_NOT_IN_PICKLIST'),
  tab: z.string(),
  sobject: z.string(),
  field: z.string().optional(),
  roxField: z.string().optional(),
  message: z.string().describe('Names the object, the field, the reason and the fix'),
});

const accessSchema = z.object({
  tab: z.string(),
  sobject: z.string(),
  field: z.string(),
  roxField: z.string().optional(),
  mode: z.enum(['read_only', 'read_write', 'static']),
  canRead: z.boolean().describe('The connected user can see the field'),
  canCreate: z.boolean().describe('The connected user can set it on new records'),
  canUpdate: z.boolean().describe('The connected user can change it on existing records'),
  problem: z.string().optional(),
});

const catalogueFieldSchema = z.object({
  key: z.string().describe('The Rox field key a field mapping names as roxField'),
  label: z.string(),
  type: z.enum(ROX_FIELD_TYPES).describe('Value type: decides which Salesforce field types it can map to'),
  referenceTo: z.string().optional().describe('For reference fields: the Salesforce object the linked entity is'),
  custom: z.boolean().describe("Declared in the tab's customRoxFields rather than built in"),
});
const catalogueTab = z.array(catalogueFieldSchema);

const catalogueSchema = z
  .object({
    accounts: catalogueTab,
    opportunities: catalogueTab,
    contacts: catalogueTab,
    leads: catalogueTab,
    activities: catalogueTab,
    customObjects: z
      .array(z.object({ sobject: z.string(), fields: catalogueTab }))
      .describe('One entry per customObjects tab, in the same order: its custom Rox fields'),
    customFieldTypes: z
      .array(z.string())
      .describe('The types a custom Rox field can have (customRoxFields[].type), for a form that declares one'),
  })
  .describe("The Rox fields each tab can map: the built-in catalogue, then the tab's custom Rox fields");

const viewSchema = z.object({
  config: crmMappingsSchema,
  saved: z.boolean().describe('False while the defaults are shown and nothing was saved yet'),
  problems: z.array(problemSchema),
  access: z.array(accessSchema).describe('Per mapped field: whether the connected user can really read and write it'),
  validatedAt: z.string().nullable(),
  updatedAt: z.string().nullable(),
  catalogue: catalogueSchema,
});

/** The read-only parts of the GET answer, which PUT and validate accept beside `config` and ignore. */
const VIEW_ONLY = new Set(['saved', 'problems', 'access', 'validatedAt', 'updatedAt', 'catalogue']);

/**
 * PUT and validate take what GET returns: either the mappings themselves or the whole GET answer
 * (`config` plus its read-only parts). Any other key is left in place for the schema to name.
 */
export function unwrapMappings(raw: unknown): unknown {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw) || !('config' in raw)) return raw;
  const extra = Object.keys(raw).filter((k) => k !== 'config' && !VIEW_ONLY.has(k));
  return extra.length === 0 ? (raw as { config: unknown }).config : raw;
}

export function mappingRoutes(mappings: MappingService): Array<RouteSpec<any>> {
  return [
    defineRoute({
      method: 'get',
      path: '/v1/connections/:id/schema/:sobject',
      summary:
        "An object's fields as the connected user sees them (type, formula, picklist values, lookup targets, whether it can be set on create and update), sorted by label",
      tag: 'mappings',
      auth: 'connection',
      responses: {
        200: { description: 'Fields', schema: objectSchemaSchema },
        404: { description: 'NOT_FOUND: no such object, or the connected user cannot see it (Salesforce’s answer)' },
      },
      handler: async ({ params }) => ({ status: 200, body: await mappings.objectSchema(params.id, params.sobject) }),
    }),
    defineRoute({
      method: 'get',
      path: '/v1/connections/:id/mappings',
      summary: 'CRM mappings (Accounts, Opportunities, Contacts, Leads, Activities) with per-field access',
      tag: 'mappings',
      auth: 'connection',
      responses: { 200: { description: 'Mappings', schema: viewSchema } },
      handler: async ({ params }) => ({ status: 200, body: await mappings.get(params.id) }),
    }),
    defineRoute<CrmMappings>({
      method: 'put',
      path: '/v1/connections/:id/mappings',
      summary: "Save the CRM mappings; refused with every problem when they do not fit the org's schema",
      tag: 'mappings',
      auth: 'connection',
      body: crmMappingsSchema,
      unwrapBody: unwrapMappings,
      responses: {
        200: { description: 'Saved', schema: viewSchema },
        422: { description: 'MAPPING_INVALID with details.problems' },
      },
      handler: async ({ params, body }) => ({ status: 200, body: await mappings.save(params.id, body) }),
    }),
    defineRoute<CrmMappings | undefined>({
      method: 'post',
      path: '/v1/connections/:id/mappings/validate',
      summary:
        "Check mappings against the org's current schema without saving them: the body's (as PUT takes them), or with no body the saved ones (and record the result)",
      tag: 'mappings',
      auth: 'connection',
      body: crmMappingsSchema,
      bodyOptional: true,
      unwrapBody: unwrapMappings,
      responses: { 200: { description: 'Result', schema: viewSchema } },
      handler: async ({ params, body }) => ({
        status: 200,
        body: body ? await mappings.check(params.id, body) : await mappings.revalidate(params.id),
      }),
    }),
  ];
}
