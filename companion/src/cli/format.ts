/** Plain-text output of the CLI: aligned tables and short summaries. */

export function table(rows: Array<Record<string, unknown>>): string {
  if (rows.length === 0) return '(none)';
  const cols = Object.keys(rows[0]);
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c] ?? '').length)));
  const line = (vals: string[]) =>
    vals
      .map((v, i) => v.padEnd(width[i]))
      .join('  ')
      .trimEnd();
  return [line(cols), ...rows.map((r) => line(cols.map((c) => String(r[c] ?? ''))))].join('\n');
}

/** What a data-removal request removed (the request's target is not repeated). */
export function eraseSummary(r: { complete: boolean; inFlight: number; counts: Record<string, number> }): string {
  const lines = table(Object.entries(r.counts).map(([what, n]) => ({ removed: what, count: n })));
  return r.complete
    ? `Removed:\n${lines}`
    : `Removed:\n${lines}\n${r.inFlight} writeback(s) about it are being sent right now and were left; run the same command again in a minute.`;
}
