/**
 * Bulk API 2.0 query jobs under /jobs/query (facts: "Create a Query Job", "Get Results for a
 * Query Job"). The query runs when the job is created (the matching rows are kept by reference,
 * records are copy-on-write so later edits do not leak in); results are pages of CSV with
 * `Sforce-NumberOfRecords` and `Sforce-Locator`, the latter the literal string `null` on the last
 * page (jsforce loops until it sees exactly that). Results must be read with the API version the
 * job was created with, or 409.
 */
import { OrgError } from '../core/errors.js';
import { toSfDateTime } from '../core/clock.js';
import { toCsv } from '../bulk/bulk-csv.js';
import { type QueryJob, type QueryOperation, COLUMN_DELIMITERS, queryJobInfo } from '../bulk/bulk-types.js';
import { exportRows, queryColumns } from '../bulk/query-export.js';
import { runSoql } from '../soql/soql-engine.js';
import { invalidJob, invalidJobState, jobNotFound, jobOptions, objectBody } from './routes-bulk-ingest.js';
import { type RestCall, type RestResult, type RouteDef, decode, noContent, ok } from './rest-types.js';

function createJob(call: RestCall): RestResult {
  const body = objectBody(call);
  const operation = body.operation ?? 'query';
  if (operation !== 'query' && operation !== 'queryAll')
    throw invalidJob(`Invalid operation '${String(operation)}': use query or queryAll`);
  const soql = body.query;
  if (typeof soql !== 'string' || soql.trim() === '') throw invalidJob("Missing required property 'query'");
  const options = jobOptions(body);
  const result = runSoql(soql, call.org.soqlSource(call.access), {
    includeDeleted: operation === 'queryAll',
    apiVersion: call.apiVersion,
    userId: call.session.userId,
  });
  if (result.isCount) throw new OrgError('API_ERROR', 'Aggregate queries are not supported in Bulk Query');
  const columns = queryColumns(soql, call.access, result.objectName);
  const now = toSfDateTime(call.org.clock.nowMs());
  const job: QueryJob = {
    kind: 'query',
    id: call.org.bulk.newId(),
    operation: operation as QueryOperation,
    object: result.objectName,
    query: soql,
    createdById: call.session.userId,
    createdDate: now,
    systemModstamp: now,
    state: 'JobComplete',
    apiVersion: call.apiVersion,
    ...options,
    pendingChecks: call.org.bulk.inProgressChecks,
    result,
    columns,
  };
  call.org.bulk.jobs.set(job.id, job);
  return ok({ ...queryJobInfo(job, false), state: 'UploadComplete' });
}

function queryJob(call: RestCall, raw: string): QueryJob {
  const job = call.org.bulk.get(decode(raw));
  if (!job || job.kind !== 'query') throw jobNotFound();
  return job;
}

/** Locators are opaque, URL-safe and stable while the job exists (base64url of the offset). */
function encodeLocator(offset: number): string {
  return Buffer.from(String(offset)).toString('base64url');
}

function decodeLocator(locator: string): number | undefined {
  const text = Buffer.from(locator, 'base64url').toString();
  return /^\d+$/.test(text) ? Number(text) : undefined;
}

function results(call: RestCall, job: QueryJob): RestResult {
  if (job.apiVersion !== call.apiVersion)
    // Documented: 409 when results are read with another API version (UNCONFIRMED errorCode).
    throw new OrgError('INVALIDJOBSTATE', `Results of job ${job.id} must be read with API version ${job.apiVersion}`, {
      httpStatus: 409,
    });
  if (job.state !== 'JobComplete' || job.pendingChecks > 0 || !job.result || !job.columns)
    throw invalidJobState(
      `Job ${job.id} is not complete: its state is ${job.pendingChecks > 0 ? 'InProgress' : job.state}`,
    );
  const total = job.result.rows.length;
  const locator = call.query.get('locator');
  let offset = 0;
  if (locator !== null && locator !== '') {
    const decoded = decodeLocator(locator);
    // UNCONFIRMED errorCode for a locator this job never issued.
    if (decoded === undefined || decoded > total) throw new OrgError('INVALIDLOCATOR', `Invalid locator: ${locator}`);
    offset = decoded;
  }
  const maxRaw = call.query.get('maxRecords');
  let size = call.org.bulk.defaultPageSize;
  if (maxRaw !== null) {
    const n = Number(maxRaw);
    if (!Number.isInteger(n) || n < 1) throw invalidJob(`Invalid maxRecords '${maxRaw}': use a positive integer`);
    size = n;
  }
  const end = Math.min(total, offset + size);
  const rows = exportRows(job.result, job.columns, offset, end);
  const eol = job.lineEnding === 'CRLF' ? '\r\n' : '\n';
  return {
    status: 200,
    csv: toCsv(
      job.columns.map((c) => c.header),
      rows,
      COLUMN_DELIMITERS[job.columnDelimiter],
      eol,
    ),
    headers: {
      'Sforce-NumberOfRecords': String(rows.length),
      'Sforce-Locator': end < total ? encodeLocator(end) : 'null',
    },
  };
}

function getJob(job: QueryJob): RestResult {
  const info = queryJobInfo(job, true);
  if (job.pendingChecks > 0) job.pendingChecks--;
  return ok(info);
}

function patchJob(call: RestCall, job: QueryJob): RestResult {
  const body = objectBody(call);
  if (body.state !== 'Aborted') throw invalidJob(`Invalid state '${String(body.state)}': use Aborted`);
  if (job.state === 'JobComplete' && job.pendingChecks === 0)
    throw invalidJobState(`Job ${job.id} is already complete and cannot be aborted`);
  job.state = 'Aborted';
  job.pendingChecks = 0;
  job.result = undefined;
  job.systemModstamp = toSfDateTime(call.org.clock.nowMs());
  return ok(queryJobInfo(job, false));
}

function listJobs(call: RestCall): RestResult {
  const records = [...call.org.bulk.jobs.values()]
    .filter((j): j is QueryJob => j.kind === 'query')
    .map((j) => queryJobInfo(j, false));
  return ok({ done: true, records, nextRecordsUrl: null });
}

export const bulkQueryRoutes: RouteDef[] = [
  {
    methods: ['POST', 'GET'],
    pattern: /^\/jobs\/query$/,
    kind: 'jobs/query',
    handle: (call) => (call.method === 'POST' ? createJob(call) : listJobs(call)),
  },
  {
    methods: ['GET'],
    pattern: /^\/jobs\/query\/([^/]+)\/results$/,
    kind: 'jobs/query/results',
    handle: (call, m) => results(call, queryJob(call, m[1])),
  },
  {
    methods: ['GET', 'PATCH', 'DELETE'],
    pattern: /^\/jobs\/query\/([^/]+)$/,
    kind: 'jobs/query/job',
    handle: (call, m) => {
      const job = queryJob(call, m[1]);
      if (call.method === 'GET') return getJob(job);
      if (call.method === 'PATCH') return patchJob(call, job);
      call.org.bulk.jobs.delete(job.id);
      return noContent();
    },
  },
];
