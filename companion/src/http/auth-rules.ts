/**
 * Who may call what: one table, generated from the route declarations (route × kind of caller →
 * the answer). The README's access table is this table, and a test sends every route a request
 * from every kind of caller and checks the answer against it.
 */
import type { AuthLevel, RouteSpec } from './route-spec.js';

/** The kinds of caller the table (and the test) distinguish. */
export const CALLERS = [
  'no key',
  'wrong key',
  'revoked key',
  'admin key',
  "this connection's key",
  "another connection's key",
  'signed key, no signature',
  'signed key, bad signature',
  'signed key, old signature',
  'signed key, replayed signature',
  'console session',
] as const;
export type Caller = (typeof CALLERS)[number];

export type Answer =
  | 'allowed'
  | 'allowed, without values'
  | '401 UNAUTHENTICATED'
  | '401 SIGNATURE_INVALID'
  | '401 SIGNATURE_REPLAYED'
  | '403 FORBIDDEN';

/**
 * The answer a caller gets from a route at `level` (a signed key is a key of this connection; the
 * console session is an admin key's, with its CSRF token, and no Authorization header).
 */
export function answer(level: AuthLevel, caller: Caller, hasAdminView = false): Answer {
  if (level === 'none') return 'allowed';
  if (level === 'session') return caller === 'console session' ? 'allowed' : '401 UNAUTHENTICATED';
  switch (caller) {
    case 'no key':
    case 'wrong key':
    case 'revoked key':
      return '401 UNAUTHENTICATED';
    case 'signed key, no signature':
    case 'signed key, bad signature':
    case 'signed key, old signature':
      return '401 SIGNATURE_INVALID';
    case 'signed key, replayed signature':
      return '401 SIGNATURE_REPLAYED';
    case 'admin key':
    case 'console session':
      if (level === 'data') return '403 FORBIDDEN';
      return level === 'connection' && hasAdminView ? 'allowed, without values' : 'allowed';
    case "this connection's key":
      return level === 'admin' ? '403 FORBIDDEN' : 'allowed';
    case "another connection's key":
      return '403 FORBIDDEN';
  }
}

export interface AccessRow {
  method: string;
  path: string;
  level: AuthLevel;
  admin: Answer;
  own: Answer;
  other: Answer;
  console: Answer;
}

export function accessTable(routes: Array<RouteSpec<any>>): AccessRow[] {
  return routes.map((r) => ({
    method: r.method.toUpperCase(),
    path: r.path,
    level: r.auth,
    admin: answer(r.auth, 'admin key', !!r.adminView),
    own: answer(r.auth, "this connection's key", !!r.adminView),
    other: answer(r.auth, "another connection's key", !!r.adminView),
    console: answer(r.auth, 'console session', !!r.adminView),
  }));
}

/** The README's access table (Markdown). */
export function accessTableMarkdown(routes: Array<RouteSpec<any>>): string {
  const short = (a: Answer) => (a === 'allowed' ? 'yes' : a === 'allowed, without values' ? 'yes, no values' : 'no');
  const cell = (r: AccessRow, a: Answer) => (r.level === 'none' ? 'anyone' : short(a));
  const rows = accessTable(routes).map(
    (r) => `| \`${r.method} ${r.path}\` | ${cell(r, r.admin)} | ${cell(r, r.own)} | ${cell(r, r.console)} |`,
  );
  return [
    '| Route | Admin key | This connection’s key | Console session |',
    '| --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}
