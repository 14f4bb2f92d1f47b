/** Writing answers exactly as Salesforce does: JSON with `application/json;charset=UTF-8`, errors as arrays. */
import type { Response } from 'express';
import type { OrgError } from '../core/errors.js';

export const SF_JSON = 'application/json;charset=UTF-8';

export function sendJson(res: Response, status: number, body: unknown, headers: Record<string, string> = {}): void {
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.status(status);
  if (status === 204 || body === undefined) {
    res.end();
    return;
  }
  res.setHeader('Content-Type', SF_JSON);
  res.end(JSON.stringify(body));
}

/** Bulk API 2.0 result files: `text/csv` (what jsforce keys its CSV parsing on). */
export function sendCsv(res: Response, status: number, csv: string, headers: Record<string, string> = {}): void {
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.status(status);
  res.setHeader('Content-Type', 'text/csv');
  res.end(csv);
}

export function sendRestError(res: Response, err: OrgError, headers: Record<string, string> = {}): void {
  res.locals.errorCode = err.errorCode;
  sendJson(res, err.httpStatus, [err.toRest()], headers);
}

/** A 503 as an overloaded or maintenance edge answers it: an HTML page, content-type exactly `text/html`. */
export function sendHtml503(res: Response): void {
  res.locals.errorCode = 'SERVER_UNAVAILABLE';
  res.status(503);
  res.setHeader('Content-Type', 'text/html');
  res.end(
    '<html><head><title>Service Unavailable</title></head><body><h1>Service Unavailable</h1><p>The server is temporarily unable to service your request due to maintenance downtime or capacity problems. Please try again later.</p></body></html>',
  );
}
