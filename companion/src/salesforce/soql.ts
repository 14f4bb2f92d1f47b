/** SOQL literals, in one place: strings (backslash and quote escaped) and DateTime values. */
export function soqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** A DateTime literal (UTC, whole seconds: `2026-11-22T04:00:00Z`). */
export function soqlDateTime(iso: string): string {
  return new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Salesforce's `+0000` DateTime form as ISO 8601 UTC. */
export function fromSfDateTime(value: unknown): string {
  return new Date(String(value).replace(/([+-]\d{2})(\d{2})$/, '$1:$2')).toISOString();
}
