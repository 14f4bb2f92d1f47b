/** What the writeback senders need from the rest of the companion (kept small so they read as rules). */
import type { SalesforceClient } from '../salesforce/sf-client.js';
import type { FieldStateStore } from '../store/field-state-store.js';
import type { IdMappingStore } from '../store/id-mapping-store.js';
import type { WritebackRow, WritebackStore } from '../store/writeback-store.js';
import type { Logger } from '../core/logger.js';
import type { WritebackPass } from './writeback-pass.js';

export interface SenderDeps {
  client: SalesforceClient;
  connectionId: string;
  /** The connected (integration) user: changes by anyone else are Salesforce-side edits. */
  userId: string | null;
  /** Updates of one object in one pass from this many records on go through one Bulk API 2.0 job. */
  bulkThreshold: number;
  /** The pass holding the rows: every outcome is settled through it. */
  pass: WritebackPass;
  outbox: WritebackStore;
  ids: IdMappingStore;
  fieldState: FieldStateStore;
  log: Logger;
}

export interface RecordPayload {
  fields: Record<string, unknown>;
  changedFields: string[];
  staticFields: string[];
  salesforceId?: string;
  rejected: Array<{ roxField: string; code: string; reason: string }>;
}

export type Claimed = WritebackRow<RecordPayload>;
