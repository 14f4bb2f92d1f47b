/**
 * Routes are declared once, with their zod schemas: the same declaration validates requests,
 * checks responses in tests, and generates /openapi.json and the access table (auth-rules.ts).
 * `auth` says who may call:
 *   none        anyone: health, the OpenAPI document, the OAuth callback (guarded by its one-time state)
 *   admin       an admin key: connections, keys, metrics
 *   connection  an admin key or a key of the connection named by `:id`: its state, mappings, setup
 *               check, sync runs and the writeback ledger. An admin key sees the ledger without the
 *               values written (`adminView`).
 *   data        only a key of the connection named by `:id`: its synced records and new writebacks
 *   session     only a signed-in admin console (its `rox_console` cookie): the console's own session
 * A console session (cookie, no Authorization header) is its admin key everywhere else: what an
 * admin key may call, it may; changes also need the session's X-CSRF-Token.
 */
import type { Request, Response } from 'express';
import { z } from 'zod';
import { AppError } from '../core/app-error.js';
import type { LiveSession } from './console/console-sessions.js';

export type AuthLevel = 'none' | 'admin' | 'connection' | 'data' | 'session';

export interface AuthContext {
  keyId: string;
  scope: 'admin' | 'connection';
  connectionId: string | null;
  /** Set when the request was authenticated by a console session cookie. */
  console?: LiveSession;
}

export interface RouteContext<B> {
  req: Request;
  res: Response;
  auth: AuthContext | undefined;
  body: B;
  params: Record<string, string>;
  query: Record<string, string>;
}

export interface RouteResult {
  status: number;
  body?: unknown;
  /** Send HTML instead of JSON (the OAuth callback page). */
  html?: string;
}

export interface RouteSpec<B = unknown> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  summary: string;
  tag: string;
  auth: AuthLevel;
  body?: z.ZodType<B>;
  /** The body may be left out (the handler then gets undefined). */
  bodyOptional?: boolean;
  /** Normalises the parsed JSON before the schema sees it (e.g. PUT taking what GET returns). */
  unwrapBody?: (raw: unknown) => unknown;
  responses: Record<number, { description: string; schema?: z.ZodType }>;
  /** What an admin key sees of a `connection` route's answer (no record values); default all of it. */
  adminView?: (body: unknown) => unknown;
  handler(ctx: RouteContext<B>): Promise<RouteResult>;
}

/** Whether a request path is one of a route's (`:name` matches one segment). */
export function pathMatches(pattern: string, path: string): boolean {
  return new RegExp(`^${pattern.replace(/:[A-Za-z]+/g, '[^/]+')}/?$`).test(path);
}

export function defineRoute<B>(spec: RouteSpec<B>): RouteSpec<B> {
  return spec;
}

/** Turns zod issues into one message a person can act on, naming each field. */
export function describeIssues(issues: z.core.$ZodIssue[]): {
  message: string;
  fields: Array<{ path: string; problem: string }>;
} {
  const fields = issues.flatMap((i) => {
    const path = i.path.map(String).join('.') || '(body)';
    if (i.code === 'unrecognized_keys')
      return i.keys.map((k) => ({
        path: [path === '(body)' ? '' : path, k].filter(Boolean).join('.'),
        problem: 'is not a known field',
      }));
    return [{ path, problem: i.message }];
  });
  return { message: `Invalid request: ${fields.map((f) => `${f.path} ${f.problem}`).join('; ')}`, fields };
}

export function parseBody<B>(schema: z.ZodType<B> | undefined, raw: unknown): B {
  if (!schema) return undefined as B;
  const r = schema.safeParse(raw);
  if (!r.success) {
    const d = describeIssues(r.error.issues);
    throw new AppError('VALIDATION_FAILED', d.message, { details: { fields: d.fields } });
  }
  return r.data;
}

export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.string().describe('Stable machine-readable code, e.g. VALIDATION_FAILED'),
      message: z.string().describe('What went wrong and how to fix it'),
      retryable: z.boolean().describe('Whether the same request may succeed later'),
      details: z.unknown().optional(),
    }),
  })
  .describe('Every error answer');
