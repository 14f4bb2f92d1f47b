/**
 * Bulk API 2.0 jobs as the local org keeps them, and the job-info JSON Salesforce answers with
 * (facts: "Get Information About an Ingest Job", "Create a Query Job"; jsforce JobInfoV2).
 */
import type { SoqlResult } from '../soql/soql-types.js';

export type IngestOperation = 'insert' | 'update' | 'upsert' | 'delete' | 'hardDelete';
export type QueryOperation = 'query' | 'queryAll';
export type JobState = 'Open' | 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Aborted' | 'Failed';

export const COLUMN_DELIMITERS: Record<string, string> = {
  BACKQUOTE: '`',
  CARET: '^',
  COMMA: ',',
  PIPE: '|',
  SEMICOLON: ';',
  TAB: '\t',
};

interface JobBase {
  id: string;
  object: string;
  createdById: string;
  createdDate: string;
  systemModstamp: string;
  state: JobState;
  apiVersion: string;
  lineEnding: 'LF' | 'CRLF';
  columnDelimiter: string;
  /** GET checks still answered InProgress before the job shows its final state. */
  pendingChecks: number;
  errorMessage?: string;
}

/** One row's outcome: the uploaded values plus Salesforce's verdict. */
export interface RowResult {
  row: string[];
  id: string;
  created?: boolean;
  error?: string;
}

export interface IngestJob extends JobBase {
  kind: 'ingest';
  operation: IngestOperation;
  externalIdFieldName?: string;
  assignmentRuleId?: string;
  header?: string[];
  rows?: string[][];
  successful: RowResult[];
  failed: RowResult[];
  /** Rows never processed (job failed or aborted before processing). */
  unprocessed: string[][];
}

export interface QueryJob extends JobBase {
  kind: 'query';
  operation: QueryOperation;
  query: string;
  result?: SoqlResult;
  columns?: QueryColumn[];
}

export interface QueryColumn {
  /** Header as written in the results (canonical field names joined by dots). */
  header: string;
  /** Path through the projected REST record (case-insensitive keys). */
  path: string[];
}

export type BulkJob = IngestJob | QueryJob;

function apiVersionNumber(v: string): number {
  return Number(v);
}

export function ingestJobInfo(job: IngestJob, detailed: boolean): Record<string, unknown> {
  const info: Record<string, unknown> = {
    id: job.id,
    operation: job.operation,
    object: job.object,
    createdById: job.createdById,
    createdDate: job.createdDate,
    systemModstamp: job.systemModstamp,
    state: visibleState(job),
  };
  if (job.externalIdFieldName) info.externalIdFieldName = job.externalIdFieldName;
  if (job.assignmentRuleId) info.assignmentRuleId = job.assignmentRuleId;
  Object.assign(info, {
    concurrencyMode: 'Parallel',
    contentType: 'CSV',
    apiVersion: apiVersionNumber(job.apiVersion),
    jobType: 'V2Ingest',
    contentUrl: `services/data/v${job.apiVersion}/jobs/ingest/${job.id}/batches`,
    lineEnding: job.lineEnding,
    columnDelimiter: job.columnDelimiter,
  });
  if (detailed) {
    const done = visibleState(job) === 'JobComplete' || visibleState(job) === 'Failed';
    Object.assign(info, {
      numberRecordsProcessed: done ? job.successful.length + job.failed.length : 0,
      numberRecordsFailed: done ? job.failed.length : 0,
      retries: 0,
      totalProcessingTime: 0,
      apiActiveProcessingTime: 0,
      apexProcessingTime: 0,
    });
    if (visibleState(job) === 'Failed' && job.errorMessage) info.errorMessage = job.errorMessage;
  }
  return info;
}

export function queryJobInfo(job: QueryJob, detailed: boolean): Record<string, unknown> {
  const info: Record<string, unknown> = {
    id: job.id,
    operation: job.operation,
    object: job.object,
    createdById: job.createdById,
    createdDate: job.createdDate,
    systemModstamp: job.systemModstamp,
    state: visibleState(job),
    concurrencyMode: 'Parallel',
    contentType: 'CSV',
    apiVersion: apiVersionNumber(job.apiVersion),
    lineEnding: job.lineEnding,
    columnDelimiter: job.columnDelimiter,
  };
  if (detailed) {
    const done = visibleState(job) === 'JobComplete';
    Object.assign(info, {
      jobType: 'V2Query',
      numberRecordsProcessed: done && job.result ? job.result.rows.length : 0,
      retries: 0,
      totalProcessingTime: 0,
    });
    if (visibleState(job) === 'Failed' && job.errorMessage) info.errorMessage = job.errorMessage;
  }
  return info;
}

/** A job that finished processing still shows InProgress for its first `pendingChecks` GETs. */
export function visibleState(job: BulkJob): JobState {
  if (job.pendingChecks > 0 && (job.state === 'JobComplete' || job.state === 'Failed')) return 'InProgress';
  return job.state;
}
