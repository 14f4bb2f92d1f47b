/**
 * What is left of a writeback's values when they must not be kept (payload retention) or shown
 * (an admin key's view of the ledger): the field names written, never their values; errors and
 * reasons stay.
 */
export function outcomeWithoutValues(outcome: unknown): unknown {
  if (!outcome || typeof outcome !== 'object' || Array.isArray(outcome)) return outcome;
  const o = outcome as Record<string, unknown>;
  const names = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v) : v);
  const { notes: _notes, ...rest } = o;
  return {
    ...rest,
    ...('written' in o ? { written: names(o.written) } : {}),
    ...('fields' in o ? { fields: names(o.fields) } : {}),
    ...(Array.isArray(o.superseded)
      ? { superseded: o.superseded.map(({ salesforceValue: _v, ...s }: Record<string, unknown>) => s) }
      : {}),
  };
}
