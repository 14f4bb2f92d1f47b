/**
 * The Activities tab's activity_id mapping follows the org: an org without the package whose admin
 * created RoxActivityId__c by hand (as the setup guide says) maps activity_id to that field. A
 * mapping still naming the package's field, in an org that has only the hand-made one, is moved
 * to it before it is validated or shown; the admin may also name either field.
 */
import { HAND_MADE_ACTIVITY_ID_FIELD, ROX_ACTIVITY_ID_FIELD } from './default-mappings.js';
import type { CrmMappings } from './mapping-schema.js';
import type { DescribeProvider } from './mapping-validator.js';

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export async function adaptActivityIdMapping(config: CrmMappings, describe: DescribeProvider): Promise<CrmMappings> {
  const rows = config.activities.fieldMappings.filter(
    (f) => f.roxField === 'activity_id' && same(f.salesforceField, ROX_ACTIVITY_ID_FIELD),
  );
  if (rows.length === 0) return config;
  const moved = new Set<string>();
  for (const sobject of new Set(rows.map((r) => r.sobject))) {
    const fields = (await describe(sobject))?.fields ?? [];
    const hasPackaged = fields.some((f) => same(f.name, ROX_ACTIVITY_ID_FIELD));
    const hasHandMade = fields.some((f) => same(f.name, HAND_MADE_ACTIVITY_ID_FIELD));
    if (!hasPackaged && hasHandMade) moved.add(sobject);
  }
  if (moved.size === 0) return config;
  return {
    ...config,
    activities: {
      ...config.activities,
      fieldMappings: config.activities.fieldMappings.map((f) =>
        f.roxField === 'activity_id' && moved.has(f.sobject) && same(f.salesforceField, ROX_ACTIVITY_ID_FIELD)
          ? { ...f, salesforceField: HAND_MADE_ACTIVITY_ID_FIELD }
          : f,
      ),
    },
  };
}
