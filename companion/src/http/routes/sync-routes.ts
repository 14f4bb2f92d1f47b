/** Sync: run now, status per object, and the read API over synced records (tombstones included). */
import { z } from 'zod';
import { AppError } from '../../core/app-error.js';
import type { IdMappingStore } from '../../store/id-mapping-store.js';
import type { SyncStore } from '../../store/sync-store.js';
import type { SyncService } from '../../sync/sync-service.js';
import { defineRoute, type RouteSpec } from '../route-spec.js';

const recordSchema = z.object({
  id: z.string(),
  seq: z.number().describe('Change sequence: pass the last one as `after` to get later changes'),
  systemModstamp: z.string(),
  isDeleted: z.boolean().describe('A tombstone: the record was deleted in Salesforce'),
  ownChange: z
    .boolean()
    .optional()
    .describe("The latest change is the companion's own writeback (skip re-importing it)"),
  data: z.record(z.string(), z.unknown()),
});

const runningSchema = z
  .object({
    object: z.string().describe('The object being synced now (empty while the run starts)'),
    rows: z.number().describe('Rows saved so far in this run for that object'),
    startedAt: z.string(),
  })
  .nullable()
  .describe('The run in progress on this instance, or null');

const objectStatusSchema = z.object({
  object: z.string().describe('Salesforce object, e.g. Account'),
  lastRunAt: z.string().nullable().describe('When this object was last synced (null: never)'),
  lastSuccessAt: z.string().nullable(),
  lagSeconds: z
    .number()
    .nullable()
    .describe("How far behind Salesforce: seconds since the cursor's SystemModstamp (null: never synced)"),
  rows: z.number().describe('Synced rows held (tombstones excluded)'),
  deleted: z.number().describe('Tombstones held'),
  apiCalls: z.number().describe('API calls spent syncing this object, all runs together'),
  error: z.string().nullable().describe('Why the last run failed, in words (null: it did not)'),
  fields: z.array(z.string()).describe('Fields synced at the last run'),
  intervalSeconds: z
    .number()
    .describe("How often the object is synced (its tab's schedule, else SYNC_INTERVAL_SECONDS)"),
  backfill: z
    .object({ bulkJobId: z.string(), resumesAtPage: z.string() })
    .nullable()
    .describe('A Bulk backfill that stopped part way: the next run resumes it here'),
  deletesCheckedUntil: z.string().nullable().describe('getDeleted has been read up to here'),
});

const syncStatusSchema = z.union([
  z.object({ running: runningSchema, objects: z.array(objectStatusSchema) }).describe('Status of every synced object'),
  z.object({ running: runningSchema }).strict().describe('?view=running: only the run in progress'),
]);

function intParam(v: string | undefined, name: string, def: number): number {
  if (v === undefined) return def;
  if (!/^\d{1,15}$/.test(v)) throw new AppError('VALIDATION_FAILED', `${name} must be a non-negative integer`);
  return Number(v);
}

export function syncRoutes(sync: SyncService, store: SyncStore, ids: IdMappingStore): Array<RouteSpec<any>> {
  return [
    defineRoute({
      method: 'post',
      path: '/v1/connections/:id/sync',
      summary: 'Run the sync of every enabled object now and report rows, API calls and problems per object',
      tag: 'sync',
      auth: 'connection',
      responses: {
        200: { description: 'Per-object results' },
        409: { description: 'A sync of this connection is already running (on this or another instance)' },
      },
      handler: async ({ params }) => ({ status: 200, body: { objects: await sync.runConnection(params.id) } }),
    }),
    defineRoute({
      method: 'get',
      path: '/v1/connections/:id/sync',
      summary:
        'Sync status per object: last run, rows, lag, errors, API calls, and the run in progress here (?view=running: only that, without counting rows)',
      tag: 'sync',
      auth: 'connection',
      responses: { 200: { description: 'Status', schema: syncStatusSchema } },
      async handler({ params, query }) {
        if (query.view !== undefined && query.view !== 'running')
          throw new AppError('VALIDATION_FAILED', 'view must be running (or left out)');
        return {
          status: 200,
          body: query.view === 'running' ? await sync.running(params.id) : await sync.status(params.id),
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/connections/:id/records/:sobject',
      summary: 'Records of an object changed after a cursor (?after=seq&limit=), deletions as tombstones',
      tag: 'sync',
      auth: 'data',
      responses: {
        200: {
          description: 'Changes',
          schema: z.object({ records: z.array(recordSchema), next: z.number().nullable() }),
        },
      },
      async handler({ params, query }) {
        const limit = Math.min(Math.max(intParam(query.limit, 'limit', 500), 1), 5000);
        const records = await store.changes(params.id, params.sobject, intParam(query.after, 'after', 0), limit);
        return {
          status: 200,
          body: { records, next: records.length === limit ? records[records.length - 1].seq : null },
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/connections/:id/records/:sobject/:recordId',
      summary: 'One synced record by Salesforce id',
      tag: 'sync',
      auth: 'data',
      responses: { 200: { description: 'Record', schema: recordSchema } },
      async handler({ params }) {
        const r = await store.get(params.id, params.sobject, params.recordId);
        if (!r) throw new AppError('NOT_FOUND', `No synced ${params.sobject} ${params.recordId}`);
        return { status: 200, body: r };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/connections/:id/records/:sobject/by-rox-id/:roxId',
      summary: 'One synced record by Rox id (through the ID mapping)',
      tag: 'sync',
      auth: 'data',
      responses: { 200: { description: 'Record', schema: recordSchema } },
      async handler({ params }) {
        const sfId = (await ids.lookup(params.id, params.sobject, [params.roxId])).get(params.roxId);
        const r = sfId ? await store.get(params.id, params.sobject, sfId) : undefined;
        if (!r) throw new AppError('NOT_FOUND', `No synced ${params.sobject} for Rox id ${params.roxId}`);
        return { status: 200, body: r };
      },
    }),
  ];
}
