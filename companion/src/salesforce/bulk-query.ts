/**
 * Bulk API 2.0 query, paged by hand: jsforce 3.10.16's bulk2.query hangs on a result of more than
 * one page (toolchain notes), so this creates the job, polls it, and reads each page of CSV with
 * its `Sforce-Locator` until the literal `null`, handing every page to the caller before reading
 * the next (memory stays one page).
 */
import { parse } from 'csv-parse/sync';
import { AppError } from '../core/app-error.js';
import type { SalesforceClient } from './sf-client.js';

export async function bulkQueryPages(
  client: SalesforceClient,
  soql: string,
  onPage: (rows: Array<Record<string, string>>) => Promise<void>,
  options: { operation?: 'query' | 'queryAll'; maxRecords?: number; pollMs?: number } = {},
): Promise<{ calls: number; rows: number }> {
  const base = `/services/data/v${client.conn.version}/jobs/query`;
  let calls = 0;
  let rows = 0;
  const job = await client.call('creating a Bulk API query job', (conn) =>
    conn.request<{ id: string }>({
      method: 'POST',
      url: base,
      body: JSON.stringify({ operation: options.operation ?? 'queryAll', query: soql }),
      headers: { 'Content-Type': 'application/json' },
    }),
  );
  calls++;
  let wait = options.pollMs ?? 1000;
  for (;;) {
    const info = await client.call('polling a Bulk API query job', (conn) =>
      conn.request<{ state: string; errorMessage?: string }>(`${base}/${job.id}`),
    );
    calls++;
    if (info.state === 'JobComplete') break;
    if (info.state === 'Failed' || info.state === 'Aborted')
      throw new AppError(
        'SALESFORCE_ERROR',
        `The Bulk API query job ${job.id} ended ${info.state}: ${info.errorMessage ?? ''}`,
      );
    await new Promise((r) => setTimeout(r, wait));
    wait = Math.min(wait * 2, 10_000);
  }
  let locator: string | null = '';
  while (locator !== 'null') {
    const qs = new URLSearchParams();
    if (locator) qs.set('locator', locator);
    if (options.maxRecords) qs.set('maxRecords', String(options.maxRecords));
    const url = `${client.conn.instanceUrl}${base}/${job.id}/results${qs.size ? `?${qs}` : ''}`;
    let res = await fetch(url, { headers: { Authorization: `Bearer ${client.conn.accessToken}`, Accept: 'text/csv' } });
    if (res.status === 401) {
      await client.refresh();
      res = await fetch(url, { headers: { Authorization: `Bearer ${client.conn.accessToken}`, Accept: 'text/csv' } });
    }
    calls++;
    if (!res.ok)
      throw new AppError(
        'SALESFORCE_ERROR',
        `Reading Bulk API query results failed with HTTP ${res.status}: ${(await res.text()).slice(0, 200)}`,
      );
    locator = res.headers.get('sforce-locator');
    if (locator === null) throw new AppError('SALESFORCE_ERROR', 'Bulk API query results came without Sforce-Locator');
    const page = parse(await res.text(), { columns: true }) as Array<Record<string, string>>;
    rows += page.length;
    await onPage(page);
  }
  return { calls, rows };
}
