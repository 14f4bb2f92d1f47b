/**
 * The records each user viewed, newest first, behind `GET /recent` and the `recentItems` of sObject
 * Basic Information (facts §A13). Salesforce keeps at most 200 entries in RecentlyViewed "in total"
 * (https://developer.salesforce.com/docs/platform/api-rest/guide/resources-recent-items.html).
 *
 * Salesforce records views made in its UI and by SOQL `FOR VIEW` / `FOR REFERENCE` (the REST query
 * route marks the rows such a query returns); the local org has no UI, so it also counts a REST
 * retrieve by Id (`GET /sobjects/{T}/{id}`) as a view, and tests call `markViewed()`. That a REST
 * retrieve marks a record viewed is a local choice, UNCONFIRMED for a real org.
 */
import type { ObjectDef, StoredRecord } from '../schema-types.js';

export const RECENTLY_VIEWED_MAX = 200;

export interface ViewedEntry {
  objectName: string;
  id: string;
}

export class RecentlyViewed {
  private readonly byUser = new Map<string, ViewedEntry[]>();

  markViewed(userId: string, objectName: string, id: string): void {
    const list = (this.byUser.get(userId) ?? []).filter((e) => e.id !== id);
    list.unshift({ objectName, id });
    if (list.length > RECENTLY_VIEWED_MAX) list.length = RECENTLY_VIEWED_MAX;
    this.byUser.set(userId, list);
  }

  /** Newest first. */
  entries(userId: string): ViewedEntry[] {
    return [...(this.byUser.get(userId) ?? [])];
  }

  clear(userId?: string): void {
    if (userId === undefined) this.byUser.clear();
    else this.byUser.delete(userId);
  }
}

/**
 * One recent item as the docs show it: `attributes`, `Id`, `Name`
 * (https://developer.salesforce.com/docs/platform/api-rest/guide/dome-see-recently-viewed.md). For an
 * object whose name field is not `Name` (Case: CaseNumber) the value of its name field is given as
 * `Name`, as the RecentlyViewed object's Name does (UNCONFIRMED for Case-like objects).
 */
export function recentItem(obj: ObjectDef, row: StoredRecord, apiVersion: string): Record<string, unknown> {
  const nameField = obj.fields.find((f) => f.nameField)?.name;
  return {
    attributes: { type: obj.name, url: `/services/data/v${apiVersion}/sobjects/${obj.name}/${row.Id}` },
    Id: row.Id,
    Name: nameField ? (row[nameField] ?? null) : null,
  };
}
