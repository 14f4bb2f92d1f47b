/**
 * In-memory record storage: one table per object (Id → record), virtual tables for generated
 * rows, unique-value indexes (unique and external-ID fields) and a journal so a transaction can be
 * rolled back (allOrNone, Composite). Records are replaced, never mutated in place, so a row a
 * query locator still holds keeps the values it had when the query ran.
 */
import { STORE_POD, keyPrefixOf, makeId, normalizeId, virtualIndexOf } from '../core/ids.js';
import type { FieldDef, ObjectDef, StoredRecord } from '../schema-types.js';
import type { SchemaRegistry } from '../schema/schema-registry.js';
import type { VirtualTable } from './virtual-table.js';

/** Key used in unique indexes: case-insensitive unless the field is case-sensitive. */
export function uniqueKey(field: FieldDef, value: unknown): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const s = String(value);
  return field.caseSensitive ? s : s.toLowerCase();
}

interface DeletionInfo {
  batch: number;
  deletedAt: string;
  /** The delete log (what getDeleted reads) keeps an entry after the row itself is purged. */
  objectName?: string;
  purged?: boolean;
}

interface Journal {
  records: Map<string, { objectName: string; before: StoredRecord | undefined }>;
  deletions: Map<string, DeletionInfo | undefined>;
  counter: number;
}

export interface StoreSnapshot {
  counter: number;
  autoNumbers?: Record<string, number>;
  tables: Record<string, StoredRecord[]>;
  deletions: Record<string, DeletionInfo>;
  deleteLogPurgedUntil?: Record<string, string>;
}

export class RecordStore {
  private readonly tables = new Map<string, Map<string, StoredRecord>>();
  private readonly virtualTables = new Map<string, VirtualTable>();
  /** Indexes of virtual rows that have an edited copy in the ordinary table. */
  private readonly virtualOverlay = new Map<string, Set<number>>();
  private readonly uniqueIndexes = new Map<string, Map<string, Map<string, string>>>();
  private readonly deletions = new Map<string, DeletionInfo>();
  private readonly deleteLogPurgedUntil = new Map<string, string>();
  private counter = 0;
  private deleteBatch = 0;
  private autoNumbers: Record<string, number> = {};
  private journal: Journal | undefined;
  /** Bumped on every write; `setupVersion` only on writes to objects that change permissions. */
  version = 0;
  setupVersion = 0;

  constructor(
    private readonly schema: SchemaRegistry,
    private readonly setupObjects: ReadonlySet<string>,
  ) {
    for (const obj of schema.all()) {
      this.tables.set(obj.name, new Map());
      this.uniqueIndexes.set(obj.name, new Map(this.uniqueFields(obj).map((fd) => [fd.name, new Map()])));
    }
  }

  private uniqueFields(obj: ObjectDef): FieldDef[] {
    return obj.fields.filter((fd) => fd.unique);
  }

  private table(objectName: string): Map<string, StoredRecord> {
    const t = this.tables.get(objectName);
    if (!t) throw new Error(`no table for ${objectName}`);
    return t;
  }

  nextId(keyPrefix: string): string {
    this.counter += 1;
    return makeId(keyPrefix, STORE_POD, this.counter);
  }

  /** Next value of an object's AutoNumber sequence (not rolled back, like Salesforce). */
  nextAutoNumber(objectName: string): number {
    this.autoNumbers[objectName] = (this.autoNumbers[objectName] ?? 0) + 1;
    return this.autoNumbers[objectName];
  }

  attachVirtualTable(table: VirtualTable): void {
    this.virtualTables.set(table.objectName, table);
    for (const id of this.tables.get(table.objectName)?.keys() ?? []) this.noteOverlay(table.objectName, id, true);
    this.version++;
  }

  virtualTable(objectName: string): VirtualTable | undefined {
    return this.virtualTables.get(objectName);
  }

  objectNameForId(id: string): string | undefined {
    return this.schema.byKeyPrefix(keyPrefixOf(id))?.name;
  }

  /** A record by Id (15 or 18 characters), deleted or not. */
  getById(id: string): StoredRecord | undefined {
    const id18 = normalizeId(id);
    if (!id18) return undefined;
    const objectName = this.objectNameForId(id18);
    if (!objectName) return undefined;
    return this.get(objectName, id18);
  }

  get(objectName: string, id18: string): StoredRecord | undefined {
    const found = this.tables.get(objectName)?.get(id18);
    if (found) return found;
    const vt = this.virtualTables.get(objectName);
    const index = vt ? virtualIndexOf(id18) : undefined;
    if (vt && index !== undefined && index < vt.count) {
      const row = vt.row(index);
      return row.Id === id18 ? row : undefined;
    }
    return undefined;
  }

  /** Every row of an object (deleted ones included), ordinary rows first, then generated ones. */
  *scan(objectName: string): Iterable<StoredRecord> {
    const t = this.tables.get(objectName);
    if (t) yield* t.values();
    const vt = this.virtualTables.get(objectName);
    if (!vt) return;
    const overlay = this.virtualOverlay.get(objectName);
    for (let i = 0; i < vt.count; i++) {
      if (overlay?.has(i)) continue;
      yield vt.lightRow ? vt.lightRow(i) : vt.row(i);
    }
  }

  count(objectName: string): number {
    let n = this.tables.get(objectName)?.size ?? 0;
    const vt = this.virtualTables.get(objectName);
    if (vt) n += vt.count - (this.virtualOverlay.get(objectName)?.size ?? 0);
    return n;
  }

  /** Id of the live record holding `value` in unique field `field`, if any. */
  findUnique(objectName: string, field: FieldDef, value: unknown): string | undefined {
    const key = uniqueKey(field, value);
    if (key === undefined) return undefined;
    const hit = this.uniqueIndexes.get(objectName)?.get(field.name)?.get(key);
    if (hit) return hit;
    const vt = this.virtualTables.get(objectName);
    const index = vt?.lookupUnique?.(field.name, key);
    if (vt && index !== undefined) {
      const row = vt.row(index);
      const stored = this.tables.get(objectName)?.get(row.Id);
      if (!stored) return row.IsDeleted ? undefined : row.Id;
    }
    return undefined;
  }

  private indexRecord(objectName: string, record: StoredRecord | undefined, add: boolean): void {
    if (!record || record.IsDeleted === true) return;
    const indexes = this.uniqueIndexes.get(objectName);
    if (!indexes) return;
    for (const [fieldName, index] of indexes) {
      const field = this.schema.field(objectName, fieldName);
      const key = field ? uniqueKey(field, record[fieldName]) : undefined;
      if (key === undefined) continue;
      if (add) index.set(key, record.Id);
      else if (index.get(key) === record.Id) index.delete(key);
    }
  }

  /** Inserts or replaces a record (the caller has stamped system fields). */
  put(objectName: string, record: StoredRecord): void {
    const t = this.table(objectName);
    const before =
      t.get(record.Id) ?? (virtualIndexOf(record.Id) !== undefined ? this.get(objectName, record.Id) : undefined);
    if (this.journal && !this.journal.records.has(record.Id)) {
      this.journal.records.set(record.Id, { objectName, before: t.get(record.Id) });
    }
    this.indexRecord(objectName, before, false);
    t.set(record.Id, record);
    this.noteOverlay(objectName, record.Id, true);
    this.indexRecord(objectName, record, true);
    this.touch(objectName);
  }

  private noteOverlay(objectName: string, id18: string, present: boolean): void {
    const index = virtualIndexOf(id18);
    if (index === undefined || !this.virtualTables.has(objectName)) return;
    const set = this.virtualOverlay.get(objectName) ?? new Set<number>();
    if (present) set.add(index);
    else set.delete(index);
    this.virtualOverlay.set(objectName, set);
  }

  /** Removes a record for good (setup objects have no recycle bin). */
  hardDelete(objectName: string, id18: string): void {
    const t = this.table(objectName);
    const before = t.get(id18);
    if (!before) return;
    if (this.journal && !this.journal.records.has(id18)) this.journal.records.set(id18, { objectName, before });
    this.indexRecord(objectName, before, false);
    t.delete(id18);
    this.noteOverlay(objectName, id18, false);
    this.touch(objectName);
  }

  private touch(objectName: string): void {
    this.version++;
    if (this.setupObjects.has(objectName)) this.setupVersion++;
  }

  newDeleteBatch(): number {
    return ++this.deleteBatch;
  }

  noteDeletion(id18: string, info: DeletionInfo | undefined): void {
    if (this.journal && !this.journal.deletions.has(id18)) this.journal.deletions.set(id18, this.deletions.get(id18));
    if (info) this.deletions.set(id18, info);
    else this.deletions.delete(id18);
  }

  deletionOf(id18: string): DeletionInfo | undefined {
    const info = this.deletions.get(id18);
    return info?.purged ? undefined : info;
  }

  /**
   * Empties the recycle bin of records deleted before `beforeMs` (Salesforce does so after 15 days,
   * or sooner when the bin is over capacity): the rows are gone for good, queryAll no longer
   * returns them, and only the delete log still knows them.
   */
  purgeRecycleBin(beforeMs: number): number {
    let n = 0;
    for (const [id, info] of this.deletions) {
      if (info.purged || !info.objectName || Date.parse(info.deletedAt) >= beforeMs) continue;
      this.hardDelete(info.objectName, id);
      this.deletions.set(id, { ...info, purged: true });
      n++;
    }
    return n;
  }

  /** The delete log of an object: records deleted (and not undeleted), purged from the bin or not. */
  deleteLog(objectName: string): Array<{ id: string; deletedAt: string }> {
    const out: Array<{ id: string; deletedAt: string }> = [];
    for (const [id, info] of this.deletions)
      if (info.objectName === objectName) out.push({ id, deletedAt: info.deletedAt });
    return out;
  }

  /** Drops delete log entries older than `beforeMs`; getDeleted's earliestDateAvailable moves up. */
  purgeDeleteLog(objectName: string, beforeMs: number): void {
    for (const [id, info] of this.deletions) {
      if (info.objectName !== objectName || Date.parse(info.deletedAt) >= beforeMs) continue;
      this.deletions.delete(id);
      const until = this.deleteLogPurgedUntil.get(objectName);
      if (!until || until < info.deletedAt) this.deleteLogPurgedUntil.set(objectName, info.deletedAt);
    }
  }

  /** The newest delete log entry of an object dropped so far (undefined: none dropped). */
  deleteLogPurgedAt(objectName: string): string | undefined {
    return this.deleteLogPurgedUntil.get(objectName);
  }

  // ---- transactions -------------------------------------------------------------------------

  inTransaction(): boolean {
    return this.journal !== undefined;
  }

  begin(): void {
    if (this.journal) throw new Error('transaction already open');
    this.journal = { records: new Map(), deletions: new Map(), counter: this.counter };
  }

  commit(): void {
    this.journal = undefined;
  }

  rollback(): void {
    const j = this.journal;
    if (!j) return;
    this.journal = undefined;
    for (const [id, { objectName, before }] of j.records) {
      const t = this.table(objectName);
      this.indexRecord(objectName, t.get(id), false);
      if (before) {
        t.set(id, before);
        this.indexRecord(objectName, before, true);
      } else {
        t.delete(id);
        this.noteOverlay(objectName, id, false);
        this.indexRecord(objectName, this.get(objectName, id), true);
      }
      this.touch(objectName);
    }
    for (const [id, info] of j.deletions) {
      if (info) this.deletions.set(id, info);
      else this.deletions.delete(id);
    }
  }

  /** Savepoint inside a transaction: a nested journal merged into the outer one on release. */
  savepoint<T>(fn: () => T): T {
    const outer = this.journal;
    if (!outer) throw new Error('savepoint outside a transaction');
    const inner: Journal = { records: new Map(), deletions: new Map(), counter: this.counter };
    this.journal = inner;
    try {
      const result = fn();
      this.journal = outer;
      for (const [id, entry] of inner.records) if (!outer.records.has(id)) outer.records.set(id, entry);
      for (const [id, info] of inner.deletions) if (!outer.deletions.has(id)) outer.deletions.set(id, info);
      return result;
    } catch (e) {
      this.journal = inner;
      this.rollback();
      this.journal = outer;
      throw e;
    }
  }

  // ---- persistence ----------------------------------------------------------------------------

  snapshot(): StoreSnapshot {
    const tables: Record<string, StoredRecord[]> = {};
    for (const [name, t] of this.tables) if (t.size > 0) tables[name] = [...t.values()];
    return {
      counter: this.counter,
      autoNumbers: { ...this.autoNumbers },
      tables,
      deletions: Object.fromEntries(this.deletions),
      deleteLogPurgedUntil: Object.fromEntries(this.deleteLogPurgedUntil),
    };
  }

  load(snapshot: StoreSnapshot): void {
    for (const t of this.tables.values()) t.clear();
    for (const idx of this.uniqueIndexes.values()) for (const m of idx.values()) m.clear();
    this.deletions.clear();
    this.counter = snapshot.counter;
    this.autoNumbers = { ...(snapshot.autoNumbers ?? {}) };
    for (const [name, rows] of Object.entries(snapshot.tables)) {
      if (!this.tables.has(name)) continue;
      for (const row of rows) {
        this.tables.get(name)!.set(row.Id, row);
        this.noteOverlay(name, row.Id, true);
        this.indexRecord(name, row, true);
      }
    }
    for (const [id, info] of Object.entries(snapshot.deletions)) this.deletions.set(id, info);
    this.deleteLogPurgedUntil.clear();
    for (const [o, at] of Object.entries(snapshot.deleteLogPurgedUntil ?? {})) this.deleteLogPurgedUntil.set(o, at);
    this.version++;
    this.setupVersion++;
  }
}
