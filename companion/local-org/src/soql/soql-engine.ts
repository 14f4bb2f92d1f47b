/**
 * The local org's SOQL engine: parse, validate against the caller's schema, filter, sort, page.
 *
 * runSoql compiles the query once (WHERE into a closure, ORDER BY into decorated keys), scans the
 * object's rows by reference and returns the matching rows; records are projected to REST JSON
 * only when the caller asks, page by page, through result.project.
 *
 * Also: aggregate queries (soql-aggregate.ts: COUNT(field), COUNT_DISTINCT, SUM, AVG, MIN, MAX,
 * GROUP BY incl. ROLLUP / CUBE and GROUPING(), HAVING, AggregateResult rows), date functions in
 * SELECT / GROUP BY / WHERE / HAVING (soql-date-functions.ts), TYPEOF (soql-typeof.ts), toLabel(),
 * FORMAT() and the convertCurrency() refusal of a single-currency org (soql-select-functions.ts),
 * FIELDS(ALL | CUSTOM | STANDARD), WITH SECURITY_ENFORCED / USER_MODE / SYSTEM_MODE, USING SCOPE,
 * FOR VIEW / FOR REFERENCE / FOR UPDATE (soql-clauses.ts).
 *
 * Not implemented (rejected with MALFORMED_QUERY "… is not supported by the local org's SOQL
 * engine", while a real org would answer): functions other than the above, functions in ORDER BY
 * of a plain query, USING SCOPE other than
 * everything / mine / team, WITH DATA CATEGORY, UPDATE TRACKING/VIEWSTAT, subqueries nested in child
 * subqueries.
 */
import type { FieldSubquery, Query, QueryBase } from '@jetstreamapp/soql-parser-js';
import type { ObjectDef, StoredRecord } from '../schema-types.js';
import { QueryEnv, type RowPredicate } from './soql-env.js';
import { runAggregate, isAggregateQuery, type AggregateRun } from './soql-aggregate.js';
import { checkFieldsFunctions, checkForUpdate, recentUsage, scopeFilter } from './soql-clauses.js';
import { childRelationshipNotUnderstood, SoqlError } from './soql-error.js';
import { pathReader } from './soql-fields.js';
import { compileOrderBy, type Sorter } from './soql-order.js';
import { parseSoql } from './soql-parse.js';
import type { Scope } from './soql-positions.js';
import { compileProjection, type ChildColumn, type ChildCompiler, type ProjectFn } from './soql-projection.js';
import type { SoqlDataSource, SoqlOptions, SoqlResult } from './soql-types.js';
import { comparableOf, idKey, type Comparable } from './soql-values.js';
import { compileWhere, type SemiJoinRunner } from './soql-where.js';

export { SoqlError } from './soql-error.js';

/** Largest OFFSET a real org accepts (SOQL reference, OFFSET). */
const MAX_OFFSET = 2000;

export function runSoql(soql: string, source: SoqlDataSource, options: SoqlOptions): SoqlResult {
  const query = parseSoql(soql);
  const env = new QueryEnv(soql, source, options);
  const scope = env.positions.top();
  const object = fromObject(env, query.sObject, scope);
  const fields = query.fields ?? [];
  const isCount = isCountQuery(env, fields, scope);
  checkFieldsFunctions(env, fields, query.limit, scope);
  const compiler = new Compiler(env);
  if (isCount && query.groupBy) {
    // "You can't use COUNT() with a GROUP BY clause for API version 19.0 and later. Use COUNT(fieldName)
    // instead." (SOQL reference, COUNT()); error wording UNCONFIRMED.
    const at = env.positions.find(env.positions.clause(scope, 'SELECT'), 'COUNT');
    env.fail('MALFORMED_QUERY', at, 'COUNT() can not be used with GROUP BY; use COUNT(fieldName)');
  }
  if (isCount && query.orderBy) {
    // "You can't use COUNT() with an ORDER BY clause. Use COUNT(fieldName) instead." (SOQL reference,
    // COUNT()); error wording UNCONFIRMED.
    env.fail('MALFORMED_QUERY', env.positions.find(scope, 'ORDER'), 'COUNT() can not be used with ORDER BY');
  }
  if (isAggregateQuery(query)) {
    const grouped = compiler.aggregate(object, query, scope);
    return { objectName: object.name, isCount, isAggregate: true, count: grouped.rows.length, ...grouped };
  }
  const project: ProjectFn = isCount
    ? (row) => ({
        attributes: {
          type: object.name,
          url: `/services/data/v${options.apiVersion}/sobjects/${object.name}/${row.Id}`,
        },
      })
    : compileProjection(env, object, query.sObjectAlias, fields, scope, compiler.childCompiler);
  const plan = compiler.plan(object, query, scope);
  const rows = compiler.execute(plan, isCount && plan.limit === undefined && plan.offset === 0);
  const usage = recentUsage(query);
  const extra = usage ? { recentUsage: usage } : {};
  if (isCount) return { objectName: object.name, isCount, count: rows.count, rows: [], project, ...extra };
  return { objectName: object.name, isCount, count: rows.rows.length, rows: rows.rows, project, ...extra };
}

function fromObject(env: QueryEnv, name: string | undefined, scope: Scope): ObjectDef {
  const offset = env.positions.afterKeyword(scope, 'FROM');
  if (!name) return env.unsupported(offset, 'A query without FROM object');
  return env.object(name, offset);
}

/** SELECT COUNT() alone; the COUNT() function mixed with fields is refused like other aggregates. */
function isCountQuery(env: QueryEnv, fields: NonNullable<Query['fields']>, scope: Scope): boolean {
  const countIndex = fields.findIndex(
    (f) =>
      f.type === 'FieldFunctionExpression' && f.functionName.toUpperCase() === 'COUNT' && f.parameters.length === 0,
  );
  if (countIndex === -1) return false;
  if (fields.length > 1)
    return env.unsupported(
      env.positions.find(env.positions.clause(scope, 'SELECT'), 'COUNT'),
      'COUNT() with other fields',
    );
  return true;
}

interface SelectPlan {
  object: ObjectDef;
  alias: string | undefined;
  where: RowPredicate | undefined;
  sorter: Sorter | undefined;
  limit: number | undefined;
  offset: number;
}

class Compiler {
  constructor(private readonly env: QueryEnv) {}

  /** GROUP BY / aggregate functions: WHERE and USING SCOPE pick the rows, soql-aggregate.ts the rest. */
  aggregate(object: ObjectDef, query: QueryBase, scope: Scope): AggregateRun {
    rejectUnsupportedClauses(this.env, query, scope, true);
    checkOffset(object, query.offset ?? 0);
    const rowsOnly = { ...query, groupBy: undefined, having: undefined, orderBy: undefined, limit: undefined };
    const plan = this.plan(object, { ...rowsOnly, offset: undefined }, scope);
    return runAggregate(this.env, object, query, scope, () => this.execute(plan, false).rows);
  }

  plan(object: ObjectDef, query: QueryBase, scope: Scope): SelectPlan {
    const { env } = this;
    rejectUnsupportedClauses(env, query, scope);
    const alias = query.sObjectAlias;
    const offset = query.offset ?? 0;
    checkOffset(object, offset);
    const filter = compileWhere(env, object, alias, query, scope, this.semiJoin);
    const owned = scopeFilter(env, object, query, scope);
    const where = filter && owned ? (row: StoredRecord) => owned(row) && filter(row) : (filter ?? owned);
    const sorter = compileOrderBy(env, object, alias, query.orderBy, scope);
    return { object, alias, where, sorter, limit: query.limit, offset };
  }

  /** Matching rows after WHERE, ORDER BY, OFFSET and LIMIT; with countOnly, just their number. */
  execute(plan: SelectPlan, countOnly: boolean): { rows: StoredRecord[]; count: number } {
    const visible = this.env.visibility();
    const { where, sorter, limit, offset } = plan;
    const wanted = limit === undefined ? Infinity : offset + limit;
    const stopAt = sorter ? Infinity : wanted;
    const matches: StoredRecord[] = [];
    let count = 0;
    for (const row of this.env.source.scan(plan.object.name)) {
      if (!visible(row) || (where && !where(row))) continue;
      count += 1;
      if (countOnly) continue;
      matches.push(row);
      if (matches.length >= stopAt) break;
    }
    if (countOnly) return { rows: [], count };
    const sorted = sorter ? sorter(matches, wanted === Infinity ? undefined : wanted) : matches;
    const rows = offset > 0 || sorted.length > wanted ? sorted.slice(offset, wanted) : sorted;
    return { rows, count: rows.length };
  }

  /** `Id IN (SELECT AccountId FROM Contact …)`: the set of the subquery's single field values. */
  readonly semiJoin: SemiJoinRunner = (query: Query, scope, outer, offset) => {
    const { env } = this;
    const subScope = scope ?? env.positions.top();
    const object = fromObject(env, query.sObject, subScope);
    const fields = query.fields ?? [];
    const item = fields[0];
    if (fields.length !== 1 || (item.type !== 'Field' && item.type !== 'FieldRelationship')) {
      return env.unsupported(offset, 'A semi-join subquery that does not select exactly one field');
    }
    const segments = item.type === 'FieldRelationship' ? [...item.relationships, item.field] : [item.field];
    const selectScope = env.positions.clause(subScope, 'SELECT');
    const path = env.field(
      object,
      query.sObjectAlias,
      segments,
      env.positions.find(selectScope, ('rawValue' in item && item.rawValue) || item.field),
    );
    const read = pathReader(env.ctx, object.name, path);
    const plan = this.plan(object, query, subScope);
    const values = new Set<Comparable>();
    for (const row of this.execute(plan, false).rows) {
      const v = comparableOf(outer.kind, read(row));
      if (v !== null) values.add(v);
    }
    return values;
  };

  /**
   * `(SELECT … FROM Contacts)`: children are grouped by parent once, on first use, so projecting
   * a page costs a lookup per parent. No children gives null (UNCONFIRMED; the shared notes record
   * null rather than an empty list). Each parent's list gets the subquery's ORDER BY and LIMIT.
   */
  readonly childCompiler: ChildCompiler = (parent: ObjectDef, item: FieldSubquery, scope, offset): ChildColumn => {
    const { env } = this;
    const sub = item.subquery;
    const relationship = env.ctx.childRelationship(parent, sub.relationshipName);
    if (!relationship || !relationship.relationshipName) {
      return env.fail('INVALID_TYPE', offset, childRelationshipNotUnderstood(sub.relationshipName));
    }
    const child = env.object(relationship.childSObject, offset);
    const parentField = env.ctx.field(child, relationship.field);
    if (!parentField) return env.fail('INVALID_TYPE', offset, childRelationshipNotUnderstood(sub.relationshipName));
    const subScope = scope ?? env.positions.top();
    const nested: ChildCompiler = (_p, _i, s, o) =>
      env.unsupported(o ?? env.positions.startOf(s), 'A subquery inside a subquery');
    const project = compileProjection(env, child, sub.sObjectAlias, sub.fields ?? [], subScope, nested);
    const plan = this.plan(child, sub, subScope);
    let byParent: Map<string, StoredRecord[]> | undefined;
    const group = (): Map<string, StoredRecord[]> => {
      const groups = new Map<string, StoredRecord[]>();
      const all = this.execute({ ...plan, limit: undefined, offset: 0 }, false).rows;
      for (const row of all) {
        const key = idKey(env.source.fieldValue(child.name, row, parentField));
        if (key === null) continue;
        const list = groups.get(key);
        if (list) list.push(row);
        else groups.set(key, [row]);
      }
      if (plan.limit !== undefined || plan.offset > 0) {
        const end = plan.limit === undefined ? undefined : plan.offset + plan.limit;
        for (const [key, list] of groups) groups.set(key, list.slice(plan.offset, end));
      }
      return groups;
    };
    return {
      key: relationship.relationshipName,
      valueFor: (parentRow) => {
        byParent ??= group();
        const rows = byParent.get(idKey(parentRow.Id) ?? '');
        if (!rows || rows.length === 0) return null;
        return { totalSize: rows.length, done: true, records: rows.map(project) };
      },
    };
  };
}

function checkOffset(object: ObjectDef, offset: number): void {
  if (offset > MAX_OFFSET) {
    throw new SoqlError(
      'NUMBER_OUTSIDE_VALID_RANGE',
      `Maximum SOQL offset allowed for apiName ${object.name} is ${MAX_OFFSET}`,
    );
  }
}

function rejectUnsupportedClauses(env: QueryEnv, query: QueryBase, scope: Scope, grouped = false): void {
  const at = (keyword: string): number | undefined => env.positions.find(scope, keyword);
  if (query.having && !query.groupBy) {
    // UNCONFIRMED wording: HAVING needs GROUP BY (SOQL reference, HAVING).
    env.fail('MALFORMED_QUERY', at('HAVING'), 'HAVING clause requires a GROUP BY clause');
  }
  if (!grouped && (query.groupBy || query.having)) env.unsupported(at(query.groupBy ? 'GROUP' : 'HAVING'), 'GROUP BY');
  if (query.withDataCategory) env.unsupported(at('WITH'), 'WITH DATA CATEGORY');
  checkForUpdate(env, query, scope);
  if (query.update) env.unsupported(at('UPDATE'), `UPDATE ${query.update}`);
}
