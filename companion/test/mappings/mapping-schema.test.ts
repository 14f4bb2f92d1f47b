/**
 * The zod schemas: they accept the defaults, refuse malformed bodies, and turn into a JSON Schema
 * (for OpenAPI) in which every property is described. Also the catalogue and defaults agree.
 */
import { z } from 'zod';
import {
  CRM_OBJECT_TABS,
  REQUIRED_MAPPINGS,
  ROX_FIELDS,
  crmMappingsSchema,
  defaultCrmMappings,
  objectMappingSchema,
  tabMappingSchemas,
} from '../../src/mappings/index.js';

type JsonSchema = {
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  description?: string;
};

/** Paths of object properties that have no description, anywhere in the JSON Schema. */
function undescribed(schema: JsonSchema, path = '$'): string[] {
  const out: string[] = [];
  for (const [key, child] of Object.entries(schema.properties ?? {})) {
    if (!child.description) out.push(`${path}.${key}`);
    out.push(...undescribed(child, `${path}.${key}`));
  }
  if (schema.items) out.push(...undescribed(schema.items, `${path}[]`));
  for (const alt of schema.anyOf ?? []) out.push(...undescribed(alt, path));
  return out;
}

describe('crmMappingsSchema', () => {
  it('accepts the defaults', () => {
    expect(crmMappingsSchema.parse(defaultCrmMappings())).toEqual(defaultCrmMappings());
  });

  it('converts to JSON Schema with a description on every property and no unknown keys allowed', () => {
    const json = z.toJSONSchema(crmMappingsSchema) as JsonSchema & { additionalProperties?: boolean };
    expect(undescribed(json)).toEqual([]);
    expect(json.additionalProperties).toBe(false);
    const activities = json.properties!.activities as JsonSchema;
    const staticItem = activities.properties!.staticValues.items as JsonSchema & { required: string[] };
    expect(staticItem.required).toEqual(expect.arrayContaining(['sobject', 'salesforceField', 'value', 'applyOn']));
    expect(staticItem.properties!.sobject).toMatchObject({ enum: ['Task', 'Event'] });
    expect(staticItem).toMatchObject({ additionalProperties: false });
    expect(activities.properties!.fieldMappings.items).toMatchObject({ additionalProperties: false });
  });

  it('converts each tab schema on its own', () => {
    for (const tab of CRM_OBJECT_TABS) {
      expect(undescribed(z.toJSONSchema(tabMappingSchemas[tab]) as JsonSchema)).toEqual([]);
    }
  });

  it('refuses an unknown key, a bad mode, a bad Salesforce name and a custom Rox key without the custom_ prefix', () => {
    const tab = defaultCrmMappings().accounts;
    expect(objectMappingSchema.safeParse(tab).success).toBe(true);
    const cases: unknown[] = [
      { ...tab, extra: true },
      { ...tab, fieldMappings: [{ roxField: 'name', salesforceField: 'Name', mode: 'write_only' }] },
      { ...tab, fieldMappings: [{ roxField: 'name', salesforceField: 'Account Name', mode: 'read_only' }] },
      { ...tab, customRoxFields: [{ key: 'score', label: 'Score', type: 'number' }] },
      { ...tab, customRoxFields: [{ key: 'custom_parent', label: 'Parent', type: 'reference' }] },
      { ...tab, staticValues: [{ salesforceField: 'Site', value: null, applyOn: 'create' }] },
    ];
    for (const body of cases) expect(objectMappingSchema.safeParse(body).success).toBe(false);
  });

  it('requires Task or Event on every activity mapping and static value', () => {
    const m = defaultCrmMappings();
    expect(tabMappingSchemas.activities.safeParse(m.activities).success).toBe(true);
    const noObject = {
      ...m.activities,
      staticValues: [{ salesforceField: 'Status', value: 'Completed', applyOn: 'create' }],
    };
    expect(tabMappingSchemas.activities.safeParse(noObject).success).toBe(false);
    const wrongObject = {
      ...m.activities,
      staticValues: [{ sobject: 'Account', salesforceField: 'Status', value: 'Completed', applyOn: 'create' }],
    };
    expect(tabMappingSchemas.activities.safeParse(wrongObject).success).toBe(false);
  });
});

describe('catalogue and defaults', () => {
  it('every default mapping names a catalogue Rox field of its tab', () => {
    const m = defaultCrmMappings();
    for (const tab of CRM_OBJECT_TABS) {
      const keys = new Set(ROX_FIELDS[tab].map((f) => f.key));
      const unknown = m[tab].fieldMappings.map((f) => f.roxField).filter((k) => !keys.has(k));
      expect({ tab, unknown }).toEqual({ tab, unknown: [] });
    }
  });

  it('the defaults contain every required basic mapping, Read and Write', () => {
    const m = defaultCrmMappings();
    for (const tab of CRM_OBJECT_TABS) {
      for (const r of REQUIRED_MAPPINGS[tab]) {
        const found = (
          m[tab].fieldMappings as Array<{ roxField: string; salesforceField: string; mode: string; sobject?: string }>
        ).find(
          (f) =>
            f.roxField === r.roxField &&
            f.salesforceField === r.salesforceField &&
            (f.sobject ?? r.sobject) === r.sobject,
        );
        expect(found?.mode).toBe('read_write');
      }
    }
  });

  it('defaults create nothing: new-record and activity writeback are off, sync is on', () => {
    const m = defaultCrmMappings();
    for (const tab of ['accounts', 'opportunities', 'contacts', 'leads'] as const) {
      expect(m[tab]).toMatchObject({ sync: true, writebackNewEntities: false });
    }
    expect(Object.values(m.activities.writeback)).toEqual([false, false, false, false, false]);
    expect(m.activities.sync).toBe(true);
  });
});
