/**
 * DML service: every record write of the local org goes through here (REST sObject routes,
 * sObject Collections, Composite, and Bulk API 2.0 ingest in bulk/ingest-processor.ts).
 *
 * API for callers:
 *   const prepared = dml.prepare(ctx, objectName, body)     // request-level: INVALID_FIELD / JSON_PARSER_ERROR
 *   dml.insertMany(ctx, prepared[], { allOrNone })          // → SaveResult[] in input order
 *   dml.updateMany(ctx, Array<{ id, prepared }>, opts)      // → SaveResult[]
 *   dml.upsertMany(ctx, objectName, extField, prepared[], opts) // → SaveResult[] with `created`
 *   dml.deleteMany(ctx, ids, opts) / dml.undeleteMany(ctx, ids, opts)
 *   single-record variants (insertOne/updateOne/upsertOne/deleteOne) throw the OrgError instead.
 * A Bulk ingest job turns each CSV row into a body object (`#N/A` → null, empty → omitted) and runs
 * prepare + the single-record call per row inside runBatch (allOrNone false, chunks of 200), so
 * deserialisation errors fail only their row.
 *
 * Every *Many call runs in one transaction: each record in its own savepoint, so a failed record
 * leaves nothing behind; with allOrNone a single failure rolls everything back and the other
 * records report ALL_OR_NONE_OPERATION_ROLLED_BACK.
 */
import type { OrgClock } from '../core/clock.js';
import { Errors, OrgError } from '../core/errors.js';
import { keyPrefixOf, normalizeId } from '../core/ids.js';
import type { FieldDef, ObjectDef, StoredRecord } from '../schema-types.js';
import type { SchemaRegistry } from '../schema/schema-registry.js';
import type { RecordStore } from '../store/record-store.js';
import { uniqueKey } from '../store/record-store.js';
import { coerceValue, deserializeRecord } from './coerce.js';
import { checkRequired, checkUnique, checkValidationRules, checkValues } from './field-validation.js';
import { runBatch } from './batch.js';
import {
  type BatchOptions,
  type CallContext,
  MultipleMatchesError,
  type Prepared,
  type SaveResult,
} from './dml-types.js';
import { assertUpdatable, deriveFields } from './record-rules.js';
import { externalIdField, findByExternalId, resolveRelationshipRefs } from './external-ids.js';
import { softDelete, undeleteRecord } from './recycle-bin.js';
import { assertWritable, rollUps, stamp } from './write-support.js';

export {
  type BatchOptions,
  type CallContext,
  MultipleMatchesError,
  type Prepared,
  type SaveResult,
} from './dml-types.js';

type Draft = StoredRecord;

function isBlank(v: unknown): boolean {
  return v === undefined || v === null || v === '';
}

export class DmlService {
  constructor(
    readonly schema: SchemaRegistry,
    readonly store: RecordStore,
    readonly clock: OrgClock,
  ) {}

  /** The object as the caller sees it, or undefined (unknown or unreadable). */
  visibleObject(ctx: CallContext, name: string): ObjectDef | undefined {
    return ctx.access.visibleObject(name);
  }

  /** Request-level deserialisation of one record body. */
  prepare(ctx: CallContext, objectName: string, body: unknown): Prepared {
    const visible = this.visibleObject(ctx, objectName);
    const full = this.schema.get(objectName);
    if (!visible || !full) throw Errors.notFound();
    return { visible, full, data: deserializeRecord(visible, body) };
  }

  // ---- single-record operations (throw) -----------------------------------------------------

  insertOne(ctx: CallContext, p: Prepared): string {
    const { visible, full, data } = p;
    if (!ctx.system) {
      if (!full.createable) {
        throw new OrgError('INVALID_TYPE_FOR_OPERATION', `entity type cannot be inserted: ${full.label}`, {
          fields: [],
        });
      }
      if (!ctx.access.objectAccess(full.name).create) throw Errors.insufficientAccess();
    }
    if (data.hasId) throw new OrgError('INVALID_FIELD', 'cannot specify Id in an insert call', { fields: ['Id'] });
    if (!ctx.system) assertWritable(visible, data, 'createable');
    const id = this.store.nextId(full.keyPrefix);
    const r: Draft = { Id: id };
    for (const fd of full.fields) {
      if (fd.formula || fd.type === 'address' || fd.name === 'Id') continue;
      r[fd.name] = null;
      if (fd.defaultedOnCreate && fd.defaultValue !== null && fd.defaultValue !== undefined)
        r[fd.name] = fd.defaultValue;
      const pick = fd.picklistValues.find((pv) => pv.defaultValue);
      if (pick) r[fd.name] = pick.value;
    }
    const { writeTime } = this.applyValues(ctx, p, r, undefined);
    checkRequired(full, r);
    checkValues(full, r, new Set(full.fields.map((fd) => fd.name)), this.schema, this.store);
    this.commit(ctx, full, r, undefined, writeTime);
    return id;
  }

  /**
   * Applies the sent values and relationship references to a draft, then the derived fields (AccountId on
   * activities, line-item prices, ...). Returns the write time and the names of the fields the caller sent.
   */
  private applyValues(
    ctx: CallContext,
    p: Prepared,
    r: Draft,
    before: StoredRecord | undefined,
  ): { writeTime: Date; sent: Set<string> } {
    const { full, data } = p;
    for (const [k, v] of data.values) r[k] = v;
    resolveRelationshipRefs(this, ctx, r, data);
    if (!before && full.fields.some((fd) => fd.name === 'OwnerId') && isBlank(r.OwnerId)) {
      r.OwnerId = ctx.access.userId;
    }
    const writeTime = this.clock.nextWriteTime();
    const sent = new Set(data.values.keys());
    for (const ref of data.refs) sent.add(ref.field.name);
    deriveFields(full.name, r, {
      store: this.store,
      schema: this.schema,
      isInsert: !before,
      before,
      sent,
      writeTime,
      userId: ctx.access.userId,
    });
    return { writeTime, sent };
  }

  /** The checks every write ends with (validation rules, uniqueness, row locks), then the write itself. */
  private commit(ctx: CallContext, full: ObjectDef, r: Draft, before: StoredRecord | undefined, writeTime: Date) {
    checkValidationRules(full, r);
    checkUnique(full, r, this.store);
    ctx.lockCheck?.(full.name, r);
    stamp(full, r, writeTime, ctx.access.userId, !before);
    this.store.put(full.name, r);
    rollUps(this, full.name, r, before, ctx.access.userId);
  }

  /** Resolves a record Id for an object, failing like Salesforce for malformed or foreign Ids. */
  private recordId(full: ObjectDef, raw: unknown): string {
    const id = normalizeId(raw);
    if (!id || keyPrefixOf(id) !== full.keyPrefix) throw Errors.malformedRecordId(full.label, String(raw));
    return id;
  }

  updateOne(
    ctx: CallContext,
    p: Prepared,
    rawId: unknown,
    missing: 'notFound' | 'crossReference' = 'notFound',
  ): string {
    const { visible, full, data } = p;
    if (!full.updateable && !ctx.system) {
      throw new OrgError('INVALID_TYPE_FOR_OPERATION', `entity type cannot be updated: ${full.label}`, { fields: [] });
    }
    const id = this.recordId(full, rawId);
    const current = this.store.get(full.name, id);
    if (!current) throw missing === 'notFound' ? Errors.notFound() : Errors.invalidCrossReference('Id');
    if (current.IsDeleted === true) throw Errors.entityIsDeleted();
    if (!ctx.system) {
      if (!ctx.access.objectAccess(full.name).edit) throw Errors.insufficientAccess();
      assertUpdatable(full.name, current);
      assertWritable(visible, data, 'updateable');
    }
    const r: Draft = { ...current };
    const { writeTime, sent } = this.applyValues(ctx, p, r, current);
    const changed = new Set(
      full.fields.filter((fd) => sent.has(fd.name) || r[fd.name] !== current[fd.name]).map((fd) => fd.name),
    );
    const blankRequired = [...sent].filter((name) => {
      const fd = full.fields.find((x) => x.name === name);
      return fd && !fd.nillable && fd.type !== 'boolean' && isBlank(r[name]);
    });
    if (blankRequired.length > 0) throw Errors.requiredFieldsMissing(blankRequired);
    checkValues(full, r, changed, this.schema, this.store);
    this.commit(ctx, full, r, current, writeTime);
    return id;
  }

  /**
   * Upsert by an idLookup field. Returns the record Id and whether it was created.
   * Several matches throw MultipleMatchesError; `updateOnly` with no match throws NOT_FOUND.
   */
  upsertOne(
    ctx: CallContext,
    p: Prepared,
    extFieldName: string,
    extValue: unknown,
    updateOnly = false,
  ): { id: string; created: boolean } {
    const extField = this.externalIdField(p.visible, extFieldName);
    if (extField.name === 'Id') {
      // Upsert on Id with a null value creates the record ("To force Salesforce to create a new record,
      // set the name of the external ID field to 'Id' and the external ID value to null":
      // https://developer.salesforce.com/docs/platform/mobile-sdk/guide/ref-rest-apis-collection-upsert.html,
      // https://developer.salesforce.com/docs/platform/mobile-sdk/guide/ref-rest-apis-upsert.html).
      // An `"Id": null` in the body is that null value, not an Id sent to an insert.
      if (isBlank(extValue))
        return { id: this.insertOne(ctx, { ...p, data: { ...p.data, id: undefined, hasId: false } }), created: true };
      return { id: this.updateOne(ctx, p, extValue), created: false };
    }
    const value = coerceValue(extField, extValue, {}, extField.name);
    const matches = this.findByExternalId(p.full, extField.name, value);
    if (matches.length > 1) throw new MultipleMatchesError(p.full.name, matches, extField.name, extField.label);
    if (matches.length === 1) return { id: this.updateOne(ctx, p, matches[0]), created: false };
    if (updateOnly) throw Errors.notFound();
    const values = new Map(p.data.values);
    values.set(extField.name, value);
    return { id: this.insertOne(ctx, { ...p, data: { ...p.data, values } }), created: true };
  }

  externalIdField(visible: ObjectDef, name: string): FieldDef {
    return externalIdField(visible, name);
  }

  /** Live records whose field equals value (case-insensitive unless the field is case-sensitive). */
  findByExternalId(full: ObjectDef, fieldName: string, value: unknown): string[] {
    return findByExternalId(this, full, fieldName, value);
  }

  deleteOne(
    ctx: CallContext,
    rawId: unknown,
    expectObject?: ObjectDef,
    missing: 'notFound' | 'crossReference' = 'notFound',
  ): string {
    const id = normalizeId(rawId);
    const full = id ? this.schema.byKeyPrefix(keyPrefixOf(id)) : undefined;
    if (!id || !full || (expectObject && full.name !== expectObject.name)) {
      if (expectObject) throw Errors.malformedRecordId(expectObject.label, String(rawId));
      throw new OrgError('MALFORMED_ID', `malformed id ${String(rawId)}`, { fields: [] });
    }
    const current = this.store.get(full.name, id);
    const visible = ctx.access.visibleObject(full.name);
    if (!current || !visible) throw missing === 'notFound' ? Errors.notFound() : Errors.invalidCrossReference('Id');
    if (current.IsDeleted === true) throw Errors.entityIsDeleted();
    if (!full.deletable || !ctx.access.objectAccess(full.name).delete) throw Errors.insufficientAccess();
    ctx.lockCheck?.(full.name, current);
    if (full.replicateable) {
      const batch = this.store.newDeleteBatch();
      softDelete(this, ctx, full, current, batch);
    } else {
      this.store.hardDelete(full.name, id);
      rollUps(this, full.name, current, current, ctx.access.userId);
    }
    return id;
  }

  undeleteOne(ctx: CallContext, rawId: unknown): string {
    return undeleteRecord(this, ctx, rawId);
  }

  // ---- batches -------------------------------------------------------------------------------

  /** Runs fn per item in one transaction (see batch.ts). */
  runBatch<T>(items: T[], opts: BatchOptions, fn: (item: T) => SaveResult): SaveResult[] {
    return runBatch(this.store, items, opts, fn);
  }

  insertMany(ctx: CallContext, records: Prepared[], opts: BatchOptions): SaveResult[] {
    return this.runBatch(records, opts, (p) => ({ id: this.insertOne(ctx, p), success: true, errors: [] }));
  }

  updateMany(ctx: CallContext, records: Array<{ id: unknown; prepared: Prepared }>, opts: BatchOptions): SaveResult[] {
    return this.runBatch(records, opts, ({ id, prepared }) => ({
      id: this.updateOne(ctx, prepared, id, 'crossReference'),
      success: true,
      errors: [],
    })).map((r, i) => (r.success ? r : { ...r, id: idOf(records[i].id, r) }));
  }

  upsertMany(ctx: CallContext, extField: string, records: Prepared[], opts: BatchOptions): SaveResult[] {
    // Duplicate external IDs within one request fail each duplicate (UNCONFIRMED text).
    const counts = new Map<string, number>();
    const keyOf = (p: Prepared) => {
      const fd = p.full.fields.find((x) => x.name.toLowerCase() === extField.toLowerCase());
      const v = p.data.values.get(fd?.name ?? extField);
      return fd ? uniqueKey(fd, v) : undefined;
    };
    for (const p of records) {
      const k = keyOf(p);
      if (k !== undefined) counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    return this.runBatch(records, opts, (p) => {
      const field = this.externalIdField(p.visible, extField);
      // The record's Id travels apart from its field values (coerce.ts); on Id a blank value creates.
      const value = field.name === 'Id' ? p.data.id : p.data.values.get(field.name);
      if (isBlank(value) && field.name !== 'Id')
        throw new OrgError('MISSING_ARGUMENT', `${field.name} not specified`, { fields: [] });
      const k = keyOf(p);
      if (k !== undefined && (counts.get(k) ?? 0) > 1) {
        throw new OrgError('DUPLICATE_EXTERNAL_ID', `Duplicate external id specified: ${String(value)}`, {
          fields: [field.name],
        });
      }
      const { id, created } = this.upsertOne(ctx, p, field.name, value);
      return { id, success: true, errors: [], created };
    });
  }

  deleteMany(ctx: CallContext, ids: string[], opts: BatchOptions): SaveResult[] {
    return this.runBatch(ids, opts, (id) => ({
      id: this.deleteOne(ctx, id, undefined, 'crossReference'),
      success: true,
      errors: [],
    })).map((r, i) => (r.success ? r : { ...r, id: normalizeId(ids[i]) ?? null }));
  }

  undeleteMany(ctx: CallContext, ids: string[], opts: BatchOptions): SaveResult[] {
    return this.runBatch(ids, opts, (id) => ({ id: this.undeleteOne(ctx, id), success: true, errors: [] }));
  }
}

function idOf(raw: unknown, r: SaveResult): string | null {
  return r.id ?? normalizeId(raw) ?? null;
}
