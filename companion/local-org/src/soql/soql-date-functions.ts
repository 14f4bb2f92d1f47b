/**
 * SOQL date functions (SOQL reference, "Date Functions"): CALENDAR_MONTH, CALENDAR_QUARTER,
 * CALENDAR_YEAR, DAY_IN_MONTH, DAY_IN_WEEK (1 = Sunday … 7 = Saturday), DAY_IN_YEAR, DAY_ONLY
 * (the date part of a dateTime), FISCAL_MONTH, FISCAL_QUARTER, FISCAL_YEAR, HOUR_IN_DAY (0–23),
 * WEEK_IN_MONTH (days 1–7 are week 1), WEEK_IN_YEAR (January 1–7 are week 1), optionally around
 * convertTimezone(dateTimeField).
 *
 * Local org assumptions: the fiscal year is the default one (starts in January), so FISCAL_*
 * equal CALENDAR_*; users are in GMT, so convertTimezone() changes nothing; a dateTime is read in
 * UTC ("dateTime field values are returned in UTC", SOQL reference). DAY_ONLY and HOUR_IN_DAY need
 * a dateTime field; the others take a date or a dateTime.
 */
import type { FieldDef, ObjectDef, StoredRecord } from '../schema-types.js';
import type { QueryEnv } from './soql-env.js';
import { pathReader, syntheticField, type ResolvedPath } from './soql-fields.js';
import { toEpochMs } from './soql-values.js';

const NUMBER_FUNCTIONS: Partial<Record<string, (d: Date) => number>> = {
  CALENDAR_MONTH: (d) => d.getUTCMonth() + 1,
  CALENDAR_QUARTER: (d) => Math.floor(d.getUTCMonth() / 3) + 1,
  CALENDAR_YEAR: (d) => d.getUTCFullYear(),
  DAY_IN_MONTH: (d) => d.getUTCDate(),
  DAY_IN_WEEK: (d) => d.getUTCDay() + 1,
  DAY_IN_YEAR: (d) => dayInYear(d),
  FISCAL_MONTH: (d) => d.getUTCMonth() + 1,
  FISCAL_QUARTER: (d) => Math.floor(d.getUTCMonth() / 3) + 1,
  FISCAL_YEAR: (d) => d.getUTCFullYear(),
  HOUR_IN_DAY: (d) => d.getUTCHours(),
  WEEK_IN_MONTH: (d) => Math.floor((d.getUTCDate() - 1) / 7) + 1,
  WEEK_IN_YEAR: (d) => Math.floor((dayInYear(d) - 1) / 7) + 1,
};

const DATETIME_ONLY = new Set(['DAY_ONLY', 'HOUR_IN_DAY']);

function dayInYear(d: Date): number {
  return Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1;
}

export function isDateFunction(name: string | undefined): boolean {
  const upper = (name ?? '').toUpperCase();
  return upper === 'DAY_ONLY' || upper in NUMBER_FUNCTIONS;
}

/** The parser's view of a function call (SELECT item, GROUP BY / ORDER BY fn, condition fn). */
export interface FnCall {
  functionName: string;
  parameters?: unknown[];
  rawValue?: string;
}

export interface CompiledDateFunction {
  /** Upper-cased name, e.g. CALENDAR_YEAR. */
  name: string;
  /** Normalised text (upper case, no spaces) to match SELECT items with GROUP BY expressions. */
  key: string;
  /** The function's value for a row: an integer, a 'YYYY-MM-DD' for DAY_ONLY, or null. */
  read: (row: StoredRecord) => number | string | null;
  /** Result type: int, or date for DAY_ONLY. */
  field: FieldDef;
  /** A path-like view for WHERE / HAVING comparisons (kind number or date). */
  path: ResolvedPath;
}

export function normalisedCall(fn: FnCall): string {
  return (fn.rawValue ?? fn.functionName).replace(/\s+/g, '').toUpperCase();
}

/**
 * Compiles `CALENDAR_YEAR(CreatedDate)` or `HOUR_IN_DAY(convertTimezone(CreatedDate))`.
 * Errors (UNCONFIRMED wording, MALFORMED_QUERY at the function name): a field that is not a date
 * or dateTime, DAY_ONLY / HOUR_IN_DAY on a date field, convertTimezone() around a date field.
 */
export function compileDateFunction(
  env: QueryEnv,
  object: ObjectDef,
  alias: string | undefined,
  fn: FnCall,
  offset: number | undefined,
): CompiledDateFunction {
  const name = fn.functionName.toUpperCase();
  const param = fn.parameters?.[0];
  let fieldText: string | undefined;
  let converted = false;
  if (typeof param === 'string') fieldText = param;
  else if (param && typeof param === 'object' && 'functionName' in param) {
    const inner = param as FnCall;
    if (inner.functionName.toUpperCase() !== 'CONVERTTIMEZONE' || typeof inner.parameters?.[0] !== 'string') {
      return env.fail('MALFORMED_QUERY', offset, `Invalid argument to date function ${name}`);
    }
    fieldText = inner.parameters[0];
    converted = true;
  }
  if (fieldText === undefined || (fn.parameters?.length ?? 0) !== 1) {
    return env.fail('MALFORMED_QUERY', offset, `Invalid argument to date function ${name}`);
  }
  const fieldOffset = env.positions.findAfter(offset, fieldText.split('.')[0]) ?? offset;
  const path = env.field(object, alias, fieldText.split('.'), fieldOffset);
  const type = path.field.type;
  const isDateTime = type === 'datetime';
  if ((type !== 'date' && !isDateTime) || (!isDateTime && (DATETIME_ONLY.has(name) || converted))) {
    const expected = DATETIME_ONLY.has(name) || converted ? 'dateTime' : 'date or dateTime';
    return env.fail(
      'MALFORMED_QUERY',
      fieldOffset,
      `${name} requires a ${expected} field; '${path.canonical}' is of type ${type}`,
    );
  }
  const raw = pathReader(env.ctx, object.name, path);
  const compute: ((d: Date) => number) | undefined = NUMBER_FUNCTIONS[name];
  const read = (row: StoredRecord): number | string | null => {
    const ms = toEpochMs(raw(row));
    if (ms === null) return null;
    const d = new Date(ms);
    return compute ? compute(d) : d.toISOString().slice(0, 10);
  };
  const label = fn.rawValue ?? `${name}(${fieldText})`;
  const field = syntheticField(label, compute ? 'int' : 'date');
  const resultPath: ResolvedPath = {
    steps: [],
    field,
    nameEntity: false,
    canonical: label,
    kind: compute ? 'number' : 'date',
  };
  return { name, key: normalisedCall(fn), read, field, path: resultPath };
}
