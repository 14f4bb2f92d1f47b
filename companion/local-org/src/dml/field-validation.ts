/**
 * Generic per-field checks a real org runs on save, in its order: required fields, text length,
 * email format, restricted picklists, lookups (shape, target type, existence), then the object's
 * validation rules, then unique / external-ID values.
 */
import { Errors, OrgError } from '../core/errors.js';
import { keyPrefixOf, normalizeId } from '../core/ids.js';
import type { FieldDef, ObjectDef, StoredRecord } from '../schema-types.js';
import { isTextType } from '../schema/field-builders.js';
import type { SchemaRegistry } from '../schema/schema-registry.js';
import type { RecordStore } from '../store/record-store.js';

const EMAIL_RE =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

function isBlank(v: unknown): boolean {
  return v === undefined || v === null || v === '';
}

/** Fields a caller must supply on create: createable, not nillable, not defaulted (facts §A2 convention). */
export function requiredFields(obj: ObjectDef): FieldDef[] {
  return obj.fields.filter((fd) => fd.createable && !fd.nillable && !fd.defaultedOnCreate && fd.type !== 'boolean');
}

export function checkRequired(obj: ObjectDef, r: StoredRecord): void {
  const missing = requiredFields(obj).filter((fd) => isBlank(r[fd.name]));
  if (missing.length > 0) throw Errors.requiredFieldsMissing(missing.map((fd) => fd.name));
}

export function checkValues(
  obj: ObjectDef,
  r: StoredRecord,
  changed: ReadonlySet<string>,
  schema: SchemaRegistry,
  store: RecordStore,
): void {
  for (const fd of obj.fields) {
    if (!changed.has(fd.name)) continue;
    const v = r[fd.name];
    if (isBlank(v)) continue;
    if (isTextType(fd.type) && fd.length > 0 && typeof v === 'string' && v.length > fd.length) {
      throw Errors.stringTooLong(fd.label, v, fd.length, fd.name);
    }
    if (fd.type === 'email' && typeof v === 'string' && !EMAIL_RE.test(v))
      throw Errors.invalidEmail(fd.label, v, fd.name);
    if ((fd.type === 'picklist' || fd.type === 'multipicklist') && fd.restrictedPicklist) {
      const allowed = new Set(fd.picklistValues.filter((p) => p.active).map((p) => p.value));
      const parts = fd.type === 'multipicklist' ? String(v).split(';') : [String(v)];
      if (parts.some((p) => !allowed.has(p))) throw Errors.badRestrictedPicklist(fd.label, v, fd.name);
    }
    if (fd.type === 'reference') checkReference(fd, v, schema, store);
  }
}

function checkReference(fd: FieldDef, v: unknown, schema: SchemaRegistry, store: RecordStore): void {
  const id = normalizeId(v);
  if (!id) throw Errors.malformedIdForField(fd.label, String(v), fd.name);
  const target = schema.byKeyPrefix(keyPrefixOf(id));
  if (!target || !fd.referenceTo.includes(target.name)) {
    // Targets outside this org's schema (Group, Calendar, ApexClass...) are accepted as opaque Ids.
    if (!target && fd.referenceTo.some((t) => !schema.get(t))) return;
    throw Errors.wrongIdType(fd.label, String(v), fd.name);
  }
  const row = store.get(target.name, id);
  if (!row) throw Errors.invalidCrossReference(fd.name);
  if (row.IsDeleted === true) throw Errors.entityIsDeleted([fd.name]);
}

/** The first failing validation rule (a real org reports every failing rule; UNCONFIRMED ordering). */
export function checkValidationRules(obj: ObjectDef, r: StoredRecord): void {
  for (const rule of obj.validationRules) {
    let failed: boolean;
    try {
      failed = rule.errorWhen(r);
    } catch {
      failed = false;
    }
    if (failed) throw Errors.customValidation(rule.message, rule.errorField);
  }
}

export function checkUnique(obj: ObjectDef, r: StoredRecord, store: RecordStore): void {
  for (const fd of obj.fields) {
    if (!fd.unique || isBlank(r[fd.name])) continue;
    const holder = store.findUnique(obj.name, fd, r[fd.name]);
    if (holder && holder !== r.Id) throw Errors.duplicateValue(fd.name, holder);
  }
}

export function isOrgErrorWith(e: unknown, code: string): e is OrgError {
  return e instanceof OrgError && e.errorCode === code;
}
