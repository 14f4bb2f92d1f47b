/** CRM Mappings per connection: read with access report, save when valid, re-validate. */
import { z } from 'zod';
import { type CrmMappings, crmMappingsSchema } from '../../mappings/index.js';
import type { MappingService } from '../../mappings/mapping-service.js';
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

const viewSchema = z.object({
  config: crmMappingsSchema,
  saved: z.boolean().describe('False while the defaults are shown and nothing was saved yet'),
  problems: z.array(problemSchema),
  access: z.array(accessSchema).describe('Per mapped field: whether the connected user can really read and write it'),
  validatedAt: z.string().nullable(),
  updatedAt: z.string().nullable(),
});

/** The read-only parts of the GET answer, which PUT and validate accept beside `config` and ignore. */
const VIEW_ONLY = new Set(['saved', 'problems', 'access', 'validatedAt', 'updatedAt']);

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
