/**
 * The SoqlDataSource the SOQL engine reads through, for one calling user: objects as that user
 * sees them (FLS applied), every stored row, formula fields computed on read, and the
 * UserPermissionAccess row aggregated for the caller.
 */
import type { OrgClock } from './core/clock.js';
import { toSfDateTime } from './core/clock.js';
import { normalizeId } from './core/ids.js';
import type { FieldDef, FormulaContext, ObjectDef, StoredRecord } from './schema-types.js';
import { USER_PERMISSIONS } from './schema/setup-objects.js';
import type { Access } from './security/user-access.js';
import type { SoqlDataSource } from './soql/soql-types.js';
import type { RecordStore } from './store/record-store.js';

export function formulaContext(store: RecordStore, clock: OrgClock): FormulaContext {
  return { getById: (id) => store.getById(id), now: () => clock.now() };
}

/** Value of a field on a stored row, computing formula and compound fields. */
export function readField(record: StoredRecord, field: FieldDef, ctx: FormulaContext): unknown {
  if (field.formula) return field.formula(record, ctx) ?? null;
  const v = record[field.name];
  return v === undefined ? null : v;
}

export class OrgSoqlSource implements SoqlDataSource {
  private readonly formulaCtx: FormulaContext;

  constructor(
    private readonly store: RecordStore,
    private readonly clock: OrgClock,
    private readonly access: Access,
  ) {
    this.formulaCtx = formulaContext(store, clock);
  }

  getObject(name: string): ObjectDef | undefined {
    return this.access.visibleObject(name);
  }

  scan(objectName: string): Iterable<StoredRecord> {
    if (objectName === 'UserPermissionAccess') return [this.userPermissionAccessRow()];
    return this.store.scan(objectName);
  }

  getById(id: string): StoredRecord | undefined {
    return this.store.getById(id);
  }

  objectNameForId(id: string): string | undefined {
    const id18 = normalizeId(id);
    return id18 ? this.store.objectNameForId(id18) : undefined;
  }

  fieldValue(_objectName: string, record: StoredRecord, field: FieldDef): unknown {
    return readField(record, field, this.formulaCtx);
  }

  now(): Date {
    return this.clock.now();
  }

  private userPermissionAccessRow(): StoredRecord {
    const row: StoredRecord = {
      Id: `0Qx${this.access.userId.slice(3, 15)}AAA`,
      LastCacheUpdate: toSfDateTime(this.clock.now()),
      SystemModstamp: toSfDateTime(this.clock.now()),
    };
    for (const p of USER_PERMISSIONS) row[`Permissions${p}`] = this.access.has(p);
    return row;
  }
}
