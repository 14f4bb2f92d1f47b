/** Shared inputs of the activity builder tests (no org): mappings, a base activity, describes. */
import { defaultCrmMappings, type ActivityMapping } from '../../../src/mappings/index.js';
import { SF } from '../../../src/salesforce/names.js';
import {
  buildActivity,
  type BuildActivityContext,
  type BuiltActivity,
  type DescribeLike,
} from '../../../src/writeback/activities/activity-builder.js';
import type { ActivityInput } from '../../../src/writeback/activities/activity-schema.js';

export function mappings(patch: Partial<ActivityMapping> = {}): ActivityMapping {
  const tab = defaultCrmMappings().activities;
  return {
    ...tab,
    writeback: {
      email: true,
      phoneCall: true,
      linkedinMessage: true,
      linkedinConnection: true,
      meetingsAsEvents: true,
    },
    ...patch,
  };
}

export const base = {
  roxActivityId: 'act-1',
  subject: 'Intro',
  occurredAt: '2024-05-01T23:30:00-07:00',
  participants: [],
};

export function built(input: ActivityInput, ctx: Partial<BuildActivityContext> = {}): BuiltActivity {
  const r = buildActivity(input, { mappings: mappings(), ...ctx });
  if (!r.ok) throw new Error(`refused: ${JSON.stringify(r.reasons)}`);
  return r.activity;
}

export const picklist = (...values: string[]) => values.map((value) => ({ value, active: true }));

/** A Task describe shaped like the org's, with the picklists under test. */
export function taskDescribe(opts: { subtypes: string[]; types: string[]; descriptionLength?: number }): DescribeLike {
  return {
    fields: [
      { name: 'WhoId', type: 'reference', length: 18 },
      { name: 'WhatId', type: 'reference', length: 18 },
      { name: 'Subject', type: 'combobox', length: 255 },
      { name: 'ActivityDate', type: 'date', length: 0 },
      { name: 'Status', type: 'picklist', length: 255, picklistValues: picklist('Not Started', 'Completed') },
      { name: 'Description', type: 'textarea', length: opts.descriptionLength ?? 32000 },
      { name: 'Type', type: 'picklist', length: 255, picklistValues: picklist(...opts.types) },
      { name: 'TaskSubtype', type: 'picklist', length: 255, picklistValues: picklist(...opts.subtypes) },
      { name: 'CallType', type: 'picklist', length: 255, picklistValues: picklist('Internal') },
      { name: 'CallDurationInSeconds', type: 'int', length: 0 },
      { name: SF.roxActivityId, type: 'string', length: 100 },
    ],
  };
}
