/**
 * Writing activities without an upsert: for an activity-id field that is not an External ID (made
 * by hand), and for the keys an upsert could not place because several records share them (a
 * non-unique External ID answers 300 / DUPLICATE_EXTERNAL_ID: Tasks copied or made by hand). One
 * query finds the records holding the keys of up to 200 activities; each key's oldest record
 * (CreatedDate, then Id) is updated, the others are reported, and keys with none are inserted.
 * Exactly once: a retry after a lost answer finds the record the first try created; two instances
 * never hold the same activity at once (the outbox hands one record key to one pass).
 */
import { soqlString } from '../../salesforce/soql.js';
import type { SaveResult } from '../../salesforce/sf-client.js';
import type { SenderDeps } from '../writeback-ports.js';
import { type BuiltActivity, updateFieldsOf } from './activity-builder.js';
import type { ActivityIdField } from './activity-id-field.js';

export interface ActivityWriteResult extends SaveResult {
  /** Other records holding the same activity id, left as they are (the oldest was written). */
  duplicates?: string[];
}

/** Record ids holding each key (lower-cased), oldest first. */
export async function recordsByKey(
  sobject: string,
  field: string,
  keys: string[],
  d: Pick<SenderDeps, 'client'>,
  extraWhere = '',
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (keys.length === 0) return out;
  const rows = await d.client.query<Record<string, unknown> & { Id: string }>(
    `SELECT Id, ${field} FROM ${sobject} WHERE ${field} IN (${[...new Set(keys)].map(soqlString).join(', ')})${extraWhere} ORDER BY CreatedDate ASC, Id ASC`,
  );
  for (const r of rows) {
    const key = String(r[field] ?? '').toLowerCase();
    out.set(key, [...(out.get(key) ?? []), r.Id]);
  }
  return out;
}

export async function writeByQuery(
  sobject: 'Task' | 'Event',
  part: Array<{ activity: BuiltActivity }>,
  field: ActivityIdField,
  d: Pick<SenderDeps, 'client'>,
): Promise<ActivityWriteResult[]> {
  const found = await recordsByKey(
    sobject,
    field.key,
    part.map((p) => p.activity.externalId),
    d,
  );
  const results: ActivityWriteResult[] = new Array(part.length);
  // The records already holding each activity's key, oldest first.
  const holders = part.map((p) => found.get(p.activity.externalId.toLowerCase()) ?? []);
  const updates = part.map((_, i) => i).filter((i) => holders[i].length > 0);
  const inserts = part.map((_, i) => i).filter((i) => holders[i].length === 0);

  if (updates.length > 0) {
    const answers = await d.client.updateRecords(
      sobject,
      updates.map((i) => ({ Id: holders[i][0], ...updateFieldsOf(part[i].activity) })),
    );
    updates.forEach((i, k) => {
      const [id, ...others] = holders[i];
      results[i] = { ...answers[k], id: answers[k].id ?? id, created: false, ...(others.length ? { duplicates: others } : {}) };
    });
  }
  if (inserts.length > 0) {
    const answers = await d.client.createRecords(
      sobject,
      inserts.map((i) => part[i].activity.fields),
    );
    inserts.forEach((i, k) => (results[i] = { ...answers[k], created: answers[k].success }));
  }
  return results;
}

/**
 * Both fields present: Tasks and Events Rox wrote before the package was installed hold the id
 * only in the hand-made field. They get the package's field too, so the upsert updates them.
 */
export async function adoptHandMadeIds(
  sobject: 'Task' | 'Event',
  part: Array<{ activity: BuiltActivity }>,
  field: ActivityIdField,
  d: Pick<SenderDeps, 'client'>,
): Promise<number> {
  if (!field.alsoWrite) return 0;
  const found = await recordsByKey(
    sobject,
    field.alsoWrite,
    part.map((p) => p.activity.externalId),
    d,
    ` AND ${field.key} = null`,
  );
  const adopt = [...found.entries()].map(([key, ids]) => ({ Id: ids[0], [field.key]: key }));
  if (adopt.length === 0) return 0;
  const answers = await d.client.updateRecords(sobject, adopt);
  const failed = answers.filter((a) => !a.success);
  if (failed.length > 0)
    throw new Error(
      `could not copy the activity id into ${field.key} on ${failed.length} ${sobject} record(s) written before the package: ${failed
        .flatMap((a) => a.errors.map((e) => `${e.statusCode}: ${e.message}`))
        .join('; ')}`,
    );
  return adopt.length;
}
