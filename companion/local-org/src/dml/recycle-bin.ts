/**
 * Recycle bin: a delete marks the record IsDeleted (SystemModstamp and LastModifiedDate move) and
 * cascades to children whose relationship deletes with the parent (Contacts and Opportunities of
 * an Account, activities, line items); undelete restores everything deleted in the same call.
 */
import { type OrgClock, toSfDateTime } from '../core/clock.js';
import { Errors, OrgError } from '../core/errors.js';
import { keyPrefixOf, normalizeId } from '../core/ids.js';
import type { ObjectDef, StoredRecord } from '../schema-types.js';
import type { SchemaRegistry } from '../schema/schema-registry.js';
import type { RecordStore } from '../store/record-store.js';
import type { CallContext } from './dml-types.js';
import { checkUnique } from './field-validation.js';
import { rollUps, stamp } from './write-support.js';

interface Deps {
  schema: SchemaRegistry;
  store: RecordStore;
  clock: OrgClock;
}

export function softDelete(deps: Deps, ctx: CallContext, full: ObjectDef, current: StoredRecord, batch: number): void {
  const writeTime = deps.clock.nextWriteTime();
  const r: StoredRecord = { ...current, IsDeleted: true };
  stamp(full, r, writeTime, ctx.access.userId, false);
  deps.store.put(full.name, r);
  deps.store.noteDeletion(r.Id, { batch, deletedAt: toSfDateTime(writeTime), objectName: full.name });
  for (const rel of full.childRelationships) {
    if (!rel.cascadeDelete) continue;
    const child = deps.schema.get(rel.childSObject);
    if (!child || !child.replicateable) continue;
    const ids: string[] = [];
    for (const row of deps.store.scan(child.name))
      if (row[rel.field] === r.Id && row.IsDeleted !== true) ids.push(row.Id);
    // Scans hand out light rows; edits start from the plain stored record.
    for (const id of ids) {
      const row = deps.store.get(child.name, id);
      if (row) softDelete(deps, ctx, child, row, batch);
    }
  }
  rollUps(deps, full.name, r, current, ctx.access.userId);
}

export function undeleteRecord(deps: Deps, ctx: CallContext, rawId: unknown): string {
  const id = normalizeId(rawId);
  const full = id ? deps.schema.byKeyPrefix(keyPrefixOf(id)) : undefined;
  if (!id || !full) throw new OrgError('MALFORMED_ID', `malformed id ${String(rawId)}`, { fields: [] });
  const current = deps.store.get(full.name, id);
  if (!current || !full.replicateable) throw Errors.invalidCrossReference('Id');
  if (current.IsDeleted !== true)
    throw new OrgError('UNDELETE_FAILED', 'Entity is not in the recycle bin', { fields: [] });
  const batch = deps.store.deletionOf(id)?.batch;
  const toRestore: Array<[ObjectDef, StoredRecord]> = [[full, current]];
  if (batch !== undefined) {
    for (const obj of deps.schema.all()) {
      if (!obj.replicateable) continue;
      for (const row of deps.store.scan(obj.name)) {
        if (row.Id === id || row.IsDeleted !== true || deps.store.deletionOf(row.Id)?.batch !== batch) continue;
        const plain = deps.store.get(obj.name, row.Id);
        if (plain) toRestore.push([obj, plain]);
      }
    }
  }
  for (const [obj, row] of toRestore) {
    const r: StoredRecord = { ...row, IsDeleted: false };
    checkUnique(obj, r, deps.store);
    stamp(obj, r, deps.clock.nextWriteTime(), ctx.access.userId, false);
    deps.store.put(obj.name, r);
    deps.store.noteDeletion(r.Id, undefined);
    rollUps(deps, obj.name, r, row, ctx.access.userId);
  }
  return id;
}
