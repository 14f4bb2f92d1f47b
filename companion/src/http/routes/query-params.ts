/**
 * Query parameters the routes read. The app hands handlers only the parameters given once as plain
 * text; one given twice (`?a=1&a=2`) or with brackets (`?a[b]=1`) would be silently dropped there,
 * which for a switch like `dryRun` turns a preview into the real thing. These refuse such a value.
 */
import type { Request } from 'express';
import { AppError } from '../../core/app-error.js';

function invalid(name: string, problem: string): AppError {
  return new AppError('VALIDATION_FAILED', `Invalid request: query parameter ${name} ${problem}`, {
    details: { fields: [{ path: name, problem }] },
  });
}

/** The parameter's one text value, undefined when absent; refused when repeated or nested. */
export function queryText(req: Request, name: string): string | undefined {
  const raw = (req.query as Record<string, unknown>)[name];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') throw invalid(name, 'must be given once, as plain text');
  return raw;
}

/** `true` or `false`; anything else is refused. */
export function queryBoolean(req: Request, name: string): boolean | undefined {
  const v = queryText(req, name);
  if (v === undefined) return undefined;
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw invalid(name, `must be true or false (got ${JSON.stringify(v.slice(0, 40))})`);
}

const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/i;

/** An ISO 8601 date-time with a time zone (e.g. 2025-01-31T09:00:00Z), as a Date. */
export function queryTimestamp(req: Request, name: string): Date | undefined {
  const v = queryText(req, name);
  if (v === undefined) return undefined;
  const m = ISO_DATE_TIME.exec(v);
  // Date accepts 2025-02-30 (as 2 March) and 24:00; a calendar date and a clock time are required.
  const real =
    m !== null &&
    new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])).getUTCDate() === +m[3] &&
    +m[2] >= 1 &&
    +m[2] <= 12 &&
    +m[4] <= 23 &&
    +m[5] <= 59 &&
    +(m[6] ?? 0) <= 59;
  const at = real ? new Date(v) : undefined;
  if (!at || Number.isNaN(at.getTime()))
    throw invalid(
      name,
      `must be an ISO 8601 date-time with a time zone, e.g. 2025-01-31T09:00:00Z (got ${JSON.stringify(v.slice(0, 40))}${
        v.includes(' ') ? '; send a + in a query string as %2B' : ''
      })`,
    );
  return at;
}

/**
 * Refuses a query parameter the route does not know. Used where ignoring one is dangerous: a
 * misspelt `?dryrun=true` on a delete must not delete.
 */
export function onlyQuery(req: Request, known: readonly string[]): void {
  for (const name of Object.keys(req.query as Record<string, unknown>))
    if (!known.includes(name))
      throw invalid(name, `is not a parameter of this route (it takes ${known.join(', ') || 'none'})`);
}
