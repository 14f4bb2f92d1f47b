/**
 * Compiles a WHERE clause into one closure over stored rows (built once per query).
 *
 * Semantics, per the SOQL reference unless marked:
 * - text comparisons (=, !=, <, >, IN, LIKE) are case-insensitive; Ids compare on their
 *   case-sensitive 15-character form, so 15- and 18-character Ids match each other;
 * - null is a value: `= null` / `!= null`; `Name != 'x'` also returns rows where Name is null,
 *   and so does NOT IN; <, >, <=, >= and LIKE are false for null;
 * - an empty text value is null (Salesforce does not store empty strings);
 * - a date literal (TODAY, LAST_N_DAYS:n…) is a range: `=` is inside, `<` before its start,
 *   `>` after its end; on a datetime field the range is UTC days (see date-literals.ts);
 * - a date value (2024-01-01) only filters date fields and a datetime value only datetime fields,
 *   otherwise INVALID_FIELD "value of filter criterion for field 'X' must be of type …";
 * - INCLUDES / EXCLUDES: a value 'a;b' means a AND b; the list means OR.
 */
import type { ConditionWithValueQuery, Query, QueryBase } from '@jetstreamapp/soql-parser-js';
import type { ObjectDef, StoredRecord } from '../schema-types.js';
import type { QueryEnv, RowPredicate } from './soql-env.js';
import { filterValueType } from './soql-error.js';
import { likeRegExp, literalList, toLiteral, unquote, type Literal, type RawCondition } from './soql-literals.js';
import { compileDateFunction, isDateFunction, type FnCall } from './soql-date-functions.js';
import { AGGREGATE_FUNCTIONS } from './soql-aggregate-exprs.js';
import { compileLabelFilter } from './soql-select-functions.js';
import { pathReader, type ResolvedPath } from './soql-fields.js';
import type { Scope } from './soql-positions.js';
import { comparableOf, type Comparable, type ValueKind } from './soql-values.js';
import { buildWhereTree, type ConditionLeaf, type WhereNode } from './soql-where-tree.js';

/** Runs a semi-join subquery and returns the comparable values of its single selected field. */
export type SemiJoinRunner = (
  query: Query,
  scope: Scope | undefined,
  outer: ResolvedPath,
  offset: number | undefined,
) => Set<Comparable>;

interface ConditionContext {
  env: QueryEnv;
  object: ObjectDef;
  alias: string | undefined;
  whereScope: Scope | undefined;
  semiJoin: SemiJoinRunner;
  semiJoinCount: number;
}

export function compileWhere(
  env: QueryEnv,
  object: ObjectDef,
  alias: string | undefined,
  query: QueryBase,
  scope: Scope,
  semiJoin: SemiJoinRunner,
): RowPredicate | undefined {
  if (!query.where) return undefined;
  const whereScope = env.positions.clause(scope, 'WHERE');
  const tree = buildWhereTree(env, query.where, whereScope);
  const context: ConditionContext = { env, object, alias, whereScope, semiJoin, semiJoinCount: 0 };
  return compileTree(tree, (leaf) => compileCondition(context, leaf));
}

/** AND / OR / NOT over compiled leaves (WHERE rows here, HAVING groups in soql-aggregate.ts). */
export function compileTree(node: WhereNode, leaf: (cond: ConditionLeaf) => RowPredicate): RowPredicate {
  switch (node.t) {
    case 'and': {
      const parts = node.children.map((c) => compileTree(c, leaf));
      return (row) => {
        for (const p of parts) if (!p(row)) return false;
        return true;
      };
    }
    case 'or': {
      const parts = node.children.map((c) => compileTree(c, leaf));
      return (row) => {
        for (const p of parts) if (p(row)) return true;
        return false;
      };
    }
    case 'not': {
      const inner = compileTree(node.child, leaf);
      return (row) => !inner(row);
    }
    case 'cond':
      return leaf(node);
  }
}

function compileCondition(context: ConditionContext, leaf: ConditionLeaf): RowPredicate {
  const { env, object, alias } = context;
  const cond = leaf.cond as ConditionWithValueQuery & RawCondition;
  const scope = context.whereScope
    ? { ...context.whereScope, from: tokenIndexAt(env, leaf.searchFrom, context.whereScope) }
    : undefined;
  if (cond.fn || cond.field === undefined) {
    const offset = env.positions.find(scope, cond.fn?.functionName ?? '');
    if (cond.fn && isDateFunction(cond.fn.functionName)) {
      const fn = compileDateFunction(env, object, alias, cond.fn as FnCall, offset);
      return compileComparison(env, fn.path, fn.read, cond, offset);
    }
    if (cond.fn?.functionName?.toUpperCase() === 'TOLABEL') {
      const label = compileLabelFilter(env, object, alias, cond.fn as FnCall, offset);
      return compileComparison(env, label.path, label.read, cond, offset);
    }
    const fnName = cond.fn?.functionName?.toUpperCase() ?? '';
    if (AGGREGATE_FUNCTIONS.has(fnName) || fnName === 'CONVERTCURRENCY') {
      // Refused by Salesforce too: aggregates filter in HAVING; "You can't use the convertCurrency()
      // function in a WHERE clause" (SOQL reference, convertCurrency()). Wording UNCONFIRMED.
      const where = fnName === 'CONVERTCURRENCY' ? 'convertCurrency()' : 'An aggregate function';
      return env.fail('MALFORMED_QUERY', offset, `${where} can not be used in a WHERE clause`);
    }
    return env.unsupported(offset, `A function in WHERE (${cond.fn?.rawValue ?? 'function'})`);
  }
  const fieldOffset = env.positions.find(scope, cond.field);
  const path = env.field(object, alias, cond.field.split('.'), fieldOffset);
  const read = pathReader(env.ctx, object.name, path);
  const operator = cond.operator.toUpperCase();

  if (cond.literalType === 'SUBQUERY' && cond.valueQuery) {
    const subScope = env.positions.subqueries(context.whereScope)[context.semiJoinCount];
    context.semiJoinCount += 1;
    const values = context.semiJoin(cond.valueQuery, subScope, path, fieldOffset);
    const kind = path.kind;
    const contains = (row: StoredRecord): boolean => {
      const v = comparableOf(kind, read(row));
      return v !== null && values.has(v);
    };
    return operator === 'NOT IN' ? (row) => !contains(row) : contains;
  }

  return compileComparison(env, path, read, cond, fieldOffset);
}

/**
 * A comparison (=, !=, <, >, IN, LIKE, INCLUDES…) of a value read from each row with the condition's
 * literals; shared by WHERE fields, WHERE date functions and HAVING (soql-aggregate.ts).
 */
export function compileComparison(
  env: QueryEnv,
  path: ResolvedPath,
  read: (row: StoredRecord) => unknown,
  cond: RawCondition,
  fieldOffset: number | undefined,
): RowPredicate {
  const operator = cond.operator.toUpperCase();
  if (operator === 'LIKE') return compileLike(env, path, read, cond, fieldOffset);
  if (operator === 'INCLUDES' || operator === 'EXCLUDES') return compileIncludes(read, cond, operator === 'EXCLUDES');

  const literals = literalList(cond).map((raw) =>
    toLiteral(env, path, raw, env.positions.findAfter(fieldOffset, raw.text) ?? fieldOffset),
  );
  const kind = path.kind;
  const get = (row: StoredRecord): Comparable => comparableOf(kind, read(row));
  switch (operator) {
    case 'IN':
    case 'NOT IN': {
      const inList = membership(kind, literals);
      return operator === 'IN' ? (row) => inList(get(row)) : (row) => !inList(get(row));
    }
    case '=': {
      const eq = equality(kind, literals[0]);
      return (row) => eq(get(row));
    }
    case '!=':
    case '<>': {
      const eq = equality(kind, literals[0]);
      return (row) => !eq(get(row));
    }
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const test = ordering(operator, literals[0]);
      return (row) => test(get(row));
    }
    default:
      return env.unsupported(fieldOffset, `The operator ${cond.operator}`);
  }
}

export function tokenIndexAt(env: QueryEnv, offset: number, scope: Scope): number {
  const tokens = env.positions.tokens;
  let i = scope.from;
  while (i < scope.to && tokens[i].start < offset) i += 1;
  return i;
}

type Test = (v: Comparable) => boolean;

function equality(kind: ValueKind, literal: Literal): Test {
  if (literal.range) {
    const { start, end } = literal.range;
    return (v) => v !== null && (v as string | number) >= start && (v as string | number) < end;
  }
  const expected = literal.value ?? null;
  if (kind === 'multipicklist' && Array.isArray(expected)) {
    const wanted = new Set(expected);
    return (v) => Array.isArray(v) && v.length === wanted.size && v.every((x) => wanted.has(x));
  }
  return (v) => v === expected;
}

function membership(kind: ValueKind, literals: Literal[]): Test {
  if (kind !== 'multipicklist' && literals.every((l) => !l.range)) {
    const set = new Set(literals.map((l) => l.value ?? null));
    return (v) => set.has(v);
  }
  const tests = literals.map((l) => equality(kind, l));
  return (v) => tests.some((t) => t(v));
}

function ordering(operator: '<' | '<=' | '>' | '>=', literal: Literal): Test {
  type Ordered = string | number | boolean;
  if (literal.range) {
    const { start, end } = literal.range;
    switch (operator) {
      case '<':
        return (v) => v !== null && (v as Ordered) < start;
      case '<=':
        return (v) => v !== null && (v as Ordered) < end;
      case '>':
        return (v) => v !== null && (v as Ordered) >= end;
      case '>=':
        return (v) => v !== null && (v as Ordered) >= start;
    }
  }
  const bound = literal.value;
  if (bound === null || bound === undefined || Array.isArray(bound)) return () => false;
  switch (operator) {
    case '<':
      return (v) => v !== null && (v as Ordered) < bound;
    case '<=':
      return (v) => v !== null && (v as Ordered) <= bound;
    case '>':
      return (v) => v !== null && (v as Ordered) > bound;
    case '>=':
      return (v) => v !== null && (v as Ordered) >= bound;
  }
}

/** LIKE: % is any run of characters, _ one character, \% and \_ are literal; case-insensitive. */
function compileLike(
  env: QueryEnv,
  path: ResolvedPath,
  read: (row: StoredRecord) => unknown,
  cond: RawCondition,
  offset: number | undefined,
): RowPredicate {
  const raw = literalList(cond)[0];
  if (raw.type !== 'STRING') {
    const valueOffset = env.positions.findAfter(offset, raw.text) ?? offset;
    return env.fail('INVALID_FIELD', valueOffset, filterValueType(path.canonical, 'string'));
  }
  const regex = likeRegExp(raw.text);
  return (row) => {
    const v = read(row);
    return v !== null && v !== undefined && v !== '' && regex.test(String(v));
  };
}

/** Multi-select picklists; null values include nothing, so EXCLUDES is true for them (UNCONFIRMED). */
function compileIncludes(read: (row: StoredRecord) => unknown, cond: RawCondition, exclude: boolean): RowPredicate {
  const groups = literalList(cond).map((l) =>
    unquote(l.text)
      .split(';')
      .map((v) => v.trim().toLowerCase()),
  );
  const includes = (row: StoredRecord): boolean => {
    const v = comparableOf('multipicklist', read(row));
    if (!Array.isArray(v)) return false;
    const have = new Set(v);
    return groups.some((g) => g.every((x) => have.has(x)));
  };
  return exclude ? (row) => !includes(row) : includes;
}
