/**
 * External IDs: which fields an upsert may match on (idLookup / External ID), live records holding
 * a value, and lookups set through a related record's external ID (`"Account": {"Ext__c": "A-1"}`).
 */
import { Errors, OrgError } from '../core/errors.js';
import { normalizeId } from '../core/ids.js';
import type { FieldDef, ObjectDef, StoredRecord } from '../schema-types.js';
import type { SchemaRegistry } from '../schema/schema-registry.js';
import { type RecordStore, uniqueKey } from '../store/record-store.js';
import { type DeserializedRecord, coerceValue } from './coerce.js';
import type { CallContext } from './dml-types.js';

export function externalIdField(visible: ObjectDef, name: string): FieldDef {
  const field = visible.fields.find((fd) => fd.name.toLowerCase() === name.toLowerCase());
  if (!field || !(field.idLookup || field.externalId)) {
    throw new OrgError('NOT_FOUND', `Provided external ID field does not exist or is not accessible: ${name}`, {
      httpStatus: 404,
    });
  }
  return field;
}

export function findByExternalId(
  deps: { schema: SchemaRegistry; store: RecordStore },
  full: ObjectDef,
  fieldName: string,
  value: unknown,
): string[] {
  const field = deps.schema.field(full.name, fieldName);
  if (!field) return [];
  if (field.unique) {
    const hit = deps.store.findUnique(full.name, field, value);
    return hit ? [hit] : [];
  }
  const key = uniqueKey(field, value);
  if (key === undefined) return [];
  const out: string[] = [];
  for (const row of deps.store.scan(full.name)) {
    if (row.IsDeleted === true) continue;
    if (uniqueKey(field, row[field.name]) === key) out.push(row.Id);
  }
  return out;
}

export function resolveRelationshipRefs(
  deps: { schema: SchemaRegistry; store: RecordStore },
  ctx: CallContext,
  r: StoredRecord,
  data: DeserializedRecord,
): void {
  for (const ref of data.refs) {
    const target = ctx.access.visibleObject(ref.objectName);
    if (!target) throw Errors.invalidType(ref.objectName);
    const extField = externalIdField(target, ref.extField);
    const value = coerceValue(extField, ref.value, {}, extField.name);
    const matches =
      extField.name === 'Id'
        ? [normalizeId(value)].filter((x): x is string => !!x)
        : findByExternalId(deps, target, extField.name, value);
    // UNCONFIRMED message texts for an unmatched / ambiguous foreign-key external ID.
    if (matches.length !== 1) {
      const what = matches.length === 0 ? 'not found' : 'matches more than one record';
      throw new OrgError(
        'INVALID_FIELD',
        `Foreign key external ID: ${String(value)} ${what} for field ${extField.name} in entity ${target.name}`,
        {
          fields: [],
        },
      );
    }
    r[ref.field.name] = matches[0];
  }
}
