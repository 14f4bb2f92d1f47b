/**
 * Bulk API 2.0 ingest for large batches (facts: Bulk API 2.0; toolchain notes: jsforce sends nulls
 * as #N/A): create job → upload one CSV → UploadComplete → poll → successful and failed results.
 * Six calls or so whatever the size, against one per 200 records with Collections. Only this
 * adapter speaks Bulk; callers get one result per input record.
 */
import { stringify } from 'csv-stringify/sync';
import { AppError } from '../core/app-error.js';
import type { SalesforceClient } from './sf-client.js';

export interface BulkRecordResult {
  id: string;
  success: boolean;
  errors: Array<{ statusCode: string; message: string; fields: string[] }>;
}

function cell(v: unknown): string {
  if (v === null) return '#N/A';
  if (v === undefined) return '';
  return String(v);
}

/** `CODE:message:fields --` → parts (the sf__Error form; punctuation UNCONFIRMED). */
export function parseSfError(text: string): { statusCode: string; message: string; fields: string[] } {
  const m = /^([A-Z_]+):(.*?)(?::([^:]*?))?\s*--\s*$/s.exec(text.trim());
  if (!m) return { statusCode: 'UNKNOWN', message: text, fields: [] };
  return {
    statusCode: m[1],
    message: m[2].trim(),
    fields: (m[3] ?? '')
      .split(',')
      .map((f) => f.trim())
      .filter(Boolean),
  };
}

export async function bulkUpdate(
  client: SalesforceClient,
  sobject: string,
  records: Array<{ Id: string } & Record<string, unknown>>,
  options: { pollMs?: number; timeoutMs?: number } = {},
): Promise<BulkRecordResult[]> {
  const base = `/services/data/v${client.conn.version}/jobs/ingest`;
  const columns = ['Id', ...new Set(records.flatMap((r) => Object.keys(r).filter((k) => k !== 'Id')))];
  const csv = stringify([columns, ...records.map((r) => columns.map((c) => cell(r[c])))], { record_delimiter: '\n' });
  return client.call(`bulk-updating ${records.length} ${sobject} records`, async (conn) => {
    const job = await conn.request<{ id: string }>({
      method: 'POST',
      url: base,
      body: JSON.stringify({ object: sobject, operation: 'update', contentType: 'CSV', lineEnding: 'LF' }),
      headers: { 'Content-Type': 'application/json' },
    });
    await conn.request({
      method: 'PUT',
      url: `${base}/${job.id}/batches`,
      body: csv,
      headers: { 'Content-Type': 'text/csv' },
    });
    await conn.request({
      method: 'PATCH',
      url: `${base}/${job.id}`,
      body: JSON.stringify({ state: 'UploadComplete' }),
      headers: { 'Content-Type': 'application/json' },
    });
    const deadline = Date.now() + (options.timeoutMs ?? 10 * 60_000);
    let wait = options.pollMs ?? 1000;
    for (;;) {
      const info = await conn.request<{ state: string; errorMessage?: string }>(`${base}/${job.id}`);
      if (info.state === 'JobComplete') break;
      if (info.state === 'Failed' || info.state === 'Aborted')
        throw new AppError(
          'SALESFORCE_ERROR',
          `The Bulk API job ${job.id} ended ${info.state}: ${info.errorMessage ?? 'no reason given'}`,
          {
            retryable: true,
          },
        );
      if (Date.now() > deadline)
        throw new AppError('SALESFORCE_UNAVAILABLE', `The Bulk API job ${job.id} did not finish in time`);
      await new Promise((r) => setTimeout(r, wait));
      wait = Math.min(wait * 2, 10_000);
    }
    const ok = (await conn.request<Array<Record<string, string>>>(`${base}/${job.id}/successfulResults`)) ?? [];
    const failed = (await conn.request<Array<Record<string, string>>>(`${base}/${job.id}/failedResults`)) ?? [];
    const byId = new Map<string, BulkRecordResult>();
    for (const r of ok) byId.set(r.sf__Id.slice(0, 15), { id: r.sf__Id, success: true, errors: [] });
    for (const r of failed)
      byId.set(String(r.Id ?? r.sf__Id).slice(0, 15), {
        id: r.Id ?? r.sf__Id,
        success: false,
        errors: [parseSfError(r.sf__Error)],
      });
    return records.map(
      (r) =>
        byId.get(r.Id.slice(0, 15)) ?? {
          id: r.Id,
          success: false,
          errors: [{ statusCode: 'UNPROCESSED', message: 'Salesforce did not process this record', fields: [] }],
        },
    );
  });
}
