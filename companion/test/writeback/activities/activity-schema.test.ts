/**
 * The activity input schema: it turns into a JSON Schema (for OpenAPI) with every property
 * described, accepts a well-formed activity and refuses bad ones with messages that name the field.
 */
import { z } from 'zod';
import {
  activityInputSchema,
  parseActivityInput,
  type ActivityInput,
} from '../../../src/writeback/activities/activity-schema.js';

type JsonSchema = {
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
  anyOf?: JsonSchema[];
  description?: string;
};

function undescribed(schema: JsonSchema, path = '$'): string[] {
  const out: string[] = [];
  for (const [key, child] of Object.entries(schema.properties ?? {})) {
    if (!child.description) out.push(`${path}.${key}`);
    out.push(...undescribed(child, `${path}.${key}`));
  }
  if (schema.items) out.push(...undescribed(schema.items, `${path}[]`));
  for (const alt of schema.anyOf ?? []) out.push(...undescribed(alt, path));
  return out;
}

const email: ActivityInput = {
  kind: 'email',
  roxActivityId: 'act_01HXYZ-email',
  subject: 'Pricing follow-up',
  body: 'Hi Ana, attached is the quote.',
  occurredAt: '2024-05-01T14:30:00Z',
  direction: 'outbound',
  participants: [
    { email: 'rep@rox.dev', name: 'Rep', role: 'from' },
    { email: 'ana@acme.com', role: 'to' },
  ],
  relatedTo: { personRoxId: 'p1', accountRoxId: 'a1' },
};

const messagesOf = (raw: unknown): string[] => {
  const r = parseActivityInput(raw);
  if (r.ok) throw new Error('expected the activity to be refused');
  expect(r.reasons.every((reason) => reason.code === 'invalid_input')).toBe(true);
  return r.reasons.map((reason) => reason.message);
};

describe('activityInputSchema', () => {
  it('converts to JSON Schema with a description on every property, refusing unknown keys', () => {
    const json = z.toJSONSchema(activityInputSchema) as JsonSchema;
    expect(Object.keys(json.properties ?? {})).toEqual(
      expect.arrayContaining(['kind', 'roxActivityId', 'subject', 'occurredAt', 'participants', 'relatedTo']),
    );
    expect(undescribed(json)).toEqual([]);
    expect(json.additionalProperties).toBe(false);
  });

  it('accepts a well-formed email unchanged', () => {
    expect(parseActivityInput(email)).toEqual({ ok: true, input: email });
  });

  it('names each bad field in its message', () => {
    const messages = messagesOf({
      ...email,
      roxActivityId: 'act/1',
      subject: '   ',
      occurredAt: 'yesterday',
      participants: [{ email: 'not-an-email' }],
    });
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^roxActivityId: letters, digits/),
        'subject: must not be blank',
        expect.stringMatching(/^occurredAt: /),
        expect.stringMatching(/^participants\.0\.email: /),
      ]),
    );
    expect(messages).toHaveLength(4);
  });

  it('refuses a missing kind, an unknown kind and unknown keys', () => {
    const { kind: _kind, ...noKind } = email;
    expect(messagesOf(noKind)).toEqual([expect.stringMatching(/^kind: /)]);
    expect(messagesOf({ ...email, kind: 'sms' })).toEqual([expect.stringMatching(/^kind: /)]);
    expect(messagesOf({ ...email, priority: 'High' })).toEqual([expect.stringMatching(/priority/)]);
  });

  it('refuses an end before the start', () => {
    expect(
      messagesOf({ ...email, kind: 'meeting', occurredAt: '2024-05-01T15:00:00Z', endAt: '2024-05-01T14:00:00Z' }),
    ).toEqual(['endAt: must not be before occurredAt']);
  });

  it('refuses a timed meeting with neither endAt nor durationSeconds, and accepts an all-day one', () => {
    const meeting = { ...email, kind: 'meeting' as const };
    expect(messagesOf(meeting)).toEqual(['endAt: a meeting that is not allDay needs endAt or durationSeconds']);
    expect(parseActivityInput({ ...meeting, allDay: true }).ok).toBe(true);
    expect(parseActivityInput({ ...meeting, durationSeconds: 1800 }).ok).toBe(true);
  });

  it('refuses a roxActivityId longer than the 100-character package field', () => {
    expect(messagesOf({ ...email, roxActivityId: 'a'.repeat(101) })).toEqual([
      expect.stringMatching(/^roxActivityId: /),
    ]);
    expect(parseActivityInput({ ...email, roxActivityId: 'a'.repeat(100) }).ok).toBe(true);
  });
});
