/**
 * Processing an uploaded Bulk API 2.0 ingest job through the DML service, as Salesforce does:
 * the header must name fields the caller can see (otherwise the whole job fails with
 * `InvalidBatch : Field name not found : X`), then the rows are processed in chunks of 200 with
 * allOrNone false, each row succeeding or failing on its own (facts: Bulk 2.0 "How Requests Are
 * Processed"). Empty values leave a field alone, `#N/A` nulls it; `Parent.ExtId__c` columns set a
 * lookup through the parent's external ID.
 */
import { Errors, OrgError } from '../core/errors.js';
import { normalizeId } from '../core/ids.js';
import type { CallContext, DmlService, Prepared, SaveResult } from '../dml/dml-service.js';
import type { ObjectDef } from '../schema-types.js';
import { NULL_MARKER } from './bulk-csv.js';
import type { IngestJob, RowResult } from './bulk-types.js';

const CHUNK = 200;

/** A header column the job cannot use: the whole job fails (UNCONFIRMED exact wording). */
class JobFailure extends Error {}

interface Column {
  index: number;
  /** 'Id', a field name, or a relationship reference. */
  kind: 'id' | 'field' | 'ref';
  name: string;
  relationship?: string;
  extField?: string;
}

function resolveColumns(obj: ObjectDef, header: string[]): Column[] {
  const byLower = new Map(obj.fields.map((fd) => [fd.name.toLowerCase(), fd]));
  return header.map((raw, index) => {
    if (raw.toLowerCase() === 'id') return { index, kind: 'id', name: 'Id' };
    const dot = raw.indexOf('.');
    if (dot > 0) {
      const rel = raw.slice(0, dot);
      const ext = raw.slice(dot + 1);
      const refField = obj.fields.find(
        (fd) => fd.type === 'reference' && fd.relationshipName?.toLowerCase() === rel.toLowerCase(),
      );
      if (refField && refField.relationshipName && ext && !ext.includes('.'))
        return { index, kind: 'ref', name: raw, relationship: refField.relationshipName, extField: ext };
      throw new JobFailure(`InvalidBatch : Field name not found : ${raw}`);
    }
    const fd = byLower.get(raw.toLowerCase());
    if (!fd) throw new JobFailure(`InvalidBatch : Field name not found : ${raw}`);
    return { index, kind: 'field', name: fd.name };
  });
}

/** The record body a row stands for, as REST would have received it. */
function rowBody(columns: Column[], row: string[]): { body: Record<string, unknown>; id: string } {
  const body: Record<string, unknown> = {};
  let id = '';
  for (const col of columns) {
    const raw = row[col.index] ?? '';
    if (col.kind === 'id') {
      id = raw.trim();
      continue;
    }
    if (raw === '') continue;
    const value = raw === NULL_MARKER ? null : raw;
    if (col.kind === 'ref') body[col.relationship!] = { [col.extField!]: value };
    else body[col.name] = value;
  }
  return { body, id };
}

/** `STATUS_CODE:message:fields --`, the sf__Error form (UNCONFIRMED exact punctuation). */
export function sfError(e: OrgError): string {
  return `${e.errorCode}:${e.message}:${(e.fields ?? []).join(',')} --`;
}

function duplicateKeys(values: Array<string | undefined>): Set<string> {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const v of values) {
    if (v === undefined || v === '') continue;
    const k = v.toLowerCase();
    if (seen.has(k)) dup.add(k);
    seen.add(k);
  }
  return dup;
}

export function processIngestJob(dml: DmlService, ctx: CallContext, job: IngestJob): void {
  const header = job.header ?? [];
  const rows = job.rows ?? [];
  const obj = dml.visibleObject(ctx, job.object);
  if (!obj) {
    fail(job, `InvalidBatch : Unable to find object: ${job.object}`);
    return;
  }
  let columns: Column[];
  try {
    columns = resolveColumns(obj, header);
  } catch (e) {
    if (e instanceof JobFailure) {
      fail(job, e.message);
      return;
    }
    throw e;
  }
  const needsId = job.operation === 'update' || job.operation === 'delete';
  if (needsId && !columns.some((c) => c.kind === 'id')) {
    fail(job, 'InvalidBatch : Field name not found : Id');
    return;
  }
  const extName = job.externalIdFieldName;
  const extColumn =
    job.operation === 'upsert' && extName
      ? columns.find(
          (c) => c.name.toLowerCase() === extName.toLowerCase() || (c.kind === 'id' && extName.toLowerCase() === 'id'),
        )
      : undefined;
  if (job.operation === 'upsert' && !extColumn) {
    fail(job, `InvalidBatch : Field name not found : ${extName}`);
    return;
  }

  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK);
    const dups =
      job.operation === 'upsert' && extColumn && extColumn.kind !== 'id'
        ? duplicateKeys(chunk.map((r) => r[extColumn.index]))
        : new Set<string>();
    const results: SaveResult[] = dml.runBatch(chunk, { allOrNone: false }, (row) => {
      const { body, id } = rowBody(columns, row);
      switch (job.operation) {
        case 'insert': {
          if (id !== '') throw Errors.idInCreateBody();
          return { id: dml.insertOne(ctx, dml.prepare(ctx, job.object, body)), success: true, errors: [] };
        }
        case 'update': {
          if (id === '') throw new OrgError('MISSING_ARGUMENT', 'Id not specified in an update call', { fields: [] });
          return {
            id: dml.updateOne(ctx, dml.prepare(ctx, job.object, body), id, 'crossReference'),
            success: true,
            errors: [],
          };
        }
        case 'delete': {
          if (id === '') throw new OrgError('MISSING_ARGUMENT', 'Id not specified in a delete call', { fields: [] });
          return { id: dml.deleteOne(ctx, id, undefined, 'crossReference'), success: true, errors: [] };
        }
        default: {
          const p: Prepared = dml.prepare(ctx, job.object, body);
          const field = dml.externalIdField(p.visible, extName!);
          const value = field.name === 'Id' ? id : (row[extColumn!.index] ?? '');
          if (value === '' && field.name !== 'Id')
            throw new OrgError('MISSING_ARGUMENT', `${field.name} not specified`, { fields: [] });
          if (value !== '' && dups.has(value.toLowerCase()))
            throw new OrgError('DUPLICATE_EXTERNAL_ID', `Duplicate external id specified: ${value}`, {
              fields: [field.name],
            });
          const r = dml.upsertOne(ctx, p, field.name, field.name === 'Id' && value === '' ? null : value);
          return { id: r.id, success: true, errors: [], created: r.created };
        }
      }
    });
    results.forEach((r, i) => {
      const row = chunk[i];
      if (r.success) {
        job.successful.push({ row, id: r.id ?? '', created: r.created ?? job.operation === 'insert' });
      } else {
        const { id } = rowBody(columns, row);
        const result: RowResult = {
          row,
          id: r.id ?? normalizeId(id) ?? '',
          error: r.errors.map(sfError).join('; '),
        };
        job.failed.push(result);
      }
    });
  }
  job.state = 'JobComplete';
}

function fail(job: IngestJob, message: string): void {
  job.state = 'Failed';
  job.errorMessage = message;
  job.unprocessed = job.rows ?? [];
}
