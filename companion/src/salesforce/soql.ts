/** SOQL literals, in one place: strings (backslash and quote escaped) and DateTime values. */
export function soqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** A DateTime literal (UTC, whole seconds: `2026-11-22T04:00:00Z`). */
export function soqlDateTime(iso: string): string {
  return new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Salesforce's `+0000` DateTime form as ISO 8601 UTC. */
const UTC_MILLIS = /^\d{4}-[01]\d-[0-3]\dT[0-2]\d:[0-5]\d:[0-5]\d\.\d{3}\+0000$/;

export function fromSfDateTime(value: unknown): string {
  // Fast path for what the API sends (`2026-01-05T10:00:00.000+0000`): UTC with milliseconds.
  if (typeof value === 'string' && UTC_MILLIS.test(value)) return `${value.slice(0, 23)}Z`;
  return new Date(String(value).replace(/([+-]\d{2})(\d{2})$/, '$1:$2')).toISOString();
}
