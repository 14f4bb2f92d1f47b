/**
 * What each kind of Rox activity is in Salesforce: the object, the writeback toggle that allows
 * it, and the fields that make the record that kind (subtype, status, call and calendar fields).
 * Values the customer can re-route through field mappings are exposed as Rox field values.
 */
import type { ActivitySObject, ActivityWriteback } from '../../mappings/index.js';
import { choosePicklistValue, type ActivityFieldBag, type DescribeLike } from './activity-fields.js';
import type { ActivityInput, ActivityKind, ParticipantRole } from './activity-schema.js';

export const KIND_SOBJECT: Readonly<Record<ActivityKind, ActivitySObject>> = {
  email: 'Task',
  call: 'Task',
  linkedin_message: 'Task',
  linkedin_connection: 'Task',
  meeting: 'Event',
};

export const KIND_TOGGLE: Readonly<Record<ActivityKind, keyof ActivityWriteback>> = {
  email: 'email',
  call: 'phoneCall',
  linkedin_message: 'linkedinMessage',
  linkedin_connection: 'linkedinConnection',
  meeting: 'meetingsAsEvents',
};

/**
 * TaskSubtype per Task kind (facts §D: Task, Email, ListEmail, Cadence, Call, LinkedIn; restricted,
 * createable; updateable UNCONFIRMED, so it is sent on create only). LinkedIn is missing from some
 * orgs, so it is used only when the caller's describe lists it; otherwise 'Task'.
 */
const TASK_SUBTYPE: Readonly<Record<Exclude<ActivityKind, 'meeting'>, string>> = {
  email: 'Email',
  call: 'Call',
  linkedin_message: 'LinkedIn',
  linkedin_connection: 'LinkedIn',
};

/** LinkedIn Tasks carry a Subject prefix so they stay recognisable whatever subtype the org allows. */
export const LINKEDIN_SUBJECT_PREFIX: Readonly<Record<'linkedin_message' | 'linkedin_connection', string>> = {
  linkedin_message: 'LinkedIn message: ',
  linkedin_connection: 'LinkedIn connection request: ',
};

/** Activities Rox logs have already happened. 'Completed' is a default Status value (facts §D, org-configurable). */
const COMPLETED_STATUS = 'Completed';

/** Salesforce DateTime: UTC ISO 8601. */
export function sfDateTime(iso: string): string {
  return new Date(iso).toISOString();
}

/** The calendar date where it happened: the date part of the ISO string, in the sender's own offset. */
export function calendarDate(iso: string): string {
  return iso.slice(0, 10);
}

export function subjectOf(input: ActivityInput): string {
  const subject = input.subject.trim();
  if (input.kind !== 'linkedin_message' && input.kind !== 'linkedin_connection') return subject;
  return /^linkedin\b/i.test(subject) ? subject : LINKEDIN_SUBJECT_PREFIX[input.kind] + subject;
}

const ROLE_LABEL: Readonly<Record<ParticipantRole | 'none', string>> = {
  from: 'From',
  to: 'To',
  cc: 'Cc',
  attendee: 'Attendees',
  none: 'Participants',
};

/**
 * The Description: a short header (direction, people by role) and the body. Tasks have no
 * standard field for an email's direction or its recipients, so they are kept readable here; a
 * call's direction is CallType instead.
 */
export function descriptionOf(input: ActivityInput): string | undefined {
  const header: string[] = [];
  if (input.direction && input.kind !== 'call') {
    header.push(`Direction: ${input.direction === 'inbound' ? 'Inbound' : 'Outbound'}`);
  }
  for (const role of [...(['from', 'to', 'cc', 'attendee'] as const), 'none' as const]) {
    const people = input.participants.filter((p) => (p.role ?? 'none') === role);
    if (people.length > 0) {
      header.push(
        `${ROLE_LABEL[role]}: ${people.map((p) => (p.name ? `${p.name} <${p.email}>` : p.email)).join(', ')}`,
      );
    }
  }
  const body = input.body?.trim();
  if (header.length === 0) return body || undefined;
  return body ? `${header.join('\n')}\n\n${body}` : header.join('\n');
}

/** Values of the Rox activity fields (rox-fields.ts catalogue keys), for field mappings. */
export function roxFieldValues(input: ActivityInput): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = { ...(input.customFields ?? {}) };
  const put = (key: string, value: string | number | boolean | undefined) => {
    if (value !== undefined) out[key] = value;
  };
  put('subject', subjectOf(input));
  put('body', descriptionOf(input));
  put('occurred_at', sfDateTime(input.occurredAt));
  put('occurred_on', calendarDate(input.occurredAt));
  const timedMeeting = input.kind === 'meeting' && !input.allDay;
  // Start and end are calendar times of a timed meeting; an all-day Event has neither.
  if (timedMeeting) {
    put('starts_at', sfDateTime(input.occurredAt));
    put('ends_at', input.endAt && sfDateTime(input.endAt));
  }
  if (input.durationSeconds !== undefined) put('duration_minutes', Math.round(input.durationSeconds / 60));
  if (input.kind === 'meeting') put('location', input.location?.trim() || undefined);
  if (input.kind === 'call') {
    put('call_duration_seconds', input.durationSeconds);
    put('call_disposition', input.callDisposition?.trim() || undefined);
  }
  return out;
}

/** Writes a picklist value the org accepts, or leaves the field out with a note. */
function putPicklist(
  bag: ActivityFieldBag,
  notes: string[],
  describe: DescribeLike | undefined,
  field: string,
  wanted: string,
  createOnly = false,
): boolean {
  const choice = choosePicklistValue(describe, field, wanted);
  if (choice.ok) {
    bag.set(field, choice.value, 'rox', createOnly);
    return true;
  }
  notes.push(`picklist_value_skipped: ${field} not set: ${choice.why}`);
  return false;
}

function taskSubtype(
  input: ActivityInput & { kind: Exclude<ActivityKind, 'meeting'> },
  describe: DescribeLike | undefined,
  bag: ActivityFieldBag,
  notes: string[],
): void {
  const wanted = TASK_SUBTYPE[input.kind];
  if (wanted === 'LinkedIn' && !describe) {
    notes.push(
      'task_subtype_fallback: TaskSubtype "Task" used: whether this org has the LinkedIn subtype is unknown without a Task describe',
    );
    bag.set('TaskSubtype', 'Task', 'rox', true);
    return;
  }
  const choice = choosePicklistValue(describe, 'TaskSubtype', wanted);
  if (choice.ok) bag.set('TaskSubtype', choice.value, 'rox', true);
  else {
    notes.push(`task_subtype_fallback: TaskSubtype "Task" used: ${choice.why}`);
    putPicklist(bag, notes, describe, 'TaskSubtype', 'Task', true);
  }
  // Type is org-defined: 'LinkedIn' only where the describe shows the org added it (never guessed).
  const type = wanted === 'LinkedIn' && describe ? choosePicklistValue(describe, 'Type', 'LinkedIn') : undefined;
  if (type?.ok) bag.set('Type', type.value, 'rox');
}

/** The fields that make a Task of this kind. */
export function taskCoreFields(
  input: ActivityInput & { kind: Exclude<ActivityKind, 'meeting'> },
  describe: DescribeLike | undefined,
  bag: ActivityFieldBag,
  notes: string[],
): void {
  taskSubtype(input, describe, bag, notes);
  putPicklist(bag, notes, describe, 'Status', COMPLETED_STATUS, true);
  bag.set('Subject', subjectOf(input), 'rox');
  bag.set('ActivityDate', calendarDate(input.occurredAt), 'rox');
  const description = descriptionOf(input);
  if (description !== undefined) bag.set('Description', description, 'rox');
  if (input.kind === 'call') {
    if (input.durationSeconds !== undefined) bag.set('CallDurationInSeconds', input.durationSeconds, 'rox');
    if (input.direction) {
      putPicklist(bag, notes, describe, 'CallType', input.direction === 'inbound' ? 'Inbound' : 'Outbound');
    }
    const disposition = input.callDisposition?.trim();
    if (disposition) bag.set('CallDisposition', disposition, 'rox');
  }
}

/**
 * The fields that make the Event. Facts §D: a timed Event needs DurationInMinutes or EndDateTime
 * (both only if they agree, so only one is sent); an all-day Event needs neither.
 */
export function eventCoreFields(input: ActivityInput, bag: ActivityFieldBag, notes: string[]): void {
  bag.set('Subject', subjectOf(input), 'rox');
  const description = descriptionOf(input);
  if (description !== undefined) bag.set('Description', description, 'rox');
  const location = input.location?.trim();
  if (location) bag.set('Location', location, 'rox');
  if (input.allDay) {
    bag.set('IsAllDayEvent', true, 'rox');
    bag.set('ActivityDate', calendarDate(input.occurredAt), 'rox');
    if (input.endAt && calendarDate(input.endAt) !== calendarDate(input.occurredAt)) {
      notes.push(
        'all_day_single_day: endAt ignored: a multi-day all-day Event is written as one day (UNCONFIRMED sizing)',
      );
    }
    return;
  }
  bag.set('IsAllDayEvent', false, 'rox');
  bag.set('StartDateTime', sfDateTime(input.occurredAt), 'rox');
  if (input.endAt) {
    bag.set('EndDateTime', sfDateTime(input.endAt), 'rox');
    const minutes = (Date.parse(input.endAt) - Date.parse(input.occurredAt)) / 60000;
    if (input.durationSeconds !== undefined && Math.round(input.durationSeconds / 60) !== Math.round(minutes)) {
      notes.push('duration_ignored: durationSeconds disagrees with endAt; EndDateTime is written');
    }
  } else if (input.durationSeconds !== undefined) {
    bag.set('DurationInMinutes', Math.round(input.durationSeconds / 60), 'rox');
  }
}
