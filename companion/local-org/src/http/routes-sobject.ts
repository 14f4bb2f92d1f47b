/**
 * Single-record routes (facts §A5, §A6): create, retrieve, update, delete, upsert / retrieve /
 * delete by external ID, sObject basic info, getDeleted and getUpdated.
 */
import { toSfDateTime } from '../core/clock.js';
import { Errors, OrgError } from '../core/errors.js';
import { keyPrefixOf, normalizeId } from '../core/ids.js';
import { parseDateTime } from '../dml/coerce.js';
import { MultipleMatchesError } from '../dml/dml-service.js';
import { recordJson, recordUrl } from '../dml/record-json.js';
import type { ObjectDef } from '../schema-types.js';
import { globalEntry } from './describe.js';
import { recentRecords } from './routes-client.js';
import { visibleOrNotFound } from './routes-meta.js';
import { type RestCall, type RestResult, type RouteDef, decode, jsonBody, noContent, ok } from './rest-types.js';

const SAVE_OK = (id: string) => ({ id, success: true, errors: [] as unknown[] });

function extFieldNotFound(name: string): OrgError {
  return new OrgError('NOT_FOUND', `Provided external ID field does not exist or is not accessible: ${name}`, {
    httpStatus: 404,
  });
}

/** The segment is an Id of this object (15 or 18 characters). */
function idOf(obj: ObjectDef, segment: string): string | undefined {
  const id = normalizeId(segment);
  return id && keyPrefixOf(id) === obj.keyPrefix ? id : undefined;
}

function multipleChoices(call: RestCall, obj: ObjectDef, ids: string[]): RestResult {
  return { status: 300, body: ids.map((id) => recordUrl(call.apiVersion, obj.name, id)) };
}

function fieldsParam(call: RestCall): string[] | undefined {
  const f = call.query.get('fields');
  return f ? f.split(',').filter((x) => x.trim() !== '') : undefined;
}

function retrieve(call: RestCall, obj: ObjectDef, id: string): RestResult {
  const row = call.org.store.get(obj.name, id);
  if (!row || row.IsDeleted === true) throw Errors.notFound();
  // A retrieve by Id counts as a view (recently-viewed.ts: a local choice, UNCONFIRMED).
  call.org.recentlyViewed.markViewed(call.session.userId, obj.name, row.Id);
  return ok(recordJson(obj, row, call.apiVersion, call.org.formulaContext(), fieldsParam(call)));
}

function createRecord(call: RestCall, objectName: string): RestResult {
  const p = call.org.dml.prepare(call.ctx, objectName, jsonBody(call));
  if (p.data.hasId) throw Errors.idInCreateBody();
  return ok(SAVE_OK(call.org.dml.insertOne(call.ctx, p)), 201);
}

/** Minute-truncated replication window (the API ignores seconds). */
function replicationWindow(call: RestCall): { start: number; end: number } {
  const s = call.query.get('start');
  const e = call.query.get('end');
  if (!s || !e) throw new OrgError('MISSING_ARGUMENT', !s ? 'start date is required' : 'end date is required');
  const start = parseDateTime(s);
  const end = parseDateTime(e);
  if (start === undefined || end === undefined) {
    throw new OrgError('INVALID_REPLICATION_DATE', `Invalid date/time: ${start === undefined ? s : e}`);
  }
  const trunc = (ms: number) => Math.floor(ms / 60000) * 60000;
  if (trunc(start) >= trunc(end)) {
    throw new OrgError(
      'INVALID_REPLICATION_DATE',
      'startDate must chronologically precede endDate by more than one minute',
    );
  }
  return { start: trunc(start), end: trunc(end) };
}

/**
 * getDeleted reads the delete log: records deleted in the window, still in the recycle bin or
 * already purged from it (queryAll no longer returns those). earliestDateAvailable is the newest
 * entry the log has dropped (UNCONFIRMED: the docs call it "the last physically deleted object"
 * and say a call should fail when it is after the start; this answers and lets the caller check).
 */
function getDeleted(call: RestCall, obj: ObjectDef): RestResult {
  const { start, end } = replicationWindow(call);
  const now = Math.floor(call.org.clock.nowMs() / 60000) * 60000;
  const deletedRecords: Array<{ id: string; deletedDate: string }> = [];
  if (obj.replicateable) {
    for (const e of call.org.store.deleteLog(obj.name)) {
      const at = Date.parse(e.deletedAt);
      if (at >= start && at < end) deletedRecords.push({ id: e.id, deletedDate: toSfDateTime(at) });
    }
  }
  // Documented limit; the message and status are UNCONFIRMED.
  if (deletedRecords.length > call.org.getDeletedIdLimit)
    throw new OrgError(
      'EXCEEDED_ID_LIMIT',
      `More than ${call.org.getDeletedIdLimit} ids found; choose start and end dates that are closer together`,
    );
  deletedRecords.sort((a, b) => a.deletedDate.localeCompare(b.deletedDate));
  const orgRow = call.org.store.get('Organization', call.org.orgId);
  const created = Date.parse(String(orgRow?.CreatedDate ?? new Date(0).toISOString()));
  const purged = call.org.store.deleteLogPurgedAt(obj.name);
  const earliest = Math.floor(Math.max(created, purged ? Date.parse(purged) : 0) / 60000) * 60000;
  return ok({
    deletedRecords,
    earliestDateAvailable: toSfDateTime(earliest),
    latestDateCovered: toSfDateTime(Math.min(end, now)),
  });
}

function getUpdated(call: RestCall, obj: ObjectDef): RestResult {
  const { start, end } = replicationWindow(call);
  const now = Math.floor(call.org.clock.nowMs() / 60000) * 60000;
  const rows: Array<[number, string]> = [];
  for (const row of call.org.store.scan(obj.name)) {
    if (row.IsDeleted === true) continue;
    const at = Date.parse(String(row.SystemModstamp));
    if (at >= start && at < end) rows.push([at, row.Id]);
  }
  rows.sort((a, b) => a[0] - b[0]);
  return ok({ ids: rows.map((r) => r[1]), latestDateCovered: toSfDateTime(Math.min(end, now)) });
}

function upsert(call: RestCall, obj: ObjectDef, fieldName: string, value: string): RestResult {
  const { dml } = call.org;
  const field = dml.externalIdField(obj, fieldName);
  const p = dml.prepare(call.ctx, obj.name, jsonBody(call));
  try {
    const { id, created } = dml.upsertOne(call.ctx, p, field.name, value, call.query.get('updateOnly') === 'true');
    if (created) return ok({ id, success: true, errors: [], created: true }, 201);
    // The 200 + created:false answer exists from API 46.0; older versions answer 204 (facts §A6).
    return Number(call.apiVersion) >= 46 ? ok({ id, success: true, errors: [], created: false }, 200) : noContent();
  } catch (e) {
    if (e instanceof MultipleMatchesError) return multipleChoices(call, obj, e.ids);
    throw e;
  }
}

export const sobjectRoutes: RouteDef[] = [
  {
    methods: ['GET', 'POST'],
    pattern: /^\/sobjects\/([^/]+)$/,
    kind: 'sobject',
    object: (m) => m[1],
    handle(call, m) {
      const obj = visibleOrNotFound(call, m[1]);
      if (call.method === 'POST') return createRecord(call, obj.name);
      return ok({ objectDescribe: globalEntry(obj, call.apiVersion), recentItems: recentRecords(call, obj.name) });
    },
  },
  {
    methods: ['GET'],
    pattern: /^\/sobjects\/([^/]+)\/deleted$/,
    kind: 'getDeleted',
    object: (m) => m[1],
    handle: (call, m) => getDeleted(call, visibleOrNotFound(call, m[1])),
  },
  {
    methods: ['GET'],
    pattern: /^\/sobjects\/([^/]+)\/updated$/,
    kind: 'getUpdated',
    object: (m) => m[1],
    handle: (call, m) => getUpdated(call, visibleOrNotFound(call, m[1])),
  },
  {
    methods: ['GET', 'PATCH', 'DELETE', 'POST'],
    pattern: /^\/sobjects\/([^/]+)\/([^/]+)$/,
    kind: 'sobject',
    object: (m) => m[1],
    handle(call, m) {
      const obj = visibleOrNotFound(call, m[1]);
      const segment = decode(m[2]);
      const id = idOf(obj, segment);
      if (call.method === 'POST') {
        // POST /sobjects/{T}/Id creates a record (Id as external ID with a null value, API 37+).
        if (segment.toLowerCase() !== 'id')
          throw new OrgError(
            'METHOD_NOT_ALLOWED',
            `HTTP Method 'POST' not allowed. Allowed are GET,PATCH,DELETE,HEAD`,
            { httpStatus: 405 },
          );
        const p = call.org.dml.prepare(call.ctx, obj.name, jsonBody(call));
        return ok({ id: call.org.dml.insertOne(call.ctx, p), success: true, errors: [], created: true }, 201);
      }
      if (!id) throw extFieldNotFound(segment);
      if (call.method === 'GET') return retrieve(call, obj, id);
      if (call.method === 'PATCH') {
        checkUnmodifiedSince(call, obj.name, id);
        const p = call.org.dml.prepare(call.ctx, obj.name, jsonBody(call));
        call.org.dml.updateOne(call.ctx, p, id);
        return noContent();
      }
      call.org.dml.deleteOne(call.ctx, id, obj);
      return noContent();
    },
  },
  {
    methods: ['GET', 'PATCH', 'DELETE'],
    pattern: /^\/sobjects\/([^/]+)\/([^/]+)\/(.+)$/,
    kind: 'sobject',
    object: (m) => m[1],
    handle(call, m) {
      const obj = visibleOrNotFound(call, m[1]);
      const fieldName = decode(m[2]);
      const value = decode(m[3]);
      if (call.method === 'PATCH') return upsert(call, obj, fieldName, value);
      const field = call.org.dml.externalIdField(obj, fieldName);
      const ids =
        field.name === 'Id'
          ? [idOf(obj, value)].filter(
              (x): x is string =>
                !!x && !!call.org.store.get(obj.name, x) && call.org.store.get(obj.name, x)?.IsDeleted !== true,
            )
          : call.org.dml.findByExternalId(obj, field.name, value);
      if (ids.length === 0) throw Errors.notFound();
      if (ids.length > 1) return multipleChoices(call, obj, ids);
      if (call.method === 'GET') return retrieve(call, obj, ids[0]);
      call.org.dml.deleteOne(call.ctx, ids[0], obj);
      return noContent();
    },
  },
];

/**
 * Conditional update (facts: REST "Conditional Request Headers"): `If-Unmodified-Since` is weak
 * validation against the record's last modified date, in HTTP-date form (seconds); an invalid value
 * on PATCH is 400; a record modified after it answers 412 Precondition Failed. The 412 body and the
 * 400 errorCode are UNCONFIRMED.
 */
function checkUnmodifiedSince(call: RestCall, objectName: string, id: string): void {
  const raw = call.headers['if-unmodified-since'];
  if (raw === undefined) return;
  const value = Array.isArray(raw) ? raw[0] : raw;
  const since = Date.parse(value);
  if (
    !/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} [A-Z]{1,4}$/.test(value.trim()) ||
    Number.isNaN(since)
  )
    throw new OrgError('INVALID_HEADER_TYPE', `Invalid If-Unmodified-Since header: ${value}`);
  const record = call.org.store.get(objectName, id);
  const modified = record ? Date.parse(String(record.LastModifiedDate).replace(/\+0000$/, 'Z')) : NaN;
  if (Number.isFinite(modified) && Math.floor(modified / 1000) > Math.floor(since / 1000))
    throw new OrgError(
      'PRECONDITION_FAILED',
      'The requested resource has been modified since the If-Unmodified-Since date',
      {
        httpStatus: 412,
      },
    );
}
