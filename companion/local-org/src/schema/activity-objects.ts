/**
 * Task and Event (shared/notes/salesforce-api-facts.md §D). Who is Contact or Lead, What is any
 * object with activities enabled; AccountId is derived and read-only; IsArchived is read-only.
 * Custom fields defined on Activity are added to both by the schema registry.
 */
import type { ObjectDef } from '../schema-types.js';
import { f } from './field-builders.js';
import { defineObject } from './system-fields.js';

const RO = { createable: false, updateable: false } as const;

export const TASK_STATUSES = [
  'Not Started',
  'In Progress',
  'Completed',
  'Waiting on someone else',
  'Deferred',
] as const;
export const TASK_PRIORITIES = ['High', 'Normal', 'Low'] as const;
/** LinkedIn is missing from some real orgs' describe (facts §D); this org has it. */
export const TASK_SUBTYPES = ['Task', 'Email', 'ListEmail', 'Cadence', 'Call', 'LinkedIn'] as const;
export const CALL_TYPES = ['Internal', 'Inbound', 'Outbound'] as const;

export function taskObject(whatTargets: string[]): ObjectDef {
  return defineObject({
    name: 'Task',
    label: 'Task',
    labelPlural: 'Tasks',
    keyPrefix: '00T',
    system: { owner: ['Group', 'User'] },
    fields: [
      f.reference('WhoId', 'Name ID', ['Contact', 'Lead'], 'Who'),
      f.reference('WhatId', 'Related To ID', whatTargets, 'What'),
      f.combobox('Subject', 'Subject', ['Call', 'Send Letter', 'Send Quote', 'Other'], 255),
      f.date('ActivityDate', 'Due Date Only'),
      f.picklist('Status', 'Status', TASK_STATUSES, {
        defaultPick: 'Not Started',
        nillable: false,
        permissionable: false,
      }),
      f.picklist('Priority', 'Priority', TASK_PRIORITIES, {
        defaultPick: 'Normal',
        nillable: false,
        permissionable: false,
      }),
      f.boolean('IsHighPriority', 'High Priority', RO),
      f.textarea('Description', 'Description', 32000),
      f.picklist('Type', 'Type', ['Call', 'Email', 'Meeting', 'Other']),
      f.reference('AccountId', 'Account ID', ['Account'], 'Account', RO),
      f.boolean('IsClosed', 'Closed', RO),
      f.boolean('IsArchived', 'Archived', RO),
      f.int('CallDurationInSeconds', 'Call Duration', 8),
      f.picklist('CallType', 'Call Type', CALL_TYPES),
      f.string('CallDisposition', 'Call Result', 255),
      f.string('CallObject', 'Call Object Identifier', 255),
      f.datetime('ReminderDateTime', 'Reminder Date/Time'),
      f.boolean('IsReminderSet', 'Reminder Set'),
      f.datetime('CompletedDateTime', 'Completed Date/Time', RO),
      // Create-only (UNCONFIRMED that it is not updateable; widely believed, facts §D).
      f.picklist('TaskSubtype', 'Task Subtype', TASK_SUBTYPES, { restrictedPicklist: true, updateable: false }),
    ],
  });
}

export function eventObject(whatTargets: string[]): ObjectDef {
  return defineObject({
    name: 'Event',
    label: 'Event',
    labelPlural: 'Events',
    keyPrefix: '00U',
    system: { owner: ['Calendar', 'User'] },
    fields: [
      f.reference('WhoId', 'Name ID', ['Contact', 'Lead'], 'Who'),
      f.reference('WhatId', 'Related To ID', whatTargets, 'What'),
      f.combobox('Subject', 'Subject', ['Call', 'Email', 'Meeting', 'Send Letter/Quote', 'Other'], 255),
      f.string('Location', 'Location', 255),
      f.boolean('IsAllDayEvent', 'All-Day Event'),
      f.datetime('ActivityDateTime', 'Due Date Time'),
      f.date('ActivityDate', 'Due Date Only'),
      f.int('DurationInMinutes', 'Duration', 8),
      f.datetime('StartDateTime', 'Start Date Time'),
      f.datetime('EndDateTime', 'End Date Time'),
      f.date('EndDate', 'End', RO),
      f.textarea('Description', 'Description', 32000),
      f.reference('AccountId', 'Account ID', ['Account'], 'Account', RO),
      f.picklist('Type', 'Type', ['Call', 'Email', 'Meeting', 'Other']),
      f.boolean('IsPrivate', 'Private'),
      f.picklist('ShowAs', 'Show Time As', ['Busy', 'OutOfOffice', 'Free'], { defaultPick: 'Busy' }),
      f.boolean('IsChild', 'Is Child', RO),
      f.boolean('IsGroupEvent', 'Group Event', RO),
      f.boolean('IsArchived', 'Archived', RO),
      f.boolean('IsReminderSet', 'Reminder Set'),
      f.datetime('ReminderDateTime', 'Reminder Date/Time'),
      f.picklist('EventSubtype', 'Event Subtype', ['Event'], { restrictedPicklist: true, updateable: false }),
    ],
  });
}
