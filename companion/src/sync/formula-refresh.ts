/**
 * Formula fields change without moving SystemModstamp, so an incremental sync never sees them
 * change. Kept fresh here, with no work for the admin:
 *  - a parent's change re-reads the formula columns of its children right away (formulas that read
 *    `Relationship.Field` are found in describe's calculatedFormula; the children are queried by
 *    their lookup to the parents that changed in this cycle), and a grandparent's change those of
 *    its grandchildren (`Account.Parent.Name`: queried by `Account.ParentId`);
 *  - every FORMULA_REFRESH_MS the formula columns alone are re-read for the whole object (formulas
 *    on TODAY(), on unsynced parents or on other objects are fresh within that period).
 * Only values that really changed bump a record's change sequence.
 */
import type { DescribeSObjectResult } from '../salesforce/names.js';
import type { SalesforceClient } from '../salesforce/sf-client.js';
import type { SyncStore } from '../store/sync-store.js';
import { chunk } from '../writeback/chunk.js';
import { soqlString } from '../salesforce/soql.js';
import { mergeColumns } from './sync-runner.js';

export const FORMULA_REFRESH_MS = 60 * 60_000;

export interface ParentDependency {
  /** Lookup field on the child (e.g. AccountId), or a path to a grandparent (e.g. Account.ParentId). */
  lookup: string;
  parent: string;
  formulas: string[];
}

type Describe = (sobject: string) => Promise<DescribeSObjectResult | undefined>;

export function formulaFields(d: DescribeSObjectResult, synced: string[]): string[] {
  return d.fields.filter((f) => f.calculated && synced.includes(f.name)).map((f) => f.name);
}

/**
 * The parents (and grandparents) each formula reads: `Account.Industry` depends on the child's
 * AccountId; `Account.Parent.Name` also on the grandparent, reached as `Account.ParentId` (the
 * intermediate object is described to find that lookup).
 */
export async function parentDependencies(
  d: DescribeSObjectResult,
  formulas: string[],
  describe: Describe,
): Promise<ParentDependency[]> {
  const byRel = new Map<string, ParentDependency>();
  const add = (lookup: string, parent: string, formula: string) => {
    const dep = byRel.get(lookup) ?? { lookup, parent, formulas: [] };
    if (!dep.formulas.includes(formula)) dep.formulas.push(formula);
    byRel.set(lookup, dep);
  };
  const lookupOf = (obj: DescribeSObjectResult, relationship: string) =>
    obj.fields.find(
      (f) =>
        f.type === 'reference' &&
        f.relationshipName?.toLowerCase() === relationship.toLowerCase() &&
        f.referenceTo?.length === 1,
    );
  for (const name of formulas) {
    const formula = d.fields.find((f) => f.name === name)?.calculatedFormula ?? '';
    for (const m of formula.matchAll(/(?<![\w$.])([A-Za-z_]\w*)\.([A-Za-z_]\w*)(?:\.([A-Za-z_]\w*))?\b/g)) {
      const first = lookupOf(d, m[1]);
      if (!first) continue;
      add(first.name, first.referenceTo![0], name);
      if (!m[3]) continue;
      const middle = await describe(first.referenceTo![0]);
      const second = middle && lookupOf(middle, m[2]);
      if (second) add(`${first.relationshipName}.${second.name}`, second.referenceTo![0], name);
    }
  }
  return [...byRel.values()];
}

/** Children (and grandchildren) of parents that changed: their formula columns, 200 parents per query. */
export async function refreshChildren(
  client: SalesforceClient,
  store: SyncStore,
  connectionId: string,
  child: string,
  deps: ParentDependency[],
  parentIds: string[],
): Promise<number> {
  const formulas = [...new Set(deps.flatMap((d) => d.formulas))];
  let calls = 0;
  for (const part of chunk(parentIds, 200)) {
    const ids = part.map(soqlString).join(', ');
    const where = deps.map((d) => `${d.lookup} IN (${ids})`).join(' OR ');
    calls += await mergeColumns(client, store, connectionId, child, formulas, ` WHERE ${where}`);
  }
  return calls;
}

/** The whole object's formula columns, when the last full refresh is older than FORMULA_REFRESH_MS. */
export async function refreshAllFormulas(
  client: SalesforceClient,
  store: SyncStore,
  connectionId: string,
  sobject: string,
  formulas: string[],
  lastRefreshed: string | null,
  now = Date.now(),
): Promise<number> {
  if (formulas.length === 0) return 0;
  if (lastRefreshed && now - Date.parse(lastRefreshed) < FORMULA_REFRESH_MS) return 0;
  const calls = await mergeColumns(client, store, connectionId, sobject, formulas);
  await store.markFormulasRefreshed(connectionId, sobject);
  return calls;
}
