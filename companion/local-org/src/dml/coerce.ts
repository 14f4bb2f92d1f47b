/**
 * Deserialising a record body against the caller's view of the object, the step Salesforce does
 * before any DML: an unknown (or FLS-hidden) field is INVALID_FIELD and a value of the wrong JSON
 * type is JSON_PARSER_ERROR. Both fail the whole request, also in sObject Collections
 * (UNCONFIRMED for Collections: believed because deserialisation precedes per-record DML).
 */
import { toSfDate, toSfDateTime } from '../core/clock.js';
import { Errors, OrgError } from '../core/errors.js';
import { positionSuffix } from '../http/json-body.js';
import type { FieldDef, ObjectDef } from '../schema-types.js';

/** A lookup set through a related record's external ID: `"Account": {"ExtId__c": "A-1"}`. */
export interface RelationshipRef {
  field: FieldDef;
  objectName: string;
  extField: string;
  value: unknown;
}

export interface DeserializedRecord {
  /** Field API name (canonical case) → coerced value, only for keys the body contained. */
  values: Map<string, unknown>;
  refs: RelationshipRef[];
  /** Value of an `Id`/`id` key if present. */
  id: unknown;
  hasId: boolean;
}

function tokenOf(v: unknown): string {
  if (v === null) return 'VALUE_NULL';
  if (typeof v === 'string') return 'VALUE_STRING';
  if (typeof v === 'boolean') return v ? 'VALUE_TRUE' : 'VALUE_FALSE';
  if (typeof v === 'number') return Number.isInteger(v) ? 'VALUE_NUMBER_INT' : 'VALUE_NUMBER_FLOAT';
  return Array.isArray(v) ? 'START_ARRAY' : 'START_OBJECT';
}

function rendered(v: unknown): string {
  if (Array.isArray(v)) return '[';
  if (v !== null && typeof v === 'object') return '{';
  return String(v);
}

function typeError(kind: string, v: unknown, body: object, key: string): OrgError {
  return Errors.jsonParser(
    `Cannot deserialize instance of ${kind} from ${tokenOf(v)} value ${rendered(v)}${positionSuffix(body, key)}`,
  );
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

export function parseDateTime(s: string): number | undefined {
  const m = DATETIME_RE.exec(s.trim());
  if (!m) return undefined;
  let tz = m[8] ?? 'Z';
  if (tz !== 'Z' && !tz.includes(':')) tz = `${tz.slice(0, 3)}:${tz.slice(3)}`;
  const iso = `${m[1]}-${m[2]}-${m[3]}T${m[4] ?? '00'}:${m[5] ?? '00'}:${m[6] ?? '00'}${(m[7] ?? '.000').slice(0, 4).padEnd(4, '0')}${tz}`;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}

function validDate(y: number, m: number, d: number): boolean {
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

/** Coerces one JSON value to the stored representation of `field`. */
export function coerceValue(field: FieldDef, v: unknown, body: object, key: string): unknown {
  if (v === null || v === undefined) return null;
  switch (field.type) {
    case 'boolean':
      if (typeof v === 'boolean') return v;
      if (typeof v === 'string' && /^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
      throw typeError('boolean', v, body, key);
    case 'int': {
      const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
      if (!Number.isInteger(n)) throw typeError('int', v, body, key);
      return n;
    }
    case 'double':
    case 'currency':
    case 'percent': {
      const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
      if (!Number.isFinite(n)) throw typeError('double', v, body, key);
      return n;
    }
    case 'date': {
      if (typeof v !== 'string') throw typeError('date', v, body, key);
      if (v === '') return null;
      const m = DATE_RE.exec(v);
      if (m && validDate(Number(m[1]), Number(m[2]), Number(m[3]))) return v;
      const ms = parseDateTime(v);
      if (ms === undefined) throw typeError('date', v, body, key);
      return toSfDate(ms);
    }
    case 'datetime': {
      if (typeof v !== 'string') throw typeError('datetime', v, body, key);
      if (v === '') return null;
      const ms = parseDateTime(v);
      if (ms === undefined) throw typeError('datetime', v, body, key);
      return toSfDateTime(ms);
    }
    case 'time':
      if (typeof v !== 'string') throw typeError('time', v, body, key);
      return v === '' ? null : v;
    case 'address':
      // Compound fields are read-only; the writability check reports them.
      return v;
    default: {
      // Text-like, picklists, ids and references: Jackson turns scalars into strings.
      if (typeof v === 'string') return v === '' ? null : v;
      if (typeof v === 'number' || typeof v === 'boolean') return String(v);
      throw typeError('string', v, body, key);
    }
  }
}

function relationshipField(obj: ObjectDef, key: string): FieldDef | undefined {
  const lower = key.toLowerCase();
  return obj.fields.find((fd) => fd.type === 'reference' && fd.relationshipName?.toLowerCase() === lower);
}

/**
 * Deserialises `body` for `obj` (the caller's FLS view). `attributes` is ignored; an `Id`/`id`
 * key is reported separately (create rejects it, update needs it).
 */
export function deserializeRecord(obj: ObjectDef, body: unknown): DeserializedRecord {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw Errors.jsonParser(`Cannot deserialize instance of ${obj.name} from ${tokenOf(body)} value ${rendered(body)}`);
  }
  const values = new Map<string, unknown>();
  const refs: RelationshipRef[] = [];
  let id: unknown;
  let hasId = false;
  const fieldsByLower = new Map(obj.fields.map((fd) => [fd.name.toLowerCase(), fd]));
  for (const [key, raw] of Object.entries(body as Record<string, unknown>)) {
    if (key === 'attributes') continue;
    if (key.toLowerCase() === 'id') {
      id = raw;
      hasId = true;
      continue;
    }
    const field = fieldsByLower.get(key.toLowerCase());
    if (field) {
      values.set(field.name, coerceValue(field, raw, body, key));
      continue;
    }
    const relField = relationshipField(obj, key);
    if (relField && raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
      const inner = raw as Record<string, unknown>;
      const attrs = inner.attributes as Record<string, unknown> | undefined;
      const extKeys = Object.keys(inner).filter((k) => k !== 'attributes');
      const targetName = typeof attrs?.type === 'string' ? attrs.type : relField.referenceTo[0];
      if (extKeys.length === 1 && targetName) {
        refs.push({ field: relField, objectName: targetName, extField: extKeys[0], value: inner[extKeys[0]] });
        continue;
      }
    }
    throw Errors.noSuchColumn(key, obj.name);
  }
  return { values, refs, id, hasId };
}
