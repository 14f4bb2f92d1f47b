/**
 * Expressions of an aggregate query, evaluated per group: grouped fields, grouped date functions,
 * aggregate functions and GROUPING(). Shared by SELECT, HAVING and ORDER BY (soql-aggregate.ts).
 *
 * Errors, with the wording real orgs return (MALFORMED_QUERY, quoted in public code and issues):
 * - "field Name does not support aggregate operator SUM" (SUM/AVG on non-numbers; any aggregate on
 *   a boolean, a long text area, a multi-select picklist…);
 * - "Field must be grouped or aggregated: Name" (a field or date function that is not in GROUP BY);
 *   in ORDER BY "Ordered field must be grouped or aggregated: Name" (UNCONFIRMED wording).
 */
import type { FieldDef, ObjectDef, StoredRecord } from '../schema-types.js';
import { compileDateFunction, isDateFunction, normalisedCall, type FnCall } from './soql-date-functions.js';
import type { QueryEnv } from './soql-env.js';
import { pathReader, syntheticField, type ResolvedPath } from './soql-fields.js';
import { selectFunction } from './soql-select-functions.js';
import { comparableOf, outputValue, valueKindOf, type Comparable } from './soql-values.js';

export const AGGREGATE_FUNCTIONS = new Set(['AVG', 'COUNT', 'COUNT_DISTINCT', 'MIN', 'MAX', 'SUM']);

/** One group: its key values (null where ROLLUP/CUBE rolled the key up) and its rows. */
export interface Group {
  Id: string;
  values: unknown[];
  rolled: boolean[];
  rows: StoredRecord[];
  memo: Map<string, unknown>;
}

/** A GROUP BY expression. */
export interface GroupKey {
  /** Lower-case canonical path (Account.Name) or normalised call (CALENDAR_YEAR(CREATEDDATE)). */
  match: string;
  /** Result key for a selected field: its last segment (Account.Name → Name). */
  name: string;
  read: (row: StoredRecord) => unknown;
  field: FieldDef;
  path: ResolvedPath;
  isFunction: boolean;
}

export interface GroupExpr {
  /** The value as REST returns it. */
  value: (g: Group) => unknown;
  /** For HAVING comparisons: the value's type. */
  path: ResolvedPath;
  isAggregate: boolean;
  /** The field whose type FORMAT() follows (the aggregated field for SUM / AVG / MIN / MAX). */
  source?: FieldDef;
}

export interface AggregateContext {
  env: QueryEnv;
  object: ObjectDef;
  alias: string | undefined;
  keys: GroupKey[];
  /** GROUP BY ROLLUP / CUBE: GROUPING() is allowed. */
  subtotals: boolean;
}

export function groupKey(
  env: QueryEnv,
  object: ObjectDef,
  alias: string | undefined,
  item: string | FnCall,
  offset: number | undefined,
): GroupKey {
  if (typeof item !== 'string') {
    if (!isDateFunction(item.functionName)) {
      return env.unsupported(offset, `${item.rawValue ?? item.functionName} in GROUP BY`);
    }
    const fn = compileDateFunction(env, object, alias, item, offset);
    return { match: fn.key, name: fn.path.canonical, read: fn.read, field: fn.field, path: fn.path, isFunction: true };
  }
  const path = env.field(object, alias, item.split('.'), offset);
  // "Formula fields can't be grouped" (SOQL reference, Considerations for GROUP BY); describe's groupable.
  if ((!path.field.groupable && path.field.type !== 'id') || path.field.calculated) {
    // Quoted from real orgs in public code (e.g. "field 'Region__c' can not be grouped in a query call").
    env.fail('MALFORMED_QUERY', offset, `field '${path.field.name}' can not be grouped in a query call`);
  }
  const read = pathReader(env.ctx, object.name, path);
  const match = path.canonical.toLowerCase();
  return { match, name: path.field.name, read, field: path.field, path, isFunction: false };
}

type Clause = 'SELECT' | 'HAVING' | 'ORDER';

function notGrouped(ctx: AggregateContext, clause: Clause, text: string, offset: number | undefined): never {
  const prefix = clause === 'ORDER' ? 'Ordered field' : 'Field';
  return ctx.env.fail('MALFORMED_QUERY', offset, `${prefix} must be grouped or aggregated: ${text}`);
}

/** A field of the query (`Name`, `Account.Name`) read from the group's key. */
export function fieldExpr(ctx: AggregateContext, text: string, offset: number | undefined, clause: Clause): GroupExpr {
  const path = ctx.env.field(ctx.object, ctx.alias, text.split('.'), offset);
  const index = ctx.keys.findIndex((k) => !k.isFunction && k.match === path.canonical.toLowerCase());
  if (index === -1) return notGrouped(ctx, clause, text, offset);
  const key = ctx.keys[index];
  return { value: (g) => outputValue(key.field, g.values[index]), path: key.path, isAggregate: false };
}

/** A function: aggregate, grouped date function or GROUPING(field). */
export function functionExpr(ctx: AggregateContext, fn: FnCall, offset: number | undefined, clause: Clause): GroupExpr {
  const name = fn.functionName.toUpperCase();
  if (AGGREGATE_FUNCTIONS.has(name)) return aggregateExpr(ctx, fn, name, offset);
  if (isDateFunction(name)) {
    const key = normalisedCall(fn);
    compileDateFunction(ctx.env, ctx.object, ctx.alias, fn, offset); // validates the argument
    const index = ctx.keys.findIndex((k) => k.isFunction && k.match === key);
    if (index === -1) return notGrouped(ctx, clause, fn.rawValue ?? name, offset);
    const k = ctx.keys[index];
    return { value: (g) => outputValue(k.field, g.values[index]), path: k.path, isAggregate: false };
  }
  if (name === 'GROUPING') {
    const param = fn.parameters?.[0];
    const index =
      typeof param === 'string'
        ? ctx.keys.findIndex(
            (k) => k.match === ctx.env.field(ctx.object, ctx.alias, param.split('.'), offset).canonical.toLowerCase(),
          )
        : -1;
    if (!ctx.subtotals || index === -1) {
      // UNCONFIRMED wording: GROUPING() needs a field of GROUP BY ROLLUP / CUBE.
      return ctx.env.fail('MALFORMED_QUERY', offset, `${fn.rawValue ?? name} requires a ROLLUP or CUBE grouping`);
    }
    return { value: (g) => (g.rolled[index] ? 1 : 0), path: numberPath(fn), isAggregate: true };
  }
  if (name === 'FORMAT' && clause === 'SELECT' && fn.parameters?.length === 1) return formatExpr(ctx, fn, offset);
  return ctx.env.unsupported(
    offset,
    `${fn.rawValue ?? fn.functionName} in ${clause === 'ORDER' ? 'ORDER BY' : clause}`,
  );
}

function numberPath(fn: FnCall): ResolvedPath {
  const label = fn.rawValue ?? fn.functionName;
  return { steps: [], field: syntheticField(label, 'double'), nameEntity: false, canonical: label, kind: 'number' };
}

const NOT_AGGREGATABLE = new Set(['boolean', 'multipicklist', 'base64', 'address', 'location', 'encryptedstring']);
const NUMERIC = new Set(['int', 'double', 'currency', 'percent']);

function aggregateExpr(ctx: AggregateContext, fn: FnCall, name: string, offset: number | undefined): GroupExpr {
  const { env } = ctx;
  const param = fn.parameters?.[0];
  const memoKey = normalisedCall(fn);
  if (param === undefined) {
    if (name !== 'COUNT') return env.fail('MALFORMED_QUERY', offset, `${name}() requires a field`);
    return { value: (g) => g.rows.length, path: numberPath(fn), isAggregate: true };
  }
  if (typeof param !== 'string') return env.unsupported(offset, `${fn.rawValue ?? name} (a function inside ${name})`);
  const fieldOffset = env.positions.findAfter(offset, param.split('.')[0]) ?? offset;
  const path = env.field(ctx.object, ctx.alias, param.split('.'), fieldOffset);
  const type = path.field.type;
  const longText = type === 'textarea' && !path.field.groupable;
  if (NOT_AGGREGATABLE.has(type) || longText || ((name === 'SUM' || name === 'AVG') && !NUMERIC.has(type))) {
    env.fail('MALFORMED_QUERY', fieldOffset, `field ${path.field.name} does not support aggregate operator ${name}`);
  }
  const read = pathReader(env.ctx, ctx.object.name, path);
  const kind = valueKindOf(type);
  const compute = (rows: StoredRecord[]): unknown => {
    const raw = rows.map(read).filter((v) => v !== null && v !== undefined && v !== '');
    switch (name) {
      case 'COUNT':
        return raw.length;
      case 'COUNT_DISTINCT':
        return new Set(raw.map((v) => JSON.stringify(comparableOf(kind, v)))).size;
      case 'SUM':
      case 'AVG': {
        const numbers = raw.map(Number).filter((n) => Number.isFinite(n));
        if (numbers.length === 0) return null;
        const sum = numbers.reduce((a, b) => a + b, 0);
        return name === 'SUM' ? sum : sum / numbers.length;
      }
      default:
        return extreme(raw, kind === 'text' ? 'text' : kind, name === 'MAX', path.field);
    }
  };
  const value = (g: Group): unknown => {
    if (!g.memo.has(memoKey)) g.memo.set(memoKey, compute(g.rows));
    return g.memo.get(memoKey);
  };
  const resultPath: ResolvedPath =
    name === 'MIN' || name === 'MAX'
      ? { ...path, canonical: fn.rawValue ?? name }
      : { ...numberPath(fn), kind: 'number' };
  return { value, path: resultPath, isAggregate: true, source: name.startsWith('COUNT') ? undefined : path.field };
}

function extreme(values: unknown[], kind: ReturnType<typeof valueKindOf>, max: boolean, field: FieldDef): unknown {
  let best: unknown = null;
  let bestKey: Comparable = null;
  for (const v of values) {
    const key = comparableOf(kind, v);
    if (key === null || Array.isArray(key)) continue;
    if (bestKey === null || (max ? key > bestKey : key < bestKey)) {
      best = v;
      bestKey = key;
    }
  }
  return best === null ? null : outputValue(field, best);
}

/**
 * FORMAT() of a grouped field or of an aggregate ("You can also nest it with aggregate … functions":
 * SELECT FORMAT(MIN(closedate)) Amt FROM opportunity, SOQL reference, FORMAT()).
 */
function formatExpr(ctx: AggregateContext, fn: FnCall, offset: number | undefined): GroupExpr {
  const param = fn.parameters?.[0];
  const inner =
    typeof param === 'string'
      ? fieldExpr(ctx, param, ctx.env.positions.findAfter(offset, param.split('.')[0]), 'SELECT')
      : functionExpr(
          ctx,
          param as FnCall,
          ctx.env.positions.findAfter(offset, (param as FnCall).functionName),
          'SELECT',
        );
  const format = selectFunction(ctx.env, 'FORMAT', fn.rawValue ?? 'FORMAT', inner.source ?? inner.path.field, offset);
  return {
    value: (g) => {
      const v = inner.value(g);
      return v === null || v === undefined ? null : format(v);
    },
    path: inner.path,
    isAggregate: inner.isAggregate,
  };
}
