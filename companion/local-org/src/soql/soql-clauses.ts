/**
 * The clauses that change who sees what rather than which rows match: WITH SECURITY_ENFORCED /
 * USER_MODE / SYSTEM_MODE, USING SCOPE, FOR VIEW / REFERENCE / UPDATE, and the LIMIT rule of FIELDS().
 */
import type { FieldType as SelectItem, QueryBase } from '@jetstreamapp/soql-parser-js';
import type { ObjectDef, StoredRecord } from '../schema-types.js';
import type { QueryEnv, RowPredicate } from './soql-env.js';
import type { Scope } from './soql-positions.js';
import { idKey } from './soql-values.js';

/**
 * WITH SECURITY_ENFORCED, WITH USER_MODE and WITH SYSTEM_MODE are accepted and change nothing.
 * The Apex docs describe them as Apex access modes: "Apex code runs in system mode by default" and
 * USER_MODE makes a query respect "Field-level security (FLS) and object permissions of the running user"
 * (https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_classes_enforce_usermode.htm),
 * SECURITY_ENFORCED "is only available in Apex"
 * (https://developer.salesforce.com/docs/atlas.en-us.224.0.apexcode.meta/apexcode/apex_classes_with_security_enforced.htm).
 * A REST query always runs as the session's user with their object permissions and FLS (the SOQL
 * source hides what the user cannot read: INVALID_TYPE / INVALID_FIELD "No such column"), so all three
 * give that answer here. That the REST API accepts these clauses at all, and that SYSTEM_MODE does not
 * lift FLS over REST, is UNCONFIRMED.
 */
export function acceptsAccessLevel(query: QueryBase): boolean {
  return query.withSecurityEnforced === true || query.withAccessLevel !== undefined;
}

/**
 * USING SCOPE (https://developer.salesforce.com/docs/platform/salesforce-soql-sosl/guide/sforce-api-calls-soql-select-using-scope.md):
 * "everything" = all records, "mine" = "records owned by the user running the query", "team" = "records
 * assigned to a team, such as an Account team". The local org has no account, opportunity or case
 * teams and no role hierarchy, so `team` is APPROXIMATED as `mine` (UNCONFIRMED). Other scopes
 * (delegated, my_territory, scopingRule…) are refused as not supported here; scoping an object
 * without OwnerId by owner is refused too (a real org's answer is UNCONFIRMED).
 */
export function scopeFilter(
  env: QueryEnv,
  object: ObjectDef,
  query: QueryBase,
  scope: Scope,
): RowPredicate | undefined {
  const filterScope = query.usingScope?.toLowerCase();
  if (filterScope === undefined || filterScope === 'everything') return undefined;
  const at = env.positions.find(scope, 'USING');
  if (filterScope !== 'mine' && filterScope !== 'team') env.unsupported(at, `USING SCOPE ${query.usingScope}`);
  const owner = env.ctx.field(object, 'OwnerId');
  if (!owner) env.unsupported(at, `USING SCOPE ${query.usingScope} on ${object.name}`);
  const me = env.options.userId === undefined ? null : idKey(env.options.userId);
  return (row: StoredRecord) => me !== null && idKey(row.OwnerId) === me;
}

/**
 * FOR UPDATE locks the returned rows until the transaction ends (SOQL reference, FOR UPDATE). A REST
 * query is its own transaction, over when the response is sent, so the lock has nothing to guard and
 * the query runs like one without it (UNCONFIRMED that the REST API accepts the clause; the reference
 * only describes it in Apex). "You can't use the ORDER BY clause in any SOQL query that uses locking":
 * refused with MALFORMED_QUERY at ORDER (UNCONFIRMED wording).
 */
export function checkForUpdate(env: QueryEnv, query: QueryBase, scope: Scope): void {
  if (query.for !== 'UPDATE' || !query.orderBy) return;
  env.fail(
    'MALFORMED_QUERY',
    env.positions.find(scope, 'ORDER'),
    'ORDER BY is not allowed in a query that uses FOR UPDATE',
  );
}

/** FOR VIEW / FOR REFERENCE are reported to the caller. */
export function recentUsage(query: QueryBase): 'VIEW' | 'REFERENCE' | undefined {
  return query.for === 'VIEW' || query.for === 'REFERENCE' ? query.for : undefined;
}

/** First API version with FIELDS() (SOQL reference, FIELDS(): "available in API version 51.0 and later"). */
const FIELDS_MIN_API = 51;
/** Largest LIMIT allowed with FIELDS(ALL) / FIELDS(CUSTOM) in the API (SOQL reference, FIELDS()). */
export const FIELDS_MAX_LIMIT = 200;

/**
 * FIELDS() rules (https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_fields.htm):
 * available from API 51.0 (a real org answers UNSUPPORTED_API_VERSION "The SOQL FIELDS function is not
 * supported in this version of the API" at the FIELDS token, quoted in egen/spark-salesforce#86); the
 * unbounded FIELDS(ALL) and FIELDS(CUSTOM) need `LIMIT n` with n ≤ 200, else MALFORMED_QUERY "The SOQL
 * FIELDS function must have a LIMIT of at most 200" (quoted from a real org in activepieces/activepieces#14521).
 * That the LIMIT error is positioned at the FIELDS token, and that a subquery's FIELDS(ALL) is bounded
 * by the outer LIMIT, is UNCONFIRMED.
 */
export function checkFieldsFunctions(
  env: QueryEnv,
  items: SelectItem[],
  limit: number | undefined,
  scope: Scope,
): void {
  const selectScope = env.positions.clause(scope, 'SELECT');
  const all = [...items];
  for (const item of items) if (item.type === 'FieldSubquery') all.push(...(item.subquery.fields ?? []));
  for (const item of all) {
    if (item.type !== 'FieldFunctionExpression' || item.functionName.toUpperCase() !== 'FIELDS') continue;
    const at = env.positions.find(selectScope, 'FIELDS');
    if (Number.parseFloat(env.options.apiVersion) < FIELDS_MIN_API) {
      env.fail('UNSUPPORTED_API_VERSION', at, 'The SOQL FIELDS function is not supported in this version of the API');
    }
    const kind = String(item.parameters[0] ?? '').toUpperCase();
    if ((kind === 'ALL' || kind === 'CUSTOM') && (limit === undefined || limit > FIELDS_MAX_LIMIT)) {
      env.fail('MALFORMED_QUERY', at, `The SOQL FIELDS function must have a LIMIT of at most ${FIELDS_MAX_LIMIT}`);
    }
  }
}

/** The fields FIELDS(kind) selects: those of the object the user can see, in describe order. */
export function fieldsOf(object: ObjectDef, kind: string): ObjectDef['fields'] | undefined {
  switch (kind.toUpperCase()) {
    case 'ALL':
      return object.fields;
    case 'CUSTOM':
      return object.fields.filter((f) => f.custom);
    case 'STANDARD':
      return object.fields.filter((f) => !f.custom);
    default:
      return undefined;
  }
}
