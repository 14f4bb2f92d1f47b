/**
 * Formula fields change without moving SystemModstamp, so an incremental sync never sees them
 * change. Kept fresh here, with no work for the admin:
 *  - a parent's change re-reads the formula columns of its children right away (formulas that read
 *    `Relationship.Field` are found in describe's calculatedFormula; the children are queried by
 *    their lookup to the parents that changed in this cycle);
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
  /** Lookup field on the child (e.g. AccountId). */
  lookup: string;
  parent: string;
  formulas: string[];
}

export function formulaFields(d: DescribeSObjectResult, synced: string[]): string[] {
  return d.fields.filter((f) => f.calculated && synced.includes(f.name)).map((f) => f.name);
}

export function parentDependencies(d: DescribeSObjectResult, formulas: string[]): ParentDependency[] {
  const byRel = new Map<string, ParentDependency>();
  for (const name of formulas) {
    const formula = d.fields.find((f) => f.name === name)?.calculatedFormula ?? '';
    for (const m of formula.matchAll(/\b([A-Za-z_][A-Za-z0-9_]*)\.[A-Za-z_][A-Za-z0-9_]*\b/g)) {
      const ref = d.fields.find(
        (f) => f.type === 'reference' && f.relationshipName?.toLowerCase() === m[1].toLowerCase(),
      );
      if (!ref || ref.referenceTo?.length !== 1) continue;
      const dep = byRel.get(ref.name) ?? { lookup: ref.name, parent: ref.referenceTo[0], formulas: [] };
      if (!dep.formulas.includes(name)) dep.formulas.push(name);
      byRel.set(ref.name, dep);
    }
  }
  return [...byRel.values()];
}

/** Children of parents that changed: their formula columns, 200 parents per query. */
export async function refreshChildren(
  client: SalesforceClient,
  store: SyncStore,
  connectionId: string,
  child: string,
  dep: ParentDependency,
  parentIds: string[],
): Promise<number> {
  let calls = 0;
  for (const part of chunk(parentIds, 200))
    calls += await mergeColumns(
      client,
      store,
      connectionId,
      child,
      dep.formulas,
      ` WHERE ${dep.lookup} IN (${part.map(soqlString).join(', ')})`,
    );
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
