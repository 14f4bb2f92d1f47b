/**
 * One transaction for a batch of records: each record in its own savepoint, so a failed record
 * leaves nothing behind; with allOrNone a single failure rolls everything back and the other
 * records report ALL_OR_NONE_OPERATION_ROLLED_BACK.
 */
import { Errors, OrgError } from '../core/errors.js';
import type { RecordStore } from '../store/record-store.js';
import type { BatchOptions, SaveResult } from './dml-types.js';

class BatchRolledBack extends Error {
  constructor(readonly results: SaveResult[]) {
    super('batch rolled back');
  }
}

export function runBatch<T>(
  store: RecordStore,
  items: T[],
  opts: BatchOptions,
  fn: (item: T) => SaveResult,
): SaveResult[] {
  const own = !store.inTransaction();
  if (own) store.begin();
  let results: SaveResult[] = [];
  try {
    results = store.savepoint(() => {
      const out: SaveResult[] = items.map((item) => {
        try {
          return store.savepoint(() => fn(item));
        } catch (e) {
          if (e instanceof OrgError) return { id: null, success: false, errors: [e] };
          throw e;
        }
      });
      if (opts.allOrNone && out.some((r) => !r.success)) throw new BatchRolledBack(out);
      return out;
    });
  } catch (e) {
    if (!(e instanceof BatchRolledBack)) {
      if (own) store.rollback();
      throw e;
    }
    results = e.results.map((r) => (r.success ? { id: null, success: false, errors: [Errors.rolledBack()] } : r));
  }
  if (own) store.commit();
  return results;
}
