/**
 * Aggregate queries: COUNT(field), COUNT_DISTINCT, SUM, AVG, MIN, MAX, GROUP BY (fields, parent
 * fields, date functions), GROUP BY ROLLUP / CUBE with GROUPING(), HAVING, ORDER BY over groups,
 * LIMIT / OFFSET over groups.
 *
 * Each result row is an AggregateResult, flat, as REST returns it (Apex developer guide, JSON
 * serialization example: [{"attributes":{"type":"AggregateResult"},"expr0":2,"Name":"acct1"}]):
 * - no attributes.url; a grouped parent field is keyed by its last segment (Account.Name → Name);
 * - an unaliased function is keyed expr0, expr1… counting unaliased functions in SELECT order
 *   ("Any aggregated field in a SELECT list that doesn't have an alias automatically gets an implied
 *   alias with a format expri", SOQL reference, Using Aliases with GROUP BY);
 * - without GROUP BY there is exactly one row, even when no record matches (COUNT 0, SUM null).
 * ROLLUP / CUBE add subtotal rows whose rolled-up keys are null (SOQL reference, GROUP BY ROLLUP);
 * order without ORDER BY: groups in first-seen order, each subtotal after its detail rows, the
 * grand total last (UNCONFIRMED beyond the reference's examples).
 */
import type { FieldType as SelectItem, QueryBase } from '@jetstreamapp/soql-parser-js';
import type { ObjectDef, StoredRecord } from '../schema-types.js';
import {
  AGGREGATE_FUNCTIONS,
  fieldExpr,
  functionExpr,
  groupKey,
  type AggregateContext,
  type Group,
  type GroupKey,
} from './soql-aggregate-exprs.js';
import { isDateFunction, type FnCall } from './soql-date-functions.js';
import type { QueryEnv } from './soql-env.js';
import { SoqlError } from './soql-error.js';
import type { Scope } from './soql-positions.js';
import type { ProjectFn } from './soql-projection.js';
import { comparableOf } from './soql-values.js';
import { compileGroupOrder, compileHaving, type Column } from './soql-aggregate-clauses.js';

/** Most groups one aggregate query may return: aggregate queries have no queryMore. */
export const MAX_AGGREGATE_ROWS = 2000;
const MAX_SUBTOTAL_FIELDS = 3;

/** True when the query groups or aggregates (COUNT() alone is the separate count query). */
export function isAggregateQuery(query: QueryBase): boolean {
  if (query.groupBy) return true;
  return (query.fields ?? []).some(
    (f) =>
      f.type === 'FieldFunctionExpression' &&
      ((AGGREGATE_FUNCTIONS.has(f.functionName.toUpperCase()) && f.parameters.length > 0) ||
        isDateFunction(f.functionName) ||
        f.parameters.some(
          (p) => typeof p === 'object' && p !== null && AGGREGATE_FUNCTIONS.has(p.functionName.toUpperCase()),
        )),
  );
}

export interface AggregateRun {
  rows: StoredRecord[];
  project: ProjectFn;
}

/** Compiles and runs an aggregate query over the rows that passed WHERE / USING SCOPE. */
export function runAggregate(
  env: QueryEnv,
  object: ObjectDef,
  query: QueryBase,
  scope: Scope,
  matching: () => StoredRecord[],
): AggregateRun {
  const alias = query.sObjectAlias;
  const groupScope = env.positions.clause(scope, 'GROUP');
  if (query.limit !== undefined && !query.groupBy) {
    // "You must use a GROUP BY clause if your query has a LIMIT clause and an aggregated function"
    // (SOQL reference, Considerations for GROUP BY); error wording UNCONFIRMED.
    env.fail('MALFORMED_QUERY', env.positions.find(scope, 'LIMIT'), 'An aggregate query with LIMIT requires GROUP BY');
  }
  const { keys, sets, subtotals } = groupingOf(env, object, alias, query, groupScope);
  const ctx: AggregateContext = { env, object, alias, keys, subtotals };
  const columns = selectColumns(ctx, query.fields ?? [], scope);
  const having = compileHaving(ctx, query, scope);
  const sorter = compileGroupOrder(ctx, query.orderBy, scope, columns);

  let groups = buildGroups(keys, sets, matching());
  if (having) groups = groups.filter((g) => having(g as unknown as StoredRecord));
  if (sorter) groups = sorter(groups);
  const offset = query.offset ?? 0;
  const end = query.limit === undefined ? undefined : offset + query.limit;
  groups = groups.slice(offset, end);
  if (groups.length > MAX_AGGREGATE_ROWS) {
    // Message quoted from real orgs in public code; the errorCode over REST is UNCONFIRMED.
    throw new SoqlError(
      'EXCEEDED_ID_LIMIT',
      'Aggregate query does not support queryMore(), use LIMIT to restrict the results to a single batch',
    );
  }
  const project: ProjectFn = (row) => {
    const g = row as unknown as Group;
    const out: Record<string, unknown> = { attributes: { type: 'AggregateResult' } };
    for (const c of columns) out[c.name] = c.expr.value(g);
    return out;
  };
  return { rows: groups as unknown as StoredRecord[], project };
}

function groupingOf(
  env: QueryEnv,
  object: ObjectDef,
  alias: string | undefined,
  query: QueryBase,
  groupScope: Scope | undefined,
): { keys: GroupKey[]; sets: boolean[][]; subtotals: boolean } {
  const items = query.groupBy === undefined ? [] : Array.isArray(query.groupBy) ? query.groupBy : [query.groupBy];
  const keys: GroupKey[] = [];
  let mode: 'plain' | 'ROLLUP' | 'CUBE' = 'plain';
  for (const item of items) {
    const fn = (item as { fn?: FnCall }).fn;
    const fieldText = (item as { field?: string }).field;
    const upper = fn?.functionName.toUpperCase();
    if (fn && (upper === 'ROLLUP' || upper === 'CUBE')) {
      // "You can't combine GROUP BY and GROUP BY ROLLUP syntax in the same statement"; "up to three
      // fields" (SOQL reference, GROUP BY ROLLUP / CUBE). Error wording UNCONFIRMED.
      const at = env.positions.find(groupScope, upper);
      if (items.length > 1)
        env.fail('MALFORMED_QUERY', at, `GROUP BY ${upper} cannot be combined with other groupings`);
      if ((fn.parameters ?? []).length > MAX_SUBTOTAL_FIELDS) {
        env.fail('MALFORMED_QUERY', at, `GROUP BY ${upper} takes at most ${MAX_SUBTOTAL_FIELDS} fields`);
      }
      mode = upper;
      for (const p of fn.parameters ?? []) {
        const offset = env.positions.find(
          groupScope,
          typeof p === 'string' ? p.split('.')[0] : (p as FnCall).functionName,
        );
        keys.push(groupKey(env, object, alias, p as string | FnCall, offset));
      }
    } else if (fn) {
      keys.push(groupKey(env, object, alias, fn, env.positions.find(groupScope, fn.functionName)));
    } else if (fieldText) {
      keys.push(groupKey(env, object, alias, fieldText, env.positions.find(groupScope, fieldText)));
    }
  }
  const n = keys.length;
  const none = new Array<boolean>(n).fill(false);
  let sets: boolean[][] = [none];
  if (mode === 'ROLLUP') {
    sets = [];
    for (let kept = n; kept >= 0; kept -= 1) sets.push(keys.map((_, i) => i >= kept));
  } else if (mode === 'CUBE') {
    sets = [];
    for (let mask = 0; mask < 1 << n; mask += 1) sets.push(keys.map((_, i) => (mask & (1 << (n - 1 - i))) !== 0));
  }
  return { keys, sets, subtotals: mode !== 'plain' };
}

function buildGroups(keys: GroupKey[], sets: boolean[][], rows: StoredRecord[]): Group[] {
  const n = keys.length;
  const values = rows.map((row) => keys.map((k) => k.read(row)));
  const comparables = values.map((vs) => vs.map((v, i) => comparableOf(keys[i].path.kind, v)));
  /** First-seen rank of each key prefix, so subtotals sort right after their detail rows. */
  const rank = new Map<string, number>();
  const groups: Array<{ g: Group; order: number[] }> = [];
  for (const rolled of sets) {
    const byKey = new Map<string, Group>();
    rows.forEach((row, r) => {
      const parts = comparables[r].map((c, i) => (rolled[i] ? '*' : JSON.stringify(c)));
      const id = parts.join('|');
      let g = byKey.get(id);
      if (!g) {
        g = { Id: '', values: values[r].map((v, i) => (rolled[i] ? null : v)), rolled, rows: [], memo: new Map() };
        byKey.set(id, g);
        const order: number[] = [];
        for (let i = 0; i < n; i += 1) {
          if (rolled[i]) order.push(Infinity);
          else {
            const prefix = parts.slice(0, i + 1).join('|');
            if (!rank.has(prefix)) rank.set(prefix, rank.size);
            order.push(rank.get(prefix) ?? 0);
          }
        }
        groups.push({ g, order });
      }
      g.rows.push(row);
    });
    // No rows: an aggregate without GROUP BY still returns its one row.
    if (rows.length === 0 && n === 0)
      groups.push({ g: { Id: '', values: [], rolled, rows: [], memo: new Map() }, order: [] });
  }
  if (sets.length > 1) {
    groups.sort((a, b) => {
      for (let i = 0; i < n; i += 1) if (a.order[i] !== b.order[i]) return a.order[i] - b.order[i];
      return 0;
    });
  }
  return groups.map((x) => x.g);
}

function selectColumns(ctx: AggregateContext, items: SelectItem[], scope: Scope): Column[] {
  const { env } = ctx;
  const selectScope = env.positions.clause(scope, 'SELECT');
  const columns: Column[] = [];
  let exprIndex = 0;
  for (const item of items) {
    if (item.type === 'Field' || item.type === 'FieldRelationship') {
      const text = ('rawValue' in item && item.rawValue) || item.field;
      const offset = env.positions.find(selectScope, text.split('.')[0]);
      const expr = fieldExpr(ctx, text, offset, 'SELECT');
      columns.push({ name: ('alias' in item && item.alias) || item.field, expr });
    } else if (item.type === 'FieldFunctionExpression') {
      const offset = env.positions.find(selectScope, item.functionName);
      const expr = functionExpr(ctx, item as FnCall, offset, 'SELECT');
      const name = item.alias ?? `expr${exprIndex}`;
      if (!item.alias) exprIndex += 1;
      columns.push({ name, expr });
    } else {
      // Salesforce refuses both too ("You can't use child relationship expressions … in a query that
      // uses a GROUP BY clause", Considerations for GROUP BY); wording UNCONFIRMED.
      const what = item.type === 'FieldSubquery' ? 'a child relationship subquery' : 'TYPEOF';
      const at = item.type === 'FieldSubquery' ? item.subquery.relationshipName : 'TYPEOF';
      env.fail('MALFORMED_QUERY', env.positions.find(selectScope, at), `${what} can not be used in an aggregate query`);
    }
  }
  return columns;
}
