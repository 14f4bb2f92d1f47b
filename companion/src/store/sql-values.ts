/** Row value helpers shared by the stores: both engines return timestamps as Date (pg) or Date/string. */
export function iso(v: Date | string | null): string | null {
  return v === null ? null : new Date(v).toISOString();
}
