/**
 * A virtual table: rows generated on demand from their index, so benchmark-sized objects
 * (millions of rows) cost almost no memory at rest. The store overlays edits: an updated or
 * deleted virtual row is copied into the ordinary table and shadows the generated one.
 * Scans hand out light rows (one number per row, field values computed by prototype getters), so a
 * query locator that keeps a million matching rows holds a few tens of MB instead of half a GB.
 */
import type { StoredRecord } from '../schema-types.js';

export interface VirtualTable {
  objectName: string;
  count: number;
  /** Builds row `index` (0 ≤ index < count) as a plain object; must be deterministic. */
  row(index: number): StoredRecord;
  /** A light view of row `index` for scans (values computed on access); defaults to row(). */
  lightRow?(index: number): StoredRecord;
  /** Index of the row whose unique/external-id field `field` has `value` (exact, already normalised), if any. */
  lookupUnique?(field: string, value: string): number | undefined;
}

export type ColumnFn = (index: number) => unknown;

/** A VirtualTable from one function per field; `Id` is required. */
export function columnTable(
  objectName: string,
  count: number,
  columns: Record<string, ColumnFn> & { Id: ColumnFn },
): VirtualTable {
  const names = Object.keys(columns);
  const fns = names.map((n) => columns[n]);
  class LightRow {
    constructor(readonly rowIndex: number) {}
  }
  for (const name of names) {
    const fn = columns[name];
    Object.defineProperty(LightRow.prototype, name, {
      get(this: LightRow) {
        return fn(this.rowIndex);
      },
      enumerable: true,
    });
  }
  return {
    objectName,
    count,
    row(index: number): StoredRecord {
      const out: Record<string, unknown> = {};
      for (let k = 0; k < names.length; k++) out[names[k]] = fns[k](index);
      return out as StoredRecord;
    },
    lightRow(index: number): StoredRecord {
      return new LightRow(index) as unknown as StoredRecord;
    },
  };
}
