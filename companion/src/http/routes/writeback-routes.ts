/** Writebacks: submit (202, or 200 for a dry run), the ledger, one writeback, replay. */
import { z } from 'zod';
import { AppError } from '../../core/app-error.js';
import { recordCreateSchema, recordUpdateSchema } from '../../writeback/writeback-schema.js';
import { type SubmitBody, type WritebackService, withoutValues } from '../../writeback/writeback-service.js';
import { defineRoute, type RouteSpec } from '../route-spec.js';
import { queryText, queryTimestamp } from './query-params.js';

const STATES = ['queued', 'sending', 'written', 'superseded', 'rejected', 'failed'] as const;
const SOBJECT_NAME = /^[A-Za-z][A-Za-z0-9_]{0,80}$/;

export function writebackRoutes(service: WritebackService, extraItems: z.ZodObject[] = []): Array<RouteSpec<any>> {
  const item = z.discriminatedUnion('type', [recordUpdateSchema, recordCreateSchema, ...extraItems] as unknown as [
    typeof recordUpdateSchema,
    typeof recordCreateSchema,
  ]);
  const body = z.strictObject({
    dryRun: z
      .boolean()
      .optional()
      .describe(
        'Answer what would be written (ids, fields after mapping and static values, rejections) without writing',
      ),
    items: z.array(item).min(1).max(1000).describe('Up to 1,000 writebacks; each is accepted or rejected on its own'),
  });
  return [
    defineRoute<SubmitBody>({
      method: 'post',
      path: '/v1/connections/:id/writebacks',
      summary: 'Queue record updates, new records and activities for Salesforce (202), or preview them (dryRun)',
      tag: 'writeback',
      auth: 'data',
      body: body as unknown as z.ZodType<SubmitBody>,
      responses: {
        202: { description: 'Accepted: queued durably; rejected items say why per field' },
        200: { description: 'Dry run: what would be written' },
      },
      handler: async ({ params, body: b }) => service.submit(params.id, b),
    }),
    defineRoute({
      method: 'get',
      path: '/v1/connections/:id/writebacks',
      summary:
        'The writeback ledger: queued, sending, written, superseded, rejected, failed — with retry history (?state=&requestId=&sobject=&since=&until=&after=&limit=; sobject: the Salesforce object, e.g. Account, Task, Event; since ≤ accepted time < until, ISO 8601)',
      tag: 'writeback',
      auth: 'connection',
      responses: { 200: { description: 'Ledger page; `next` is the cursor for `after`' } },
      adminView: (b) => {
        const page = b as { items: Array<Parameters<typeof withoutValues>[0]> };
        return { ...page, items: page.items.map(withoutValues) };
      },
      async handler({ params, query, req }) {
        if (query.state !== undefined && !(STATES as readonly string[]).includes(query.state))
          throw new AppError('VALIDATION_FAILED', `state must be one of ${STATES.join(', ')}`);
        const num = (v: string | undefined, name: string) => {
          if (v === undefined) return undefined;
          if (!/^\d{1,15}$/.test(v)) throw new AppError('VALIDATION_FAILED', `${name} must be a non-negative integer`);
          return Number(v);
        };
        const sobject = queryText(req, 'sobject');
        if (sobject !== undefined && !SOBJECT_NAME.test(sobject))
          throw new AppError(
            'VALIDATION_FAILED',
            `sobject must be a Salesforce object API name such as Account, Task or Project__c (got ${JSON.stringify(sobject.slice(0, 40))})`,
          );
        const since = queryTimestamp(req, 'since');
        const until = queryTimestamp(req, 'until');
        if (since && until && since >= until)
          throw new AppError(
            'VALIDATION_FAILED',
            `since (${since.toISOString()}) must be before until (${until.toISOString()}): the window is empty`,
          );
        return {
          status: 200,
          body: await service.list(params.id, {
            state: query.state as (typeof STATES)[number] | undefined,
            requestId: query.requestId,
            sobject,
            since,
            until,
            after: num(query.after, 'after'),
            limit: num(query.limit, 'limit'),
          }),
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/connections/:id/writebacks/:writebackId',
      summary: 'One writeback with its outcome and history',
      tag: 'writeback',
      auth: 'connection',
      responses: { 200: { description: 'Writeback' } },
      adminView: (b) => withoutValues(b as Parameters<typeof withoutValues>[0]),
      handler: async ({ params }) => ({ status: 200, body: await service.get(params.id, params.writebackId) }),
    }),
    defineRoute({
      method: 'post',
      path: '/v1/connections/:id/writebacks/:writebackId/replay',
      summary: 'Send a failed writeback again after its cause was fixed',
      tag: 'writeback',
      auth: 'connection',
      responses: { 200: { description: 'Queued again' } },
      adminView: (b) => withoutValues(b as Parameters<typeof withoutValues>[0]),
      handler: async ({ params }) => ({ status: 200, body: await service.replay(params.id, params.writebackId) }),
    }),
  ];
}
