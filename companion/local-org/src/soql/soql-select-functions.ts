/**
 * Field functions in SELECT of a plain (non-aggregate) query: toLabel(), FORMAT(), convertCurrency().
 *
 * - toLabel(field) (SOQL reference, toLabel()): the picklist value's label replaces the value, under
 *   the field's name or the alias. The local org has one language, so the label is the label of the
 *   field's picklist entry (a value without an entry is returned as is). toLabel of a field that is
 *   not a picklist: MALFORMED_QUERY (UNCONFIRMED wording).
 *   In WHERE, `toLabel(Status) = 'Open'` compares the label ("If no translation is available for the
 *   picklist, the comparison is made against the master values"; LIKE matches labels only).
 * - FORMAT(field) (SOQL reference, FORMAT()): "localized formatting to standard and custom number,
 *   date, time, and currency fields", for the user's locale; the local org's users are en_US in GMT:
 *   currency $44,000.00 and dateTime 4/10/2025, 3:31 PM (the reference's own examples); number 1,234.5
 *   (with the field's scale), percent 12.5% and date 3/11/2024 (UNCONFIRMED: en_US conventions, not
 *   observed). Other types are returned unchanged (UNCONFIRMED).
 * - convertCurrency(field) "requires that the org has multiple currencies enabled" (SOQL reference,
 *   convertCurrency()); the local org has one currency, so it is refused with MALFORMED_QUERY
 *   (UNCONFIRMED wording: the real org's message for a single-currency org is not documented).
 */
import type { FieldDef, ObjectDef, StoredRecord } from '../schema-types.js';
import type { FnCall } from './soql-date-functions.js';
import type { QueryEnv } from './soql-env.js';
import { pathReader, type ResolvedPath } from './soql-fields.js';
import { outputValue, toEpochMs } from './soql-values.js';

export const SELECT_FUNCTIONS = new Set(['TOLABEL', 'FORMAT', 'CONVERTCURRENCY']);

export type ValueTransform = (value: unknown) => unknown;

/** Checks the function against the field and returns what it does to the field's output value. */
export function selectFunction(
  env: QueryEnv,
  name: string,
  raw: string,
  field: FieldDef,
  offset: number | undefined,
): ValueTransform {
  switch (name.toUpperCase()) {
    case 'TOLABEL': {
      if (field.type !== 'picklist' && field.type !== 'multipicklist' && field.name !== 'Name') {
        return env.fail('MALFORMED_QUERY', offset, `toLabel() is only supported on picklist fields: ${raw}`);
      }
      const labels = new Map(field.picklistValues.map((p) => [p.value, p.label]));
      if (field.type === 'multipicklist') {
        return (v) =>
          typeof v === 'string'
            ? v
                .split(';')
                .map((x) => labels.get(x) ?? x)
                .join(';')
            : v;
      }
      return (v) => (typeof v === 'string' ? (labels.get(v) ?? v) : v);
    }
    case 'FORMAT':
      return formatter(field);
    default:
      return env.fail(
        'MALFORMED_QUERY',
        offset,
        'convertCurrency() is only available in an organization with multiple currencies enabled',
      );
  }
}

function grouped(n: number, decimals: number): string {
  return n.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

const pad = (n: number): string => String(n).padStart(2, '0');

function formatter(field: FieldDef): ValueTransform {
  switch (field.type) {
    case 'currency':
      return (v) => (typeof v === 'number' ? `${v < 0 ? '-' : ''}$${grouped(Math.abs(v), field.scale || 2)}` : v);
    case 'int':
    case 'double':
      return (v) => (typeof v === 'number' ? grouped(v, field.scale) : v);
    case 'percent':
      return (v) => (typeof v === 'number' ? `${grouped(v, field.scale)}%` : v);
    case 'date':
      return (v) => {
        if (typeof v !== 'string') return v;
        const [y, m, d] = v.split('-').map(Number);
        return `${m}/${d}/${y}`;
      };
    case 'datetime':
      return (v) => {
        const ms = toEpochMs(v);
        if (ms === null) return v;
        const t = new Date(ms);
        const h = t.getUTCHours();
        const clock = `${h % 12 === 0 ? 12 : h % 12}:${pad(t.getUTCMinutes())} ${h < 12 ? 'AM' : 'PM'}`;
        return `${t.getUTCMonth() + 1}/${t.getUTCDate()}/${t.getUTCFullYear()}, ${clock}`;
      };
    default:
      return (v) => v;
  }
}

/** The output value of a field with an optional transform (the transform sees REST-typed values). */
export function transformedOutput(field: FieldDef, value: unknown, transform: ValueTransform | undefined): unknown {
  const out = outputValue(field, value);
  return transform && out !== null ? transform(out) : out;
}

/** `toLabel(field)` in WHERE: the label of each row's value, compared as text. */
export function compileLabelFilter(
  env: QueryEnv,
  object: ObjectDef,
  alias: string | undefined,
  fn: FnCall,
  offset: number | undefined,
): { path: ResolvedPath; read: (row: StoredRecord) => unknown } {
  const param = fn.parameters?.[0];
  if (typeof param !== 'string') return env.unsupported(offset, fn.rawValue ?? fn.functionName);
  const path = env.field(object, alias, param.split('.'), env.positions.findAfter(offset, param.split('.')[0]));
  const transform = selectFunction(env, 'TOLABEL', fn.rawValue ?? fn.functionName, path.field, offset);
  const raw = pathReader(env.ctx, object.name, path);
  const kind = path.kind === 'multipicklist' ? 'multipicklist' : 'text';
  return { path: { ...path, kind }, read: (row) => transform(raw(row)) };
}
