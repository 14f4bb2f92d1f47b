/**
 * Intake for activities: `{type: "activity", activity: {...}}`. A kind whose writeback toggle is
 * off (or meetings without "meetings as Events") is rejected at intake with the reason; the rest
 * is queued and built into a Task or Event by the sender, once relations are resolved.
 */
import { z } from 'zod';
import type { CrmMappings } from '../../mappings/index.js';
import type { NewWriteback } from '../../store/writeback-store.js';
import { type ActivityInput, activityInputSchema } from './activity-schema.js';
import type { ItemPlanner } from '../writeback-service.js';

export const activityItemSchema = z.strictObject({
  type: z
    .literal('activity')
    .describe('An email, call, LinkedIn message or connection request (Task) or a meeting (Event)'),
  activity: activityInputSchema,
  changedAt: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('When Rox last changed the activity (default: now); orders resends of one activity'),
  idempotencyKey: z.string().min(1).max(200).optional().describe('Client key: a resend returns the first writeback'),
});
export type ActivityItem = z.infer<typeof activityItemSchema>;

const TOGGLE: Record<ActivityInput['kind'], keyof CrmMappings['activities']['writeback']> = {
  email: 'email',
  call: 'phoneCall',
  linkedin_message: 'linkedinMessage',
  linkedin_connection: 'linkedinConnection',
  meeting: 'meetingsAsEvents',
};

export const activityPlanner: ItemPlanner = {
  async plan(raw, m) {
    if (raw.type !== 'activity') return undefined;
    const item = raw as unknown as ActivityItem;
    const a = item.activity;
    const toggle = TOGGLE[a.kind];
    const on = m.activities.writeback[toggle];
    const sobject = a.kind === 'meeting' ? 'Event' : 'Task';
    const rejected = on
      ? []
      : [
          {
            roxField: '*',
            code: 'KIND_OFF',
            reason: `${a.kind} activities are not written back: turn on "${toggle}" on the Activities tab of the CRM mappings`,
          },
        ];
    return {
      kind: 'activity',
      sobject,
      roxId: a.roxActivityId.toLowerCase(),
      changedAt: item.changedAt ?? new Date().toISOString(),
      payload: { activity: a, rejected },
      idempotencyKey: item.idempotencyKey,
      state: on ? 'queued' : 'rejected',
      outcome: on ? undefined : { rejected },
    } satisfies NewWriteback;
  },
};
