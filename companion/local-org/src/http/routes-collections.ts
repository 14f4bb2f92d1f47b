/**
 * sObject Collections (facts §A7): create, update, upsert, delete and retrieve up to 200 records
 * per call. A well-formed call answers 200 with one result per record in request order; errors
 * inside results use `statusCode`. Request-level problems (too many records, unknown type or
 * field, JSON type errors) answer 400 with the usual error array.
 */
import { Errors, OrgError } from '../core/errors.js';
import { normalizeId } from '../core/ids.js';
import type { Prepared, SaveResult } from '../dml/dml-service.js';
import { recordJson } from '../dml/record-json.js';
import { visibleOrNotFound } from './routes-meta.js';
import { type RestCall, type RouteDef, decode, jsonBody, ok } from './rest-types.js';

const MAX_RECORDS = 200;
const MAX_RETRIEVE = 2000;

function results(list: SaveResult[], withCreated = false): unknown[] {
  return list.map((r) => {
    const out: Record<string, unknown> = {};
    if (r.id) out.id = r.id;
    out.success = r.success;
    out.errors = r.errors.map((e) => e.toSaveError());
    // Collections upsert "returns a list of UpsertResult objects", and `created` is a boolean of every
    // UpsertResult (https://developer.salesforce.com/docs/platform/api-rest/guide/resources-composite-sobjects-collections-upsert.html,
    // https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_calls_upsert_upsertresult.htm),
    // so failed and rolled-back rows carry it too: false, as nothing was created (UNCONFIRMED: no
    // documented example shows a failed row).
    if (withCreated) out.created = r.success ? (r.created ?? false) : false;
    return out;
  });
}

function readBatch(call: RestCall): { allOrNone: boolean; records: Array<Record<string, unknown>> } {
  const body = jsonBody(call);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw Errors.jsonParser('Cannot deserialize instance of SObjectCollectionsRequest from START_ARRAY value [');
  }
  const b = body as Record<string, unknown>;
  if (!Array.isArray(b.records)) throw new OrgError('INVALID_FIELD', 'records: the records collection is required');
  if (b.records.length > MAX_RECORDS) throw Errors.exceededIdLimit();
  const allOrNone = b.allOrNone === true || b.allOrNone === 'true';
  return { allOrNone, records: b.records as Array<Record<string, unknown>> };
}

function typeOf(record: Record<string, unknown>): string {
  const attrs = record?.attributes as Record<string, unknown> | undefined;
  const type = attrs?.type;
  if (typeof type !== 'string' || type === '') throw Errors.invalidType('null');
  return type;
}

function prepareAll(call: RestCall, records: Array<Record<string, unknown>>, forcedType?: string): Prepared[] {
  return records.map((rec) => {
    const type = forcedType ?? typeOf(rec);
    if (!call.access.visibleObject(type)) throw Errors.invalidType(type);
    return call.org.dml.prepare(call.ctx, type, rec);
  });
}

function retrieveMany(call: RestCall, objectName: string, ids: string[], fields: string[]): unknown {
  const obj = visibleOrNotFound(call, objectName);
  if (ids.length > MAX_RETRIEVE) throw Errors.exceededIdLimit();
  if (fields.length === 0) throw new OrgError('MISSING_ARGUMENT', 'fields is required');
  const fctx = call.org.formulaContext();
  return ids.map((raw) => {
    const id = normalizeId(raw);
    const row = id ? call.org.store.get(obj.name, id) : undefined;
    if (!row || row.IsDeleted === true) return null;
    return recordJson(obj, row, call.apiVersion, fctx, fields);
  });
}

export const collectionRoutes: RouteDef[] = [
  {
    methods: ['POST', 'PATCH', 'DELETE'],
    pattern: /^\/composite\/sobjects$/,
    kind: 'composite/sobjects',
    handle(call) {
      const { dml } = call.org;
      if (call.method === 'DELETE') {
        const ids = (call.query.get('ids') ?? '').split(',').filter((s) => s !== '');
        if (ids.length === 0) throw new OrgError('MISSING_ARGUMENT', 'ids is required');
        if (ids.length > MAX_RECORDS) throw Errors.exceededIdLimit();
        const allOrNone = call.query.get('allOrNone') === 'true';
        return ok(results(dml.deleteMany(call.ctx, ids, { allOrNone })));
      }
      const { allOrNone, records } = readBatch(call);
      const prepared = prepareAll(call, records);
      if (call.method === 'POST') return ok(results(dml.insertMany(call.ctx, prepared, { allOrNone })));
      const items = prepared.map((p) => ({ id: p.data.id, prepared: p }));
      const out = dml.runBatch(items, { allOrNone }, ({ id, prepared: p }) => {
        if (id === undefined || id === null || id === '') {
          throw new OrgError('MISSING_ARGUMENT', 'Id not specified in an update call', { fields: [] });
        }
        return { id: dml.updateOne(call.ctx, p, id, 'crossReference'), success: true, errors: [] };
      });
      return ok(results(out.map((r, i) => (r.id ? r : { ...r, id: normalizeId(items[i].id) ?? null }))));
    },
  },
  {
    methods: ['GET', 'POST'],
    pattern: /^\/composite\/sobjects\/([^/]+)$/,
    kind: 'composite/sobjects',
    object: (m) => m[1],
    handle(call, m) {
      const objectName = decode(m[1]);
      if (call.method === 'GET') {
        const split = (k: string) => (call.query.get(k) ?? '').split(',').filter((s) => s !== '');
        return ok(retrieveMany(call, objectName, split('ids'), split('fields')));
      }
      const body = jsonBody(call) as Record<string, unknown> | null;
      const ids = Array.isArray(body?.ids) ? (body.ids as unknown[]).map(String) : [];
      const fields = Array.isArray(body?.fields) ? (body.fields as unknown[]).map(String) : [];
      return ok(retrieveMany(call, objectName, ids, fields));
    },
  },
  {
    methods: ['PATCH'],
    pattern: /^\/composite\/sobjects\/([^/]+)\/([^/]+)$/,
    kind: 'composite/sobjects',
    object: (m) => m[1],
    handle(call, m) {
      const obj = visibleOrNotFound(call, m[1]);
      const extField = call.org.dml.externalIdField(obj, decode(m[2]));
      const { allOrNone, records } = readBatch(call);
      const prepared = prepareAll(call, records, obj.name);
      return ok(results(call.org.dml.upsertMany(call.ctx, extField.name, prepared, { allOrNone }), true));
    },
  },
];
