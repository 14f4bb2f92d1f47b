/**
 * `rox sync <connection>`: runs a sync through the API and shows it while it runs, from the
 * companion's own count of rows read (GET …/sync?view=running): a bar per object on a terminal
 * (cli-progress), one line per change otherwise (logs, CI). Ends with a table per object.
 */
import { AppError } from '../core/app-error.js';
import type { ApiClient } from './api-client.js';
import type { Io } from './context.js';
import { table } from './format.js';

interface Running {
  object: string;
  rows: number;
  startedAt: string;
}

export async function runSync(
  api: ApiClient,
  id: string,
  io: Io,
  json: boolean,
  pollMs = 500,
): Promise<Array<Record<string, any>>> {
  const { default: cliProgress } = await import('cli-progress');
  const bar =
    io.isTTY && !json
      ? new cliProgress.SingleBar(
          {
            format: ' {object} | {value} rows | {rate} rows/s | {duration_formatted}',
            hideCursor: true,
            clearOnComplete: false,
            stream: process.stderr,
          },
          cliProgress.Presets.shades_classic,
        )
      : undefined;
  let shown = { object: '', rows: -1 };
  let objectStart = { object: '', at: Date.now(), rows: 0 };
  const show = (r: Running) => {
    if (r.object !== objectStart.object) objectStart = { object: r.object, at: Date.now(), rows: r.rows };
    if (r.object === shown.object && r.rows === shown.rows) return;
    shown = { object: r.object, rows: r.rows };
    const seconds = Math.max(0.001, (Date.now() - objectStart.at) / 1000);
    const rate = Math.round((r.rows - objectStart.rows) / seconds);
    if (bar) {
      if (!bar.isActive) bar.start(0, 0, { object: r.object, rate });
      bar.setTotal(r.rows);
      bar.update(r.rows, { object: r.object, rate: rate.toLocaleString('en-US') });
    } else if (!json)
      io.note(`${r.object}: ${r.rows.toLocaleString('en-US')} rows (${rate.toLocaleString('en-US')} rows/s)`);
  };

  let done = false;
  const run = api.call<{ objects: Array<Record<string, any>> }>('POST', `/v1/connections/${id}/sync`).finally(() => {
    done = true;
  });
  while (!done) {
    await Promise.race([run.catch(() => undefined), new Promise((r) => setTimeout(r, pollMs))]);
    if (done) break;
    const status = await api
      .call<{ running: Running | null }>('GET', `/v1/connections/${id}/sync?view=running`)
      .catch(() => undefined);
    if (status?.running?.object) show(status.running);
  }
  bar?.stop();
  let results;
  try {
    results = (await run).objects;
  } catch (e) {
    if (e instanceof AppError && e.code === 'CONFLICT') io.note(e.message);
    throw e;
  }
  if (!json)
    io.print(
      table(
        results.map((r) => ({
          object: r.sobject,
          rows: r.rows,
          apiCalls: r.calls,
          deletesFound: r.tombstoned ?? 0,
          problem:
            r.error ??
            r.warning ??
            (r.throttledMs ? `slowed ${Math.round(r.throttledMs / 1000)} s near the API budget` : ''),
        })),
      ),
    );
  return results;
}
