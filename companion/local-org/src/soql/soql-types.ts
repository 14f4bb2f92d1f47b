/**
 * Contract between the SOQL engine (companion/local-org/src/soql/) and the org core that owns the
 * records. The engine never touches storage directly: it reads through SoqlDataSource.
 */
import type { FieldDef, ObjectDef, StoredRecord } from '../schema-types.js';

export interface SoqlDataSource {
  /**
   * The object as the CALLING user sees it: case-insensitive name lookup; fields hidden by
   * field-level security are absent (so SOQL reports them as INVALID_FIELD, like a real org).
   * undefined → INVALID_TYPE.
   */
  getObject(name: string): ObjectDef | undefined;
  /** All stored rows of an object, deleted ones included (they carry IsDeleted: true). */
  scan(objectName: string): Iterable<StoredRecord>;
  /** Any record by 15- or 18-character Id, deleted or not (parent traversal, polymorphic lookups). */
  getById(id: string): StoredRecord | undefined;
  /** Object name for an Id (by key prefix), for polymorphic relationships such as Task.Who. */
  objectNameForId(id: string): string | undefined;
  /** Value of a field on a stored record, computing formula fields on read. */
  fieldValue(objectName: string, record: StoredRecord, field: FieldDef): unknown;
  /** Current time (injectable so date literals such as TODAY are testable). */
  now(): Date;
}

export interface SoqlOptions {
  /** queryAll: include IsDeleted = true rows (and archived activities). */
  includeDeleted: boolean;
  /** API version of the request, e.g. '62.0' (used in attributes.url). */
  apiVersion: string;
  /** The running user's Id: `USING SCOPE mine` / `team` filter on it (without it those scopes match nothing). */
  userId?: string;
}

/** A failure shaped exactly like Salesforce's REST error element. */
export interface SoqlErrorShape {
  errorCode:
    | 'MALFORMED_QUERY'
    | 'INVALID_FIELD'
    | 'INVALID_TYPE'
    | 'INVALID_QUERY_FILTER_OPERATOR'
    /** OFFSET above 2,000 ("Maximum SOQL offset allowed for apiName Account is 2000"). */
    | 'NUMBER_OUTSIDE_VALID_RANGE'
    /** FIELDS() before API 51.0. */
    | 'UNSUPPORTED_API_VERSION'
    /** An aggregate query with more than 2,000 groups ("Aggregate query does not support queryMore()…"). */
    | 'EXCEEDED_ID_LIMIT';
  message: string;
}

/** A compiled query: run it once, then project rows page by page. */
export interface SoqlResult {
  /** Object queried (canonical API name). */
  objectName: string;
  /** True for SELECT COUNT() — then `count` holds the answer and `rows` is empty. */
  isCount: boolean;
  /**
   * GROUP BY / aggregate functions: rows are groups and project() returns AggregateResult records;
   * aggregate queries have no queryMore, so all rows belong on the first page.
   */
  isAggregate?: boolean;
  count: number;
  /** Matching stored rows after WHERE, ORDER BY, OFFSET and LIMIT (references, not copies). */
  rows: StoredRecord[];
  /**
   * `FOR VIEW` / `FOR REFERENCE`: the caller should record the returned rows as viewed / referenced
   * by the running user (SOQL reference, FOR VIEW and FOR REFERENCE).
   */
  recentUsage?: 'VIEW' | 'REFERENCE';
  /** JSON record exactly as REST returns it: attributes {type,url}, selected fields, nested parents. */
  project(row: StoredRecord): Record<string, unknown>;
}
