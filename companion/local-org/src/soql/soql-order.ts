/**
 * ORDER BY: several keys, ASC/DESC, NULLS FIRST/LAST, parent paths (Account.Name).
 *
 * Salesforce defaults: ascending, and nulls first for ASC, last for DESC (SOQL reference,
 * ORDER BY). Text sorts case-insensitively. The sort is stable: rows with equal keys keep their
 * storage order. Keys are computed once per row, not once per comparison.
 */
import type { OrderByClause } from '@jetstreamapp/soql-parser-js';
import type { ObjectDef, StoredRecord } from '../schema-types.js';
import type { QueryEnv } from './soql-env.js';
import { pathReader } from './soql-fields.js';
import type { Scope } from './soql-positions.js';
import { comparableOf } from './soql-values.js';

type SortKey = string | number | boolean | null;

interface KeySpec {
  get: (row: StoredRecord) => SortKey;
  descending: boolean;
  nullsFirst: boolean;
}

export type Sorter = (rows: StoredRecord[], keep?: number) => StoredRecord[];

export function compileOrderBy(
  env: QueryEnv,
  object: ObjectDef,
  alias: string | undefined,
  orderBy: OrderByClause | OrderByClause[] | undefined,
  scope: Scope,
): Sorter | undefined {
  const clauses = orderBy === undefined ? [] : Array.isArray(orderBy) ? orderBy : [orderBy];
  if (clauses.length === 0) return undefined;
  const orderScope = env.positions.clause(scope, 'ORDER');
  const specs = clauses.map((clause): KeySpec => {
    if (!('field' in clause)) {
      return env.unsupported(env.positions.startOf(orderScope), 'A function in ORDER BY');
    }
    const path = env.field(object, alias, clause.field.split('.'), env.positions.find(orderScope, clause.field));
    const read = pathReader(env.ctx, object.name, path);
    const kind = path.kind;
    const get = (row: StoredRecord): SortKey => {
      const v = comparableOf(kind, read(row));
      return Array.isArray(v) ? v.join(';') : v;
    };
    const descending = clause.order === 'DESC';
    const nullsFirst = clause.nulls ? clause.nulls === 'FIRST' : !descending;
    return { get, descending, nullsFirst };
  });
  return (rows, keep) => sortRows(rows, specs, keep);
}

function compareKeys(a: SortKey, b: SortKey, spec: KeySpec): number {
  if (a === b) return 0;
  if (a === null) return spec.nullsFirst ? -1 : 1;
  if (b === null) return spec.nullsFirst ? 1 : -1;
  const order = a < b ? -1 : a > b ? 1 : 0;
  return spec.descending ? -order : order;
}

/**
 * Sorts by decorated keys. When only the first `keep` rows are needed (LIMIT/OFFSET) and they are
 * few, a bounded heap avoids sorting the whole match set.
 */
function sortRows(rows: StoredRecord[], specs: KeySpec[], keep: number | undefined): StoredRecord[] {
  const n = rows.length;
  const keys: SortKey[][] = specs.map((spec) => {
    const column = new Array<SortKey>(n);
    for (let i = 0; i < n; i += 1) column[i] = spec.get(rows[i]);
    return column;
  });
  const compare = (i: number, j: number): number => {
    for (let k = 0; k < specs.length; k += 1) {
      const c = compareKeys(keys[k][i], keys[k][j], specs[k]);
      if (c !== 0) return c;
    }
    return i - j;
  };
  const order = keep !== undefined && keep < n / 8 ? smallestIndexes(n, keep, compare) : fullOrder(n, compare);
  return order.map((i) => rows[i]);
}

function fullOrder(n: number, compare: (i: number, j: number) => number): number[] {
  const order = new Array<number>(n);
  for (let i = 0; i < n; i += 1) order[i] = i;
  return order.sort(compare);
}

/** The `keep` first indexes in sort order, via a bounded max-heap (O(n log keep)). */
function smallestIndexes(n: number, keep: number, compare: (i: number, j: number) => number): number[] {
  const heap: number[] = [];
  if (keep <= 0) return heap;
  const siftUp = (at: number): void => {
    let child = at;
    while (child > 0) {
      const parent = (child - 1) >> 1;
      if (compare(heap[child], heap[parent]) <= 0) break;
      [heap[child], heap[parent]] = [heap[parent], heap[child]];
      child = parent;
    }
  };
  const siftDown = (): void => {
    let parent = 0;
    for (;;) {
      const left = 2 * parent + 1;
      const right = left + 1;
      let largest = parent;
      if (left < heap.length && compare(heap[left], heap[largest]) > 0) largest = left;
      if (right < heap.length && compare(heap[right], heap[largest]) > 0) largest = right;
      if (largest === parent) return;
      [heap[parent], heap[largest]] = [heap[largest], heap[parent]];
      parent = largest;
    }
  };
  for (let i = 0; i < n; i += 1) {
    if (heap.length < keep) {
      heap.push(i);
      siftUp(heap.length - 1);
    } else if (compare(i, heap[0]) < 0) {
      heap[0] = i;
      siftDown();
    }
  }
  return heap.sort(compare);
}
