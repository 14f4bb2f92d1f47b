/**
 * HAVING and ORDER BY of an aggregate query, over groups (soql-aggregate.ts).
 *
 * HAVING is parsed like WHERE (same grammar, same comparisons); its fields must be grouped and its
 * functions grouped or aggregated. ORDER BY takes grouped fields, aggregate and date functions,
 * GROUPING(), and the alias of an aggregate; nulls first when ascending, last when descending.
 */
import type { OrderByClause, QueryBase } from '@jetstreamapp/soql-parser-js';
import type { StoredRecord } from '../schema-types.js';
import { fieldExpr, functionExpr, type AggregateContext, type Group, type GroupExpr } from './soql-aggregate-exprs.js';
import type { FnCall } from './soql-date-functions.js';
import type { RawCondition } from './soql-literals.js';
import type { Scope } from './soql-positions.js';
import { comparableOf } from './soql-values.js';
import { buildWhereTree } from './soql-where-tree.js';
import { compileComparison, compileTree, tokenIndexAt } from './soql-where.js';

/** A SELECT column: its result key and expression. */
export interface Column {
  name: string;
  expr: GroupExpr;
}

/** HAVING: like WHERE, over groups; fields must be grouped, functions grouped or aggregated. */
export function compileHaving(
  ctx: AggregateContext,
  query: QueryBase,
  scope: Scope,
): ((row: StoredRecord) => boolean) | undefined {
  if (!query.having) return undefined;
  const { env } = ctx;
  const havingScope = env.positions.clause(scope, 'HAVING');
  const tree = buildWhereTree(env, query.having, havingScope);
  return compileTree(tree, (leaf) => {
    const cond = leaf.cond as unknown as RawCondition;
    const local = havingScope ? { ...havingScope, from: tokenIndexAt(env, leaf.searchFrom, havingScope) } : undefined;
    const offset = env.positions.find(local, cond.fn?.functionName ?? cond.field?.split('.')[0] ?? '');
    const expr = cond.fn
      ? functionExpr(ctx, cond.fn as FnCall, offset, 'HAVING')
      : fieldExpr(ctx, cond.field ?? '', offset, 'HAVING');
    const read = (row: StoredRecord): unknown => expr.value(row as unknown as Group);
    return compileComparison(env, expr.path, read, cond, offset);
  });
}

export type GroupSorter = (groups: Group[]) => Group[];

export function compileGroupOrder(
  ctx: AggregateContext,
  orderBy: OrderByClause | OrderByClause[] | undefined,
  scope: Scope,
  columns: Column[],
): GroupSorter | undefined {
  const clauses = orderBy === undefined ? [] : Array.isArray(orderBy) ? orderBy : [orderBy];
  if (clauses.length === 0) return undefined;
  const { env } = ctx;
  const orderScope = env.positions.clause(scope, 'ORDER');
  const specs = clauses.map((clause) => {
    const c = clause as { field?: string; fn?: FnCall; order?: string; nulls?: string };
    let expr: GroupExpr;
    if (c.fn) expr = functionExpr(ctx, c.fn, env.positions.find(orderScope, c.fn.functionName), 'ORDER');
    else {
      const text = c.field ?? '';
      const byAlias = columns.find((col) => col.name.toLowerCase() === text.toLowerCase() && col.expr.isAggregate);
      expr = byAlias?.expr ?? fieldExpr(ctx, text, env.positions.find(orderScope, text.split('.')[0]), 'ORDER');
    }
    const descending = c.order === 'DESC';
    const nullsFirst = c.nulls ? c.nulls === 'FIRST' : !descending;
    const kind = expr.path.kind;
    const key = (g: Group): string | number | boolean | null => {
      const v = comparableOf(kind, expr.value(g));
      return Array.isArray(v) ? v.join(';') : v;
    };
    return { key, descending, nullsFirst };
  });
  return (groups) => {
    const keyed = groups.map((g, i) => ({ g, i, keys: specs.map((s) => s.key(g)) }));
    keyed.sort((a, b) => {
      for (let k = 0; k < specs.length; k += 1) {
        const x = a.keys[k];
        const y = b.keys[k];
        if (x === y) continue;
        const s = specs[k];
        if (x === null) return s.nullsFirst ? -1 : 1;
        if (y === null) return s.nullsFirst ? 1 : -1;
        const o = x < y ? -1 : 1;
        return s.descending ? -o : o;
      }
      return a.i - b.i;
    });
    return keyed.map((x) => x.g);
  };
}
