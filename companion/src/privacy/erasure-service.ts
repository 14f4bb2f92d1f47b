/**
 * Data-removal requests: a person by email, or a record by Salesforce id or Rox id. What the
 * companion holds about them is removed in one transaction (erasure-store.ts), reported as counts,
 * and recorded in the connection's events and the log by the kind of request only — never the
 * email or id it named.
 */
import type { Logger } from 'pino';
import { z } from 'zod';
import type { ConnectionService } from '../connections/connection-service.js';
import { type ErasureResult, ErasureStore } from './erasure-store.js';
import type { Db } from '../store/db.js';

const salesforceId = z
  .string()
  .regex(/^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/, 'must be a 15- or 18-character Salesforce id');

export const erasureRequestSchema = z
  .strictObject({
    email: z.email('must be an email address').max(254).optional(),
    salesforceId: salesforceId.optional(),
    roxId: z.string().trim().min(1, 'must not be empty').max(255).optional(),
  })
  .refine((r) => [r.email, r.salesforceId, r.roxId].filter((v) => v !== undefined).length === 1, {
    message: 'name exactly one of email, salesforceId or roxId',
  });
export type ErasureRequest = z.infer<typeof erasureRequestSchema>;

export const erasureResultSchema = z.object({
  by: z.enum(['email', 'salesforceId', 'roxId']),
  complete: z.boolean().describe('false while writebacks about the target are being sent: run the request again'),
  recordsFound: z.number().int(),
  inFlight: z.number().int(),
  counts: z.object({
    syncedRecords: z.number().int(),
    writebacksRedacted: z.number().int(),
    writebacksCancelled: z.number().int(),
    idMappings: z.number().int(),
    resolvedEmails: z.number().int(),
    leadClaims: z.number().int(),
    fieldStates: z.number().int(),
  }),
});
export type ErasureReport = z.infer<typeof erasureResultSchema>;

export class ErasureService {
  private readonly store: ErasureStore;

  constructor(
    db: Db,
    private readonly connections: Pick<ConnectionService, 'get'>,
    private readonly log: Logger,
  ) {
    this.store = new ErasureStore(db);
  }

  async erase(connectionId: string, request: ErasureRequest): Promise<ErasureReport> {
    await this.connections.get(connectionId);
    const by = request.email ? 'email' : request.salesforceId ? 'salesforceId' : 'roxId';
    const target = request.email
      ? { email: request.email.trim().toLowerCase(), salesforceIds: [], roxIds: [] }
      : request.salesforceId
        ? { salesforceIds: [request.salesforceId], roxIds: [] }
        : // Rox ids are stored as given, and activities' lower-cased (activity-planner.ts).
          { salesforceIds: [], roxIds: [...new Set([request.roxId!, request.roxId!.toLowerCase()])] };
    const result = await this.store.erase(connectionId, target, (r) => describe(by, r));
    const report = { by, complete: result.inFlight === 0, ...result } as const;
    this.log.info({ connectionId, by, ...result }, 'data-removal request carried out');
    return report;
  }
}

function describe(by: string, r: ErasureResult): string {
  const c = r.counts;
  return (
    `Data-removal request (by ${by}): ${c.syncedRecords} synced rows emptied, ` +
    `${c.writebacksRedacted + c.writebacksCancelled} writebacks redacted (${c.writebacksCancelled} cancelled), ` +
    `${c.idMappings} id pairs, ${c.resolvedEmails} resolved emails, ${c.leadClaims} lead claims and ` +
    `${c.fieldStates} field values removed` +
    (r.inFlight > 0 ? `; ${r.inFlight} being sent were left: run it again` : '')
  );
}
