/** The org's Bulk API 2.0 jobs (in memory only: jobs are not persisted with the org state). */
import { makeId } from '../core/ids.js';
import type { BulkJob } from './bulk-types.js';

export class BulkJobs {
  readonly jobs = new Map<string, BulkJob>();
  /** GET checks a finished job answers `InProgress` to first, so pollers really poll (default 0). */
  inProgressChecks = 0;
  /**
   * Rows per query-result page when the caller sends no maxRecords. Salesforce sizes pages by
   * bytes and does not document a row count (UNCONFIRMED); 50,000 keeps pages realistic in size.
   */
  defaultPageSize = 50_000;
  private counter = 0;

  newId(): string {
    return makeId('750', '5g0', ++this.counter);
  }

  get(id: string): BulkJob | undefined {
    return this.jobs.get(id) ?? [...this.jobs.values()].find((j) => j.id.slice(0, 15) === id.slice(0, 15));
  }
}
