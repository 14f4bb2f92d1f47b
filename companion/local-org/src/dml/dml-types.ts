/** Types shared by the DML service and its callers (REST routes, Composite, later Bulk ingest). */
import { OrgError } from '../core/errors.js';
import type { ObjectDef, StoredRecord } from '../schema-types.js';
import type { Access } from '../security/user-access.js';
import type { DeserializedRecord } from './coerce.js';

export interface CallContext {
  access: Access;
  /** Platform writes (seeding, test hooks): object and field writability checks are skipped. */
  system?: boolean;
  /** API version of the request, e.g. '62.0'. */
  apiVersion: string;
  /** Called just before a record is written; throws (UNABLE_TO_LOCK_ROW) to simulate a locked row. */
  lockCheck?: (objectName: string, record: StoredRecord) => void;
}

export interface SaveResult {
  id: string | null;
  success: boolean;
  errors: OrgError[];
  created?: boolean;
}

export interface Prepared {
  /** The object as the caller sees it (FLS applied). */
  visible: ObjectDef;
  /** The full object definition. */
  full: ObjectDef;
  data: DeserializedRecord;
}

export interface BatchOptions {
  allOrNone: boolean;
}

/** Several live records share the external ID value (REST answers 300). */
export class MultipleMatchesError extends OrgError {
  constructor(
    readonly objectName: string,
    readonly ids: string[],
    field: string,
    label: string,
  ) {
    // Per-record form used by Collections; UNCONFIRMED text.
    super('DUPLICATE_EXTERNAL_ID', `${label}: more than one record found for external id field: [${ids.join(', ')}]`, {
      fields: [field],
      httpStatus: 300,
    });
  }
}
