/**
 * Bulk API 2.0 query, paged by hand: jsforce 3.10.16's bulk2.query hangs on a result of more than
 * one page (toolchain notes), so this creates the job (or takes up an existing one), polls it, and
 * reads each page of CSV with its `Sforce-Locator` until the literal `null`. Each page is parsed
 * as it streams in and handed out in batches, so memory stays a few batches however large a page
 * is; the last batch of a page carries the locator of the next one, so a reader can checkpoint
 * after it and resume from there.
 */
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { parse } from 'csv-parse';
import { AppError } from '../core/app-error.js';
import type { SalesforceClient } from './sf-client.js';

export interface BulkBatch {
  jobId: string;
  rows: Array<Record<string, string>>;
  /** Set on a page's last batch: where the next page starts (the string `null` after the last page). */
  nextLocator?: string;
  /** API calls made since the previous batch (create, polls, page reads). */
  calls: number;
}

export interface BulkQueryOptions {
  operation?: 'query' | 'queryAll';
  /** Rows per page (Salesforce's `maxRecords`); a page is read as one call. */
  maxRecords?: number;
  /** Rows per batch handed to the reader. */
  batchSize?: number;
  pollMs?: number;
  /** Takes up a job created earlier, from a page's locator ('' = the first page). */
  resume?: { jobId: string; locator: string };
  /** Awaited before each page is read (the caller's API budget). */
  beforeCall?: () => Promise<void>;
}

export async function* bulkQueryBatches(
  client: SalesforceClient,
  soql: string,
  options: BulkQueryOptions = {},
): AsyncGenerator<BulkBatch> {
  const base = `/services/data/v${client.conn.version}/jobs/query`;
  let calls = 0;
  let jobId = options.resume?.jobId;
  let locator: string | null = options.resume?.locator ?? '';
  let state = '';
  if (jobId) {
    calls++;
    // A job Salesforce no longer has (404 after it expired) or that failed is started again from
    // the beginning; a limit, an outage or a lost login is reported and the checkpoint kept.
    state = await jobState(client, base, jobId).catch((e: unknown) => {
      if (e instanceof AppError && e.code === 'SALESFORCE_ERROR') return 'Gone';
      throw e;
    });
    if (state === 'Gone') {
      jobId = undefined;
      locator = '';
    }
  }
  if (!jobId) {
    const job = await client.call('creating a Bulk API query job', (conn) =>
      conn.request<{ id: string }>({
        method: 'POST',
        url: base,
        body: JSON.stringify({ operation: options.operation ?? 'queryAll', query: soql }),
        headers: { 'Content-Type': 'application/json' },
      }),
    );
    calls++;
    jobId = job.id;
  }
  let wait = options.pollMs ?? 1000;
  while (state !== 'JobComplete') {
    if (state) {
      await new Promise((r) => setTimeout(r, wait));
      wait = Math.min(wait * 2, 10_000);
    }
    state = await jobState(client, base, jobId);
    calls++;
  }
  const batchSize = options.batchSize ?? 2000;
  const pageUrl = (at: string) => {
    const qs = new URLSearchParams();
    if (at) qs.set('locator', at);
    if (options.maxRecords) qs.set('maxRecords', String(options.maxRecords));
    return `${client.conn.instanceUrl}${base}/${jobId}/results${qs.size ? `?${qs}` : ''}`;
  };
  const request = async (at: string) => {
    await options.beforeCall?.();
    return readPage(client, pageUrl(at));
  };
  // The next page is requested as soon as this one's locator is known, so Salesforce prepares it
  // while this one is parsed and saved (its body waits in the socket: memory stays bounded).
  let pending: Promise<Response> | undefined = locator === 'null' ? undefined : request(locator);
  try {
    while (pending) {
      const res: Response = await pending;
      pending = undefined;
      calls++;
      const next = res.headers.get('sforce-locator');
      if (next === null) {
        await res.body?.cancel();
        throw new AppError('SALESFORCE_ERROR', 'Bulk API query results came without Sforce-Locator');
      }
      if (next !== 'null') {
        pending = request(next);
        pending.catch(() => undefined); // surfaces when awaited
      }
      const source = res.body
        ? Readable.fromWeb(res.body as unknown as WebReadableStream<Uint8Array>)
        : Readable.from([]);
      const parser = parse({ columns: true });
      source.on('error', (e) => parser.destroy(e));
      source.pipe(parser);
      try {
        let rows: Array<Record<string, string>> = [];
        for await (const row of parser as AsyncIterable<Record<string, string>>) {
          rows.push(row);
          if (rows.length === batchSize) {
            yield { jobId, rows, calls };
            calls = 0;
            rows = [];
          }
        }
        yield { jobId, rows, nextLocator: next, calls };
        calls = 0;
      } finally {
        source.destroy();
        parser.destroy();
      }
    }
  } finally {
    // Stopped early: the page requested ahead is not read.
    if (pending)
      void pending.then(
        (r) => r.body?.cancel(),
        () => undefined,
      );
  }
}

async function jobState(client: SalesforceClient, base: string, jobId: string): Promise<string> {
  const info = await client.call('polling a Bulk API query job', (conn) =>
    conn.request<{ state: string; errorMessage?: string }>(`${base}/${jobId}`),
  );
  if (info.state === 'Failed' || info.state === 'Aborted')
    throw new AppError(
      'SALESFORCE_ERROR',
      `The Bulk API query job ${jobId} ended ${info.state}: ${info.errorMessage ?? ''}`,
    );
  return info.state;
}

async function readPage(client: SalesforceClient, url: string): Promise<Response> {
  const get = () => fetch(url, { headers: { Authorization: `Bearer ${client.conn.accessToken}`, Accept: 'text/csv' } });
  let res = await get();
  if (res.status === 401) {
    await res.body?.cancel();
    await client.refresh();
    res = await get();
  }
  if (!res.ok)
    throw new AppError(
      'SALESFORCE_ERROR',
      `Reading Bulk API query results failed with HTTP ${res.status}: ${(await res.text()).slice(0, 200)}`,
    );
  return res;
}
