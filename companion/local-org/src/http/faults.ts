/**
 * Fault injection, deterministic from a seed. A fault targets requests by route kind, HTTP method
 * and object, fires a number of times (`count`) or for a fraction of matching requests, and
 * produces what a real org (or the network in front of it) does:
 *   session-expired   401 INVALID_SESSION_ID (and, by default, really expires the presented token)
 *   refresh-revoked   token endpoint answers invalid_grant "expired access/refresh token"
 *   request-limit     403 REQUEST_LIMIT_EXCEEDED
 *   lock-row          UNABLE_TO_LOCK_ROW: per record in Collections (statusCode), whole request otherwise
 *   unavailable-html  503 with an HTML body and content-type exactly `text/html`
 *   latency           adds `latencyMs` before the request is handled
 *   drop-connection   destroys the socket without an answer: before the request is handled, or
 *                     (`phase: 'after'`) once it was handled and committed, so the client never
 *                     learns that its write happened (a response lost on the way back)
 *   approval-error    /services/oauth2/authorize sends the browser back to the callback with
 *                     `error=<oauthError>` (default OAUTH_APPROVAL_ERROR_GENERIC, what an org
 *                     answers when the connected app is blocked or not installed) instead of a code;
 *                     that Salesforce redirects this error to the callback is UNCONFIRMED
 */
import { z } from 'zod';
import { SeededRandom } from '../core/random.js';

export const FAULT_KINDS = [
  'session-expired',
  'refresh-revoked',
  'request-limit',
  'lock-row',
  'unavailable-html',
  'latency',
  'drop-connection',
  'approval-error',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const faultSpecSchema = z.object({
  kind: z.enum(FAULT_KINDS).describe('What the fault does'),
  route: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .describe("Route kind(s), e.g. 'query', 'composite/sobjects', 'sobject', 'oauth/token'"),
  method: z.string().optional().describe('HTTP method to match (any when absent)'),
  object: z.string().optional().describe('sObject API name to match (any when absent)'),
  count: z
    .number()
    .int()
    .positive()
    .optional()
    .describe('Fire this many times, then retire (default 1 unless fraction is set)'),
  fraction: z.number().min(0).max(1).optional().describe('Fire for this fraction of matching requests (seeded)'),
  latencyMs: z.number().int().nonnegative().optional().describe('Delay for latency faults'),
  recordIds: z.array(z.string()).optional().describe('lock-row: only these record Ids (15 or 18 chars)'),
  expireToken: z
    .boolean()
    .optional()
    .describe('session-expired: also expire the presented access token (default true)'),
  oauthError: z
    .string()
    .regex(/^[A-Za-z_]{1,80}$/)
    .optional()
    .describe('approval-error: the OAuth error code sent to the callback (default OAUTH_APPROVAL_ERROR_GENERIC)'),
  phase: z
    .enum(['before', 'after'])
    .optional()
    .describe('drop-connection: drop before the request is handled (default) or after it was handled and committed'),
});
export type FaultSpec = z.infer<typeof faultSpecSchema>;

export interface ActiveFault extends FaultSpec {
  id: number;
  fired: number;
}

export interface FaultTarget {
  route: string;
  method: string;
  object?: string;
}

export class FaultInjector {
  private faults: ActiveFault[] = [];
  private nextId = 1;
  private rng: SeededRandom;

  constructor(private readonly seed: number) {
    this.rng = new SeededRandom(seed);
  }

  add(spec: FaultSpec): ActiveFault {
    const fault: ActiveFault = { ...faultSpecSchema.parse(spec), id: this.nextId++, fired: 0 };
    this.faults.push(fault);
    return fault;
  }

  clear(): void {
    this.faults = [];
    this.rng = new SeededRandom(this.seed);
  }

  remove(id: number): void {
    this.faults = this.faults.filter((f) => f.id !== id);
  }

  list(): ActiveFault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  private matches(f: ActiveFault, t: FaultTarget): boolean {
    if (f.route !== undefined) {
      const routes = Array.isArray(f.route) ? f.route : [f.route];
      if (!routes.includes(t.route)) return false;
    }
    if (f.method && f.method.toUpperCase() !== t.method.toUpperCase()) return false;
    if (f.object && f.object.toLowerCase() !== (t.object ?? '').toLowerCase()) return false;
    return true;
  }

  private fire(f: ActiveFault): boolean {
    const limit = f.count ?? (f.fraction !== undefined ? Infinity : 1);
    if (f.fired >= limit) return false;
    if (f.fraction !== undefined && this.rng.next() >= f.fraction) return false;
    f.fired++;
    return true;
  }

  /** The request-level faults of these kinds that fire for this request (each consumes one firing). */
  take(kinds: readonly FaultKind[], t: FaultTarget): ActiveFault[] {
    return [...this.firing(kinds, t)];
  }

  /**
   * The first request-level fault of these kinds that fires for this request, for kinds of which only one can act
   * (a request is dropped, or answered with an error, once): the faults after it keep their firings for later
   * requests rather than being counted as fired without effect.
   */
  takeOne(kinds: readonly FaultKind[], t: FaultTarget): ActiveFault | undefined {
    return this.firing(kinds, t).next().value ?? undefined;
  }

  /** Lazily, so a caller that stops early consumes no further firings. */
  private *firing(kinds: readonly FaultKind[], t: FaultTarget): Generator<ActiveFault> {
    for (const f of this.faults) {
      if (!kinds.includes(f.kind) || !this.matches(f, t)) continue;
      if (f.kind === 'lock-row' && f.recordIds) continue;
      if (this.fire(f)) yield f;
    }
  }

  /** Per-record lock faults (Collections and single-record DML): true when this record is locked. */
  lockRecord(t: FaultTarget, recordId: string | null): boolean {
    for (const f of this.faults) {
      if (f.kind !== 'lock-row' || !this.matches(f, t)) continue;
      if (f.recordIds && !(recordId && f.recordIds.some((r) => r.slice(0, 15) === recordId.slice(0, 15)))) continue;
      if (this.fire(f)) return true;
    }
    return false;
  }

  /** True when some lock-row fault could apply per record to this request (Collections handle it per record). */
  hasLockFaults(t: FaultTarget): boolean {
    return this.faults.some((f) => f.kind === 'lock-row' && this.matches(f, t));
  }
}
