/** SOQL text and error helpers for the doctor's queries. Values reach SOQL only as escaped literals. */
import { soqlString } from '../salesforce/soql.js';
import type { DoctorSalesforce } from './doctor-types.js';

const SF_ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

export function isSalesforceId(value: string): boolean {
  return SF_ID.test(value);
}

/** A SOQL string literal: backslash and single quote escaped (SOQL escape sequences). */
export { soqlString };

/** `('a', 'b')` for an IN clause; callers skip the query when the list is empty. */
export function soqlList(values: Iterable<string>): string {
  return `(${[...values].map(soqlString).join(', ')})`;
}

export interface SalesforceFailure {
  errorCode: string;
  message: string;
}

/**
 * errorCode and the readable part of a failed call. jsforce puts the body's errorCode on `errorCode`
 * (and `name`); a SOQL error's message repeats the query and a caret before the explanation, so only
 * its last line is kept.
 */
export function describeFailure(e: unknown): SalesforceFailure {
  const err = (e ?? {}) as { errorCode?: unknown; name?: unknown; message?: unknown };
  const errorCode =
    typeof err.errorCode === 'string' ? err.errorCode : typeof err.name === 'string' ? err.name : 'ERROR';
  const lines = String(err.message ?? e)
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  // Salesforce appends advice about custom names to INVALID_TYPE / INVALID_FIELD; the cause comes before it.
  const last = (lines[lines.length - 1] ?? '').split(' If you are attempting to use a custom')[0];
  return { errorCode, message: last.replace(/\.$/, '') };
}

export function failureText(e: unknown): string {
  const { errorCode, message } = describeFailure(e);
  return message ? `${errorCode}: ${message}` : errorCode;
}

const NO_SUCH_COLUMN = /No such column '([^']+)'/;

/**
 * Runs a query over a list of optional columns (user permission fields, which differ between orgs and
 * editions), dropping each column Salesforce reports as unknown (`INVALID_FIELD` "No such column 'X'") and
 * retrying. Returns the rows and the columns that exist.
 */
export async function queryWithKnownColumns(
  sf: DoctorSalesforce,
  build: (columns: string[]) => string,
  columns: string[],
): Promise<{ rows: Record<string, unknown>[]; known: string[] }> {
  let known = [...columns];
  for (;;) {
    try {
      return { rows: await sf.query(build(known)), known };
    } catch (e) {
      const { errorCode, message } = describeFailure(e);
      const missing = errorCode === 'INVALID_FIELD' ? NO_SUCH_COLUMN.exec(message)?.[1] : undefined;
      const next = missing ? known.filter((c) => c.toLowerCase() !== missing.toLowerCase()) : known;
      if (next.length === known.length) throw e;
      if (next.length === 0) return { rows: [], known: [] };
      known = next;
    }
  }
}

/** A nested relationship value of a REST record, e.g. `field(row, 'Profile', 'UserLicense', 'Name')`. */
export function field(row: unknown, ...path: string[]): unknown {
  let value: unknown = row;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

export function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
