/**
 * Turns one Rox activity into the Task or Event body the worker upserts on the package's external
 * ID, so a resend updates instead of duplicating. Pure: no HTTP, no database, no jsforce.
 *
 * Order, each step on top of the previous one:
 *   1. the kind's own fields (activity-kinds.ts): subtype, status, dates, call and calendar fields;
 *   2. the Activities tab's Read and Write field mappings of that object (Rox value → field);
 *   3. the tab's static values of that object;
 *   4. Who/What from the caller, with Salesforce's rule that a Lead Who has no What;
 *   5. fields Salesforce derives or the describe does not show are left out; text is cut to length.
 * Everything changed or left out on the way is reported in `notes` as "code: message".
 */
import type { ActivityMapping, ActivitySObject } from '../../mappings/index.js';
import { SF } from '../../salesforce/names.js';
import { HAND_MADE_ACTIVITY_ID_FIELD } from './activity-id-field.js';
import {
  ActivityFieldBag,
  DESCRIPTION_TRUNCATION_MARKER,
  TEXT_TRUNCATION_MARKER,
  describeField,
  fieldLength,
  trimToLength,
  type DescribeLike,
} from './activity-fields.js';
import { KIND_SOBJECT, KIND_TOGGLE, eventCoreFields, roxFieldValues, taskCoreFields } from './activity-kinds.js';
import { parseActivityInput, type ActivityInput, type ActivityReason } from './activity-schema.js';

export type { DescribeLike, DescribeFieldLike } from './activity-fields.js';

export interface BuiltActivity {
  sobject: 'Task' | 'Event';
  /** Rox's activity id: the value of the org's activity-id field (also present in `fields`). */
  externalId: string;
  /** The create body, including the external ID. */
  fields: Record<string, unknown>;
  /** Contact/Lead/User ids to relate through EventRelation (Events only); the caller decides. */
  attendeeIds: string[];
  notes: string[];
  /**
   * Keys of `fields` to send only when the record is created: TaskSubtype (updateable is
   * UNCONFIRMED, facts §D; the local org refuses it on update), the default Status, and static
   * values whose applyOn is 'create'. Send `updateFieldsOf(activity)` when the record exists.
   */
  createOnlyFields: string[];
}

export type BuildResult = { ok: true; activity: BuiltActivity } | { ok: false; reasons: ActivityReason[] };

export interface BuildActivityContext {
  mappings: ActivityMapping;
  whoId?: string | null;
  whoType?: 'Contact' | 'Lead';
  whatId?: string | null;
  attendeeIds?: string[];
  describe?: { Task?: DescribeLike; Event?: DescribeLike };
}

/** Fields set only here, never by a mapping or a static value: the upsert key and the relations. */
const RELATION_FIELDS = ['WhoId', 'WhatId'];

/**
 * Fields Salesforce derives or keeps read-only (facts §D: AccountId is derived from What/Who,
 * IsArchived is read-only; Event has no Status). A mapping or static value naming one is dropped.
 */
const NOT_WRITABLE: Readonly<Record<ActivitySObject, readonly string[]>> = {
  Task: ['AccountId', 'IsArchived'],
  Event: ['AccountId', 'IsArchived', 'Status'],
};

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const isProtected = (field: string) =>
  same(field, SF.roxActivityId) || same(field, HAND_MADE_ACTIVITY_ID_FIELD) || RELATION_FIELDS.some((r) => same(r, field));

const TOGGLE_LABEL: Readonly<Record<keyof ActivityMapping['writeback'], string>> = {
  email: 'Email',
  phoneCall: 'Phone call',
  linkedinMessage: 'LinkedIn message',
  linkedinConnection: 'LinkedIn connection',
  meetingsAsEvents: 'Meetings as Events',
};

export function buildActivity(input: ActivityInput, ctx: BuildActivityContext): BuildResult {
  // The worker parses the HTTP body already; parsing again keeps the rules in one place for every caller.
  const parsed = parseActivityInput(input);
  if (!parsed.ok) return parsed;
  const activity = parsed.input;

  const toggle = KIND_TOGGLE[activity.kind];
  if (!ctx.mappings.writeback[toggle]) {
    return {
      ok: false,
      reasons: [
        {
          code: 'writeback_disabled',
          message: `${activity.kind} activities are not written back: turn on "${TOGGLE_LABEL[toggle]}" (writeback.${toggle}) on the Activities tab`,
        },
      ],
    };
  }

  const sobject = KIND_SOBJECT[activity.kind];
  const describe = ctx.describe?.[sobject];
  const notes: string[] = [];
  const bag = new ActivityFieldBag();

  if (activity.kind === 'meeting') eventCoreFields(activity, bag, notes);
  else taskCoreFields({ ...activity, kind: activity.kind }, describe, bag, notes);
  applyFieldMappings(activity, sobject, ctx.mappings, bag, notes);
  applyStaticValues(sobject, ctx.mappings, bag, notes);
  applyRelations(sobject, ctx, bag, notes);
  dropNotWritable(sobject, describe, bag, notes);
  cutToLength(sobject, describe, bag, notes);
  // The sender moves the id to the org's own activity-id field (activity-sender.ts withIdField).
  bag.set(SF.roxActivityId, activity.roxActivityId, 'rox');

  const entries = bag.list();
  return {
    ok: true,
    activity: {
      sobject,
      externalId: activity.roxActivityId,
      fields: Object.fromEntries(entries.map((e) => [e.name, e.value])),
      attendeeIds: attendeesOf(sobject, ctx, notes),
      notes,
      createOnlyFields: entries.filter((e) => e.createOnly).map((e) => e.name),
    },
  };
}

/** The body for a record that already exists: `fields` without the create-only ones. */
export function updateFieldsOf(activity: BuiltActivity): Record<string, unknown> {
  const createOnly = new Set(activity.createOnlyFields);
  return Object.fromEntries(Object.entries(activity.fields).filter(([name]) => !createOnly.has(name)));
}

function describeValue(value: unknown): string {
  return typeof value === 'string' && value.length > 60 ? `"${value.slice(0, 57)}…"` : JSON.stringify(value);
}

function applyFieldMappings(
  activity: ActivityInput,
  sobject: ActivitySObject,
  mappings: ActivityMapping,
  bag: ActivityFieldBag,
  notes: string[],
): void {
  const values = roxFieldValues(activity);
  for (const m of mappings.fieldMappings) {
    // Read Only mappings flow Salesforce → Rox only; activity_id is the upsert key, set last.
    if (m.sobject !== sobject || m.mode !== 'read_write' || m.roxField === 'activity_id') continue;
    if (isProtected(m.salesforceField)) {
      notes.push(
        `mapping_ignored: ${m.roxField} → ${m.salesforceField} ignored: that field is set from the ID mapping`,
      );
      continue;
    }
    const value = values[m.roxField];
    if (value === undefined) continue;
    const previous = bag.set(m.salesforceField, value, `mapping ${m.roxField}`);
    if (previous && previous.value !== value) {
      notes.push(
        `mapping_overrode: ${m.salesforceField} set from ${m.roxField} (${describeValue(value)}) instead of ${describeValue(previous.value)}`,
      );
    }
  }
}

function applyStaticValues(
  sobject: ActivitySObject,
  mappings: ActivityMapping,
  bag: ActivityFieldBag,
  notes: string[],
): void {
  for (const sv of mappings.staticValues) {
    if (sv.sobject !== sobject) continue;
    if (isProtected(sv.salesforceField)) {
      notes.push(`static_value_ignored: static value for ${sv.salesforceField} ignored: that field is set by Rox`);
      continue;
    }
    bag.set(sv.salesforceField, sv.value, 'static value', sv.applyOn === 'create');
  }
}

function applyRelations(
  sobject: ActivitySObject,
  ctx: BuildActivityContext,
  bag: ActivityFieldBag,
  notes: string[],
): void {
  const whoId = ctx.whoId || undefined;
  let whatId = ctx.whatId || undefined;
  // Facts §D: if WhoId is a Lead, WhatId must be empty. Keep the person, drop the record.
  if (whoId && whatId && ctx.whoType === 'Lead') {
    notes.push(
      `what_dropped_for_lead: WhatId ${whatId} not set: the ${sobject}'s Who is a Lead (${whoId}), and a Lead Who cannot have a What`,
    );
    whatId = undefined;
  } else if (whoId && whatId && !ctx.whoType) {
    notes.push(
      `who_type_unknown: WhoId ${whoId} has no whoType; if it is a Lead, Salesforce refuses the WhatId (rule not checked)`,
    );
  }
  if (whoId) bag.set('WhoId', whoId, 'relation');
  if (whatId) bag.set('WhatId', whatId, 'relation');
}

function dropNotWritable(
  sobject: ActivitySObject,
  describe: DescribeLike | undefined,
  bag: ActivityFieldBag,
  notes: string[],
): void {
  for (const entry of bag.list()) {
    if (NOT_WRITABLE[sobject].some((f) => same(f, entry.name))) {
      bag.delete(entry.name);
      notes.push(
        `field_not_writable: ${entry.name} (${entry.origin}) left out: Salesforce does not accept it on ${sobject}`,
      );
      continue;
    }
    if (!describe) continue;
    const fd = describeField(describe, entry.name);
    if (!fd) {
      bag.delete(entry.name);
      notes.push(
        `field_not_visible: ${entry.name} (${entry.origin}) left out: not in the ${sobject} describe (missing or hidden by field-level security)`,
      );
    } else if (fd.createable === false) {
      bag.delete(entry.name);
      notes.push(
        `field_not_writable: ${entry.name} (${entry.origin}) left out: the ${sobject} describe says not createable`,
      );
    } else {
      bag.rename(entry.name, fd.name);
      if (fd.updateable === false) entry.createOnly = true;
    }
  }
}

function cutToLength(
  sobject: ActivitySObject,
  describe: DescribeLike | undefined,
  bag: ActivityFieldBag,
  notes: string[],
): void {
  for (const entry of bag.list()) {
    if (typeof entry.value !== 'string') continue;
    const max = fieldLength(sobject, describe, entry.name);
    if (max === undefined || entry.value.length <= max) continue;
    const marker = same(entry.name, 'Description') ? DESCRIPTION_TRUNCATION_MARKER : TEXT_TRUNCATION_MARKER;
    entry.value = trimToLength(entry.value, max, marker);
    notes.push(`text_truncated: ${entry.name} cut to ${max} characters`);
  }
}

/**
 * EventRelation invitees: the caller's ids without the Who (already related) and duplicates. The
 * facts file says nothing about EventRelation, so whether and how an org accepts them is UNCONFIRMED.
 */
function attendeesOf(sobject: ActivitySObject, ctx: BuildActivityContext, notes: string[]): string[] {
  const given = ctx.attendeeIds ?? [];
  if (given.length === 0) return [];
  if (sobject === 'Task') {
    notes.push('attendees_ignored: attendees are listed for Events only (a Task relates people through TaskRelation)');
    return [];
  }
  const ids = [...new Set(given.filter((id) => id && id !== ctx.whoId))];
  notes.push(
    `attendees_unconfirmed: ${ids.length} attendee(s) for EventRelation; EventRelation support is UNCONFIRMED (not in the facts file)`,
  );
  return ids;
}
