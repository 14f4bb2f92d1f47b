/**
 * The local org's REST routes are plain functions from a RestCall to a RestResult, so the same
 * route serves an HTTP request and a Composite subrequest.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { AccessTokenInfo } from '../auth/token-service.js';
import type { CallContext } from '../dml/dml-service.js';
import type { LocalOrg } from '../org.js';
import type { UserAccess } from '../security/user-access.js';
import { parseJsonBody } from './json-body.js';

export interface RestCall {
  org: LocalOrg;
  method: string;
  /** Path after `/services/data/vXX.X`, without a trailing slash ('' for the version root). */
  path: string;
  apiVersion: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  rawBody: string;
  session: AccessTokenInfo;
  access: UserAccess;
  ctx: CallContext;
  /** Route kind, for usage and faults. */
  kind: string;
  inComposite: boolean;
}

export interface RestResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** A CSV answer (Bulk API 2.0 results), sent as `text/csv` instead of JSON. */
  csv?: string;
}

export interface RouteDef {
  methods: string[];
  pattern: RegExp;
  kind: string;
  /** sObject the request is about (fault targeting), from the match. */
  object?: (m: RegExpMatchArray) => string | undefined;
  handle(call: RestCall, m: RegExpMatchArray): RestResult;
}

/** The request body parsed as JSON (JSON_PARSER_ERROR when malformed or missing). */
export function jsonBody(call: RestCall): unknown {
  return parseJsonBody(call.rawBody);
}

export function ok(body: unknown, status = 200, headers?: Record<string, string>): RestResult {
  return { status, body, headers };
}

export function noContent(): RestResult {
  return { status: 204 };
}

export function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
