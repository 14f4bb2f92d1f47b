/**
 * Intake: checks each item against the connection's CRM mappings, and either queues it durably
 * (one transaction, answered 202) or reports it rejected with the reason per field; a dry run
 * answers what would be written without queueing. The ledger reads and replays go through here.
 */
import { outcomeWithoutValues } from '../store/redact.js';
import type { ConnectionService } from '../connections/connection-service.js';
import { AppError } from '../core/app-error.js';
import { type CrmMappings, defaultCrmMappings } from '../mappings/index.js';
import type { IdMappingStore } from '../store/id-mapping-store.js';
import type { MappingStore } from '../store/mapping-store.js';
import type { NewWriteback, WritebackRow, WritebackState, WritebackStore } from '../store/writeback-store.js';
import { planRecord } from './records/record-plan.js';
import type { RecordCreate, RecordUpdate } from './writeback-schema.js';

export interface ItemPlanner {
  /** Plans an item of another type (activities); undefined when it does not handle the type. */
  plan(item: { type: string }, mappings: CrmMappings, connectionId: string): Promise<NewWriteback | undefined>;
  /** What a dry run shows for it. */
  preview?(
    item: { type: string },
    mappings: CrmMappings,
    connectionId: string,
  ): Promise<Record<string, unknown> | undefined>;
}

export interface SubmitBody {
  dryRun?: boolean;
  items: Array<RecordUpdate | RecordCreate | ({ type: string } & Record<string, unknown>)>;
}

export function publicRow(r: WritebackRow) {
  return {
    id: r.id,
    requestId: r.requestId,
    kind: r.kind,
    object: r.sobject,
    roxId: r.roxId,
    state: r.state,
    salesforceId: r.salesforceId,
    changedAt: r.changedAt,
    attempts: r.attempts,
    nextAttemptAt: r.state === 'queued' ? r.nextAttemptAt : null,
    outcome: r.outcome,
    history: r.history,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

/**
 * The ledger as an admin key sees it: states, errors and history, with the field names written but
 * not their values (an admin key reads no record data).
 */
export function withoutValues(row: ReturnType<typeof publicRow>): ReturnType<typeof publicRow> {
  return { ...row, outcome: outcomeWithoutValues(row.outcome) as typeof row.outcome };
}

export class WritebackService {
  constructor(
    private readonly connections: ConnectionService,
    private readonly mappingStore: MappingStore,
    private readonly outbox: WritebackStore,
    private readonly ids: IdMappingStore,
    private readonly planners: ItemPlanner[] = [],
  ) {}

  private async mappings(connectionId: string): Promise<CrmMappings> {
    return (await this.mappingStore.get<CrmMappings>(connectionId))?.config ?? defaultCrmMappings();
  }

  private async planItem(
    item: SubmitBody['items'][number],
    m: CrmMappings,
    connectionId: string,
  ): Promise<NewWriteback> {
    if (item.type === 'update' || item.type === 'create') {
      const rec = item as RecordUpdate | RecordCreate;
      const plan = planRecord(rec, m);
      const payload = {
        fields: plan.fields,
        changedFields: plan.changedFields,
        staticFields: plan.staticFields,
        salesforceId: rec.type === 'update' ? rec.salesforceId : undefined,
        rejected: plan.rejected,
      };
      const nothing =
        rec.type === 'update'
          ? plan.changedFields.length === 0
          : plan.rejected.some((r) => r.code === 'NEW_RECORDS_OFF');
      return {
        kind: rec.type,
        sobject: plan.sobject,
        roxId: rec.roxId,
        changedAt: rec.changedAt,
        payload,
        idempotencyKey: rec.idempotencyKey,
        state: nothing ? 'rejected' : 'queued',
        outcome: nothing
          ? { rejected: plan.rejected, reason: 'nothing in this change may be written to Salesforce' }
          : undefined,
      };
    }
    for (const p of this.planners) {
      const planned = await p.plan(item, m, connectionId);
      if (planned) return planned;
    }
    throw new AppError('VALIDATION_FAILED', `Unknown writeback type "${item.type}"`);
  }

  async submit(connectionId: string, body: SubmitBody) {
    await this.connections.get(connectionId);
    const m = await this.mappings(connectionId);
    const planned = [];
    for (const item of body.items) planned.push(await this.planItem(item, m, connectionId));
    if (body.dryRun) {
      const items = [];
      for (let i = 0; i < planned.length; i++) {
        const p = planned[i];
        const extra = (await Promise.all(this.planners.map((pl) => pl.preview?.(body.items[i], m, connectionId)))).find(
          Boolean,
        );
        const known =
          p.kind === 'update' ? (await this.ids.lookup(connectionId, p.sobject, [p.roxId])).get(p.roxId) : undefined;
        items.push({
          kind: p.kind,
          object: p.sobject,
          roxId: p.roxId,
          wouldQueue: p.state !== 'rejected',
          salesforceId: (p.payload.salesforceId as string | undefined) ?? known ?? null,
          fields: p.payload.fields,
          rejected: p.payload.rejected,
          ...(extra ?? {}),
        });
      }
      return { status: 200, body: { dryRun: true, items } };
    }
    const { requestId, rows } = await this.outbox.enqueue(connectionId, planned);
    return {
      status: 202,
      body: {
        requestId,
        items: rows.map((r) => ({
          id: r.id,
          state: r.state,
          object: r.sobject,
          roxId: r.roxId,
          rejected: (r.payload as { rejected?: unknown[] }).rejected ?? [],
        })),
      },
    };
  }

  async list(
    connectionId: string,
    q: {
      state?: WritebackState;
      requestId?: string;
      sobject?: string;
      since?: Date;
      until?: Date;
      after?: number;
      limit?: number;
    },
  ) {
    await this.connections.get(connectionId);
    const limit = Math.min(Math.max(q.limit ?? 100, 1), 1000);
    const rows = await this.outbox.list(connectionId, {
      state: q.state,
      requestId: q.requestId,
      sobject: q.sobject,
      since: q.since,
      until: q.until,
      afterSeq: q.after,
      limit,
    });
    return {
      counts: await this.outbox.counts(connectionId),
      items: rows.map(publicRow),
      next: rows.length === limit ? rows[rows.length - 1].seq : null,
    };
  }

  async get(connectionId: string, id: string) {
    const r = await this.outbox.get(connectionId, id);
    if (!r) throw new AppError('NOT_FOUND', `No writeback ${id} for this connection`);
    return publicRow(r);
  }

  async replay(connectionId: string, id: string) {
    const r = await this.outbox.replay(connectionId, id);
    if (!r) {
      const existing = await this.outbox.get(connectionId, id);
      if (!existing) throw new AppError('NOT_FOUND', `No writeback ${id} for this connection`);
      if ((existing.payload as { redacted?: boolean }).redacted)
        throw new AppError(
          'CONFLICT',
          'This writeback is older than WRITEBACK_RETENTION_DAYS: its values were removed, so it cannot be sent again; send the change again instead',
        );
      throw new AppError('CONFLICT', `Only failed writebacks can be replayed; this one is ${existing.state}`);
    }
    return publicRow(r);
  }
}
