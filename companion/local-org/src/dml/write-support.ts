/**
 * Save steps shared by every DML operation: system-field stamping, the writability check of the
 * fields a caller sent, and the roll-ups a real org maintains on parents.
 */
import { type OrgClock, toSfDateTime } from '../core/clock.js';
import { Errors } from '../core/errors.js';
import type { ObjectDef, StoredRecord } from '../schema-types.js';
import type { SchemaRegistry } from '../schema/schema-registry.js';
import type { RecordStore } from '../store/record-store.js';
import type { DeserializedRecord } from './coerce.js';

/** Sets the audit fields the object has; SystemModstamp moves on every write. */
export function stamp(full: ObjectDef, r: StoredRecord, writeTime: Date, userId: string, created: boolean): void {
  const ts = toSfDateTime(writeTime);
  const has = (n: string) => full.fields.some((fd) => fd.name === n);
  if (created) {
    if (has('IsDeleted')) r.IsDeleted = false;
    if (has('CreatedDate')) r.CreatedDate = ts;
    if (has('CreatedById')) r.CreatedById = userId;
  }
  if (has('LastModifiedDate')) r.LastModifiedDate = ts;
  if (has('LastModifiedById')) r.LastModifiedById = userId;
  r.SystemModstamp = ts;
}

/** INVALID_FIELD_FOR_INSERT_UPDATE for every sent field the caller may not create/update. */
export function assertWritable(visible: ObjectDef, data: DeserializedRecord, flag: 'createable' | 'updateable'): void {
  const bad: string[] = [];
  for (const name of data.values.keys()) {
    const fd = visible.fields.find((x) => x.name === name);
    if (!fd || !fd[flag]) bad.push(name);
  }
  for (const ref of data.refs) {
    const fd = visible.fields.find((x) => x.name === ref.field.name);
    if (!fd || !fd[flag]) bad.push(ref.field.name);
  }
  if (bad.length > 0) throw Errors.notWritable(bad);
}

/** Roll-ups a real org maintains: Opportunity Amount / Quantity / HasOpportunityLineItem from line items. */
export function rollUps(
  deps: { schema: SchemaRegistry; store: RecordStore; clock: OrgClock },
  objectName: string,
  r: StoredRecord,
  before: StoredRecord | undefined,
  userId: string,
): void {
  if (objectName !== 'OpportunityLineItem') return;
  const oppIds = new Set([r.OpportunityId, before?.OpportunityId].filter((x): x is string => typeof x === 'string'));
  for (const oppId of oppIds) {
    const opp = deps.store.get('Opportunity', oppId);
    if (!opp || opp.IsDeleted === true) continue;
    let amount = 0;
    let qty = 0;
    let count = 0;
    for (const li of deps.store.scan('OpportunityLineItem')) {
      if (li.OpportunityId !== oppId || li.IsDeleted === true) continue;
      count++;
      amount += typeof li.TotalPrice === 'number' ? li.TotalPrice : 0;
      qty += typeof li.Quantity === 'number' ? li.Quantity : 0;
    }
    const next: StoredRecord = { ...opp, HasOpportunityLineItem: count > 0 };
    if (count > 0) {
      next.Amount = amount;
      next.TotalOpportunityQuantity = qty;
    }
    next.ExpectedRevenue =
      typeof next.Amount === 'number' && typeof next.Probability === 'number'
        ? (next.Amount * next.Probability) / 100
        : null;
    stamp(deps.schema.get('Opportunity')!, next, deps.clock.nextWriteTime(), userId, false);
    deps.store.put('Opportunity', next);
  }
}
