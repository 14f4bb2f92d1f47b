/** Comparing Rox values with what Salesforce returns (dates and datetimes in Salesforce's forms, '' as null). */
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

export function toEpoch(v: string): number {
  return Date.parse(v.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
}

/** The earliest of several ISO times (non-empty list). */
export function oldest(times: string[]): string {
  return times.reduce((a, b) => (toEpoch(a) <= toEpoch(b) ? a : b));
}

function norm(v: unknown): unknown {
  if (v === undefined || v === '') return null;
  if (typeof v === 'string' && DATETIME.test(v)) return toEpoch(v);
  return v;
}

export function sameValue(a: unknown, b: unknown): boolean {
  const x = norm(a);
  const y = norm(b);
  if (typeof x === 'number' && typeof y === 'number') return Math.abs(x - y) < 1e-9;
  return x === y;
}

export { soqlString } from '../salesforce/soql.js';
