/**
 * The activity Rox sends for writeback, as a zod schema. It validates the HTTP body and becomes
 * part of the OpenAPI document through `z.toJSONSchema`, so it holds only what JSON Schema can say
 * (no transforms); the one cross-field rule (end after start, a timed meeting needs an end) is a
 * refinement, which JSON Schema simply leaves out.
 */
import { z } from 'zod';

export const ACTIVITY_KINDS = ['email', 'call', 'linkedin_message', 'linkedin_connection', 'meeting'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

export const PARTICIPANT_ROLES = ['from', 'to', 'cc', 'attendee'] as const;
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];

/**
 * Upsert key characters. jsforce joins the external ID value into the URL path without encoding it
 * (facts §A6), so only URL-safe characters are accepted; 100 is the length of the package field
 * (force-app objects/Activity/fields/RoxActivityId__c). The field is not case-sensitive, so two IDs
 * differing only in case name the same Salesforce record.
 */
const ROX_ACTIVITY_ID = /^[A-Za-z0-9_-]{1,100}$/;
const NOT_BLANK = /\S/;

const isoDateTime = (what: string) =>
  z.iso.datetime({ offset: true }).describe(`${what}: ISO 8601 date-time with a zone, e.g. 2024-05-01T14:30:00Z`);

export const activityParticipantSchema = z
  .strictObject({
    email: z.email().max(320).describe('Email address of the person'),
    name: z.string().min(1).max(255).optional().describe('Display name of the person'),
    company: z.string().min(1).max(255).optional().describe('Company of the person, as Rox knows it'),
    role: z
      .enum(PARTICIPANT_ROLES)
      .optional()
      .describe('Part the person played: from/to/cc of an email or message, attendee of a meeting or call'),
  })
  .describe('A person who took part in the activity');

export const activityRelatedToSchema = z
  .strictObject({
    personRoxId: z
      .string()
      .min(1)
      .max(255)
      .optional()
      .describe('Rox ID of the person the activity is about: the Contact or Lead paired with it in the ID mapping becomes WhoId (else Lead Resolution finds the person by email)'),
    accountRoxId: z
      .string()
      .min(1)
      .max(255)
      .optional()
      .describe('Rox ID of the account: the Account paired with it in the ID mapping becomes WhatId'),
    opportunityRoxId: z
      .string()
      .min(1)
      .max(255)
      .optional()
      .describe('Rox ID of the opportunity: the Opportunity paired with it in the ID mapping becomes WhatId (preferred over the account)'),
  })
  .describe('Rox entities the activity relates to, resolved to Salesforce records through the ID mapping (see below)');

const customFieldValue = z
  .union([z.string(), z.number(), z.boolean()])
  .describe('Value of a custom Rox activity field');

export const activityInputSchema = z
  .strictObject({
    kind: z
      .enum(ACTIVITY_KINDS)
      .describe(
        'email, call, linkedin_message and linkedin_connection become a completed Task; meeting becomes an Event',
      ),
    roxActivityId: z
      .string()
      .regex(ROX_ACTIVITY_ID, 'letters, digits, "_" or "-", 1 to 100 characters')
      .describe(
        "Rox ID of the activity, written to the org's activity-id field (RoxAI__RoxActivityId__c, or RoxActivityId__c made by hand): a resend with the same ID updates the record (case-insensitive)",
      ),
    subject: z
      .string()
      .max(10000)
      .regex(NOT_BLANK, 'must not be blank')
      .describe('Subject line; trimmed to the Subject field length (255 unless the describe says otherwise)'),
    body: z
      .string()
      .max(1_000_000)
      .optional()
      .describe('Text of the email, message, call notes or meeting notes; trimmed to Description with a marker'),
    occurredAt: isoDateTime(
      'When the activity happened (the start of a call or meeting); its calendar date in the given offset becomes ActivityDate',
    ),
    durationSeconds: z
      .number()
      .int()
      .min(0)
      .max(99_999_999)
      .optional()
      .describe('Length in seconds: CallDurationInSeconds of a call, DurationInMinutes (rounded) of a meeting'),
    endAt: isoDateTime('End of a meeting (EndDateTime); wins over durationSeconds when both are given').optional(),
    allDay: z
      .boolean()
      .optional()
      .describe('Meeting only: an all-day Event on the calendar date of occurredAt (IsAllDayEvent)'),
    location: z.string().max(10000).optional().describe('Meeting only: where it takes place (Location)'),
    direction: z
      .enum(['inbound', 'outbound'])
      .optional()
      .describe('Who started it: a call becomes CallType Inbound/Outbound; other kinds note it in the Description'),
    callDisposition: z
      .string()
      .min(1)
      .max(10000)
      .optional()
      .describe('Call only: the result of the call (CallDisposition), e.g. "Left voicemail"'),
    participants: z.array(activityParticipantSchema).max(500).describe('People who took part; may be empty'),
    relatedTo: activityRelatedToSchema.optional(),
    customFields: z
      .record(z.string().regex(/^custom_[a-z0-9_]+$/, 'custom_ followed by lower_snake_case'), customFieldValue)
      .optional()
      .describe('Values of custom Rox activity fields (keys as declared on the Activities tab), for field mappings'),
  })
  .superRefine((a, ctx) => {
    if (a.endAt !== undefined && Date.parse(a.endAt) < Date.parse(a.occurredAt)) {
      ctx.addIssue({ code: 'custom', path: ['endAt'], message: 'must not be before occurredAt' });
    }
    // Facts §D: a timed Event needs DurationInMinutes or EndDateTime.
    if (a.kind === 'meeting' && !a.allDay && a.endAt === undefined && a.durationSeconds === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['endAt'],
        message: 'a meeting that is not allDay needs endAt or durationSeconds',
      });
    }
  })
  .describe('One activity for Rox to write back to Salesforce as a Task or an Event');

export type ActivityParticipant = z.infer<typeof activityParticipantSchema>;
export type ActivityInput = z.infer<typeof activityInputSchema>;

export interface ActivityReason {
  code: string;
  message: string;
}

/** Validates an untrusted activity; each failure names the field path, e.g. `participants.0.email: Invalid email address`. */
export function parseActivityInput(
  raw: unknown,
): { ok: true; input: ActivityInput } | { ok: false; reasons: ActivityReason[] } {
  const parsed = activityInputSchema.safeParse(raw);
  if (parsed.success) return { ok: true, input: parsed.data };
  return {
    ok: false,
    reasons: parsed.error.issues.map((issue) => ({
      code: 'invalid_input',
      message: `${issue.path.length > 0 ? issue.path.join('.') : '(activity)'}: ${issue.message}`,
    })),
  };
}
