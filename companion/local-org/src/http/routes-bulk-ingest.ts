/**
 * Bulk API 2.0 ingest jobs under /jobs/ingest (facts: Bulk API 2.0 guide; jsforce bulk2 flow:
 * create → PUT batches (text/csv) → PATCH UploadComplete → poll → results). Processing runs when
 * the upload is closed, inside that request's transaction; `org.bulk.inProgressChecks` makes the
 * first GETs answer InProgress so pollers are exercised. Error codes of job-level failures marked
 * UNCONFIRMED below are believed, not documented.
 */
import { OrgError } from '../core/errors.js';
import { CsvUploadError, parseUpload, toCsv } from '../bulk/bulk-csv.js';
import { processIngestJob } from '../bulk/ingest-processor.js';
import { COLUMN_DELIMITERS, type IngestJob, type IngestOperation, ingestJobInfo } from '../bulk/bulk-types.js';
import { toSfDateTime } from '../core/clock.js';
import { type RestCall, type RestResult, type RouteDef, decode, jsonBody, noContent, ok } from './rest-types.js';

const OPERATIONS: IngestOperation[] = ['insert', 'update', 'upsert', 'delete', 'hardDelete'];

/** UNCONFIRMED errorCode for a job request Salesforce refuses. */
export function invalidJob(message: string): OrgError {
  return new OrgError('INVALIDJOB', message);
}

/** UNCONFIRMED errorCode/status for an operation the job's state does not allow. */
export function invalidJobState(message: string): OrgError {
  return new OrgError('INVALIDJOBSTATE', message, { httpStatus: 409 });
}

export function jobNotFound(): OrgError {
  return new OrgError('NOT_FOUND', 'The requested resource does not exist', { httpStatus: 404 });
}

function stringProp(body: Record<string, unknown>, key: string): string | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw invalidJob(`Invalid value for property '${key}': expected a string`);
  return v;
}

export function jobOptions(body: Record<string, unknown>): { lineEnding: 'LF' | 'CRLF'; columnDelimiter: string } {
  const contentType = stringProp(body, 'contentType') ?? 'CSV';
  if (contentType !== 'CSV') throw invalidJob('The only content type supported is CSV');
  const columnDelimiter = stringProp(body, 'columnDelimiter') ?? 'COMMA';
  if (!(columnDelimiter in COLUMN_DELIMITERS))
    throw invalidJob(
      `Invalid columnDelimiter '${columnDelimiter}': use one of ${Object.keys(COLUMN_DELIMITERS).join(', ')}`,
    );
  const lineEnding = stringProp(body, 'lineEnding') ?? 'LF';
  if (lineEnding !== 'LF' && lineEnding !== 'CRLF')
    throw invalidJob(`Invalid lineEnding '${lineEnding}': use LF or CRLF`);
  return { lineEnding, columnDelimiter };
}

export function objectBody(call: RestCall): Record<string, unknown> {
  const body = jsonBody(call);
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw new OrgError('JSON_PARSER_ERROR', 'The request body must be a JSON object');
  return body as Record<string, unknown>;
}

function createJob(call: RestCall): RestResult {
  const body = objectBody(call);
  const objectName = stringProp(body, 'object');
  if (!objectName) throw invalidJob("Missing required property 'object'");
  const operation = stringProp(body, 'operation');
  if (!operation || !OPERATIONS.includes(operation as IngestOperation))
    throw invalidJob(`Invalid operation '${operation ?? ''}': use one of ${OPERATIONS.join(', ')}`);
  if (operation === 'hardDelete')
    throw invalidJob('hardDelete is not implemented by the local org (it needs the Bulk API Hard Delete permission)');
  const obj = call.access.visibleObject(objectName);
  // Observed wording for an object Bulk cannot use (airbyte source-salesforce handles it).
  if (!obj) throw new OrgError('INVALIDENTITY', `Entity '${objectName}' is not supported by the Bulk API.`);
  const externalIdFieldName = stringProp(body, 'externalIdFieldName');
  if (operation === 'upsert') {
    if (!externalIdFieldName) throw invalidJob("Missing required property 'externalIdFieldName' for upsert");
    call.org.dml.externalIdField(obj, externalIdFieldName);
  }
  const now = toSfDateTime(call.org.clock.nowMs());
  const job: IngestJob = {
    kind: 'ingest',
    id: call.org.bulk.newId(),
    operation: operation as IngestOperation,
    object: obj.name,
    externalIdFieldName: operation === 'upsert' ? externalIdFieldName : undefined,
    assignmentRuleId: stringProp(body, 'assignmentRuleId'),
    createdById: call.session.userId,
    createdDate: now,
    systemModstamp: now,
    state: 'Open',
    apiVersion: call.apiVersion,
    ...jobOptions(body),
    pendingChecks: 0,
    successful: [],
    failed: [],
    unprocessed: [],
  };
  call.org.bulk.jobs.set(job.id, job);
  return ok(ingestJobInfo(job, false));
}

function ingestJob(call: RestCall, raw: string): IngestJob {
  const job = call.org.bulk.get(decode(raw));
  if (!job || job.kind !== 'ingest') throw jobNotFound();
  return job;
}

function upload(call: RestCall, job: IngestJob): RestResult {
  if (job.state !== 'Open') throw invalidJobState(`Job ${job.id} is not open for upload: its state is ${job.state}`);
  if (job.rows) {
    // UNCONFIRMED wording: Bulk 2.0 takes one upload per job.
    throw invalidJobState(
      `Found multiple contents for job: <${job.id}>, please 'Close' / 'Abort' / 'Delete' the current Job then create a new Job and make sure you only do 'PUT' once on a given Job.`,
    );
  }
  try {
    const parsed = parseUpload(call.rawBody, COLUMN_DELIMITERS[job.columnDelimiter], job.lineEnding);
    job.header = parsed.header;
    job.rows = parsed.rows;
  } catch (e) {
    if (!(e instanceof CsvUploadError)) throw e;
    // The upload is accepted; the job fails when processed (Salesforce validates the data then).
    job.header = [];
    job.rows = [];
    job.errorMessage = e.message;
  }
  return { status: 201 };
}

function patchState(call: RestCall, job: IngestJob): RestResult {
  const body = objectBody(call);
  const state = body.state;
  if (state === 'UploadComplete') {
    if (job.state !== 'Open') throw invalidJobState(`Job ${job.id} is not open: its state is ${job.state}`);
    job.systemModstamp = toSfDateTime(call.org.clock.nowMs());
    if (job.errorMessage) {
      job.state = 'Failed';
      job.unprocessed = job.rows ?? [];
    } else if (!job.rows) {
      job.state = 'Failed';
      job.errorMessage = 'InvalidBatch : No data was uploaded for this job';
    } else {
      processIngestJob(call.org.dml, call.ctx, job);
    }
    job.pendingChecks = call.org.bulk.inProgressChecks;
    return ok({ ...ingestJobInfo(job, false), state: 'UploadComplete' });
  }
  if (state === 'Aborted') {
    if (job.state !== 'Open') throw invalidJobState(`Job ${job.id} cannot be aborted: its state is ${job.state}`);
    job.state = 'Aborted';
    job.unprocessed = job.rows ?? [];
    job.systemModstamp = toSfDateTime(call.org.clock.nowMs());
    return ok(ingestJobInfo(job, false));
  }
  throw invalidJob(`Invalid state '${String(state)}': use UploadComplete or Aborted`);
}

function getJob(job: IngestJob): RestResult {
  const info = ingestJobInfo(job, true);
  if (job.pendingChecks > 0) job.pendingChecks--;
  return ok(info);
}

function results(call: RestCall, job: IngestJob, kind: string): RestResult {
  const header = job.header ?? [];
  if (kind === 'unprocessedrecords') return { status: 200, csv: toCsv(header, job.unprocessed) };
  const finished = job.state === 'JobComplete' || job.state === 'Failed' || job.state === 'Aborted';
  if (!finished) throw invalidJobState(`Job ${job.id} has not finished processing: its state is ${job.state}`);
  if (kind === 'successfulResults')
    return {
      status: 200,
      csv: toCsv(
        ['sf__Id', 'sf__Created', ...header],
        job.successful.map((r) => [r.id, String(r.created === true), ...r.row]),
      ),
    };
  return {
    status: 200,
    csv: toCsv(
      ['sf__Id', 'sf__Error', ...header],
      job.failed.map((r) => [r.id, r.error ?? '', ...r.row]),
    ),
  };
}

function listJobs(call: RestCall): RestResult {
  const records = [...call.org.bulk.jobs.values()]
    .filter((j): j is IngestJob => j.kind === 'ingest')
    .map((j) => ingestJobInfo(j, false));
  return ok({ done: true, records, nextRecordsUrl: null });
}

const JOB = /^\/jobs\/ingest\/([^/]+)$/;

export const bulkIngestRoutes: RouteDef[] = [
  {
    methods: ['POST', 'GET'],
    pattern: /^\/jobs\/ingest$/,
    kind: 'jobs/ingest',
    handle: (call) => (call.method === 'POST' ? createJob(call) : listJobs(call)),
  },
  {
    methods: ['PUT'],
    pattern: /^\/jobs\/ingest\/([^/]+)\/batches$/,
    kind: 'jobs/ingest/batches',
    handle: (call, m) => upload(call, ingestJob(call, m[1])),
  },
  {
    methods: ['GET'],
    pattern: /^\/jobs\/ingest\/([^/]+)\/(successfulResults|failedResults|unprocessedrecords)$/,
    kind: 'jobs/ingest/results',
    handle: (call, m) => results(call, ingestJob(call, m[1]), m[2]),
  },
  {
    methods: ['GET', 'PATCH', 'DELETE'],
    pattern: JOB,
    kind: 'jobs/ingest/job',
    handle: (call, m) => {
      const job = ingestJob(call, m[1]);
      if (call.method === 'GET') return getJob(job);
      if (call.method === 'PATCH') return patchState(call, job);
      if (job.state === 'Open' || job.state === 'UploadComplete' || job.state === 'InProgress')
        throw invalidJobState(`Job ${job.id} must be closed or aborted before it can be deleted`);
      call.org.bulk.jobs.delete(job.id);
      return noContent();
    },
  },
];
