/**
 * The activity builder's rules without an org: kinds, toggles, LinkedIn subtypes and Who/What.
 * activity-builder-layers.test.ts covers mappings, static values and the describe;
 * activity-local-org-*.test.ts prove the bodies are accepted by Salesforce (the local org) over HTTP.
 */
import { defaultCrmMappings } from '../../../src/mappings/index.js';
import { SF } from '../../../src/salesforce/names.js';
import { buildActivity, updateFieldsOf } from '../../../src/writeback/activities/activity-builder.js';
import type { ActivityInput } from '../../../src/writeback/activities/activity-schema.js';
import { base, built, mappings, picklist, taskDescribe } from './activity-builder-helpers.js';

describe('buildActivity: kinds', () => {
  it('builds an email as a completed Email Task dated where it happened, direction and people in the Description', () => {
    const a = built({
      ...base,
      kind: 'email',
      body: '  Hello  ',
      direction: 'outbound',
      participants: [
        { email: 'rep@rox.dev', name: 'Rep', role: 'from' },
        { email: 'ana@acme.com', role: 'to' },
        { email: 'bo@acme.com', role: 'cc' },
      ],
    });
    expect(a).toEqual({
      sobject: 'Task',
      externalId: 'act-1',
      fields: {
        TaskSubtype: 'Email',
        Status: 'Completed',
        Subject: 'Intro',
        ActivityDate: '2024-05-01',
        Description: 'Direction: Outbound\nFrom: Rep <rep@rox.dev>\nTo: ana@acme.com\nCc: bo@acme.com\n\nHello',
        [SF.roxActivityId]: 'act-1',
      },
      attendeeIds: [],
      notes: [],
      createOnlyFields: ['TaskSubtype', 'Status'],
    });
    expect(updateFieldsOf(a)).toEqual({
      Subject: 'Intro',
      ActivityDate: '2024-05-01',
      Description: a.fields.Description,
      [SF.roxActivityId]: 'act-1',
    });
  });

  it('builds a call with CallType from the direction, duration and disposition, no direction line', () => {
    const a = built({
      ...base,
      kind: 'call',
      direction: 'inbound',
      durationSeconds: 125,
      callDisposition: ' Left voicemail ',
    });
    expect(a.fields).toMatchObject({
      TaskSubtype: 'Call',
      CallType: 'Inbound',
      CallDurationInSeconds: 125,
      CallDisposition: 'Left voicemail',
    });
    expect(a.fields).not.toHaveProperty('Description');
  });

  it('builds a timed meeting as an Event with EndDateTime, or DurationInMinutes when only a duration is given', () => {
    const withEnd = built({ ...base, kind: 'meeting', endAt: '2024-05-02T07:15:00Z', location: 'Zoom' });
    expect(withEnd.sobject).toBe('Event');
    expect(withEnd.fields).toEqual({
      Subject: 'Intro',
      IsAllDayEvent: false,
      StartDateTime: '2024-05-02T06:30:00.000Z',
      EndDateTime: '2024-05-02T07:15:00.000Z',
      Location: 'Zoom',
      [SF.roxActivityId]: 'act-1',
    });
    expect(withEnd.createOnlyFields).toEqual([]);
    const withDuration = built({ ...base, kind: 'meeting', durationSeconds: 1790 });
    expect(withDuration.fields).toMatchObject({ DurationInMinutes: 30, StartDateTime: '2024-05-02T06:30:00.000Z' });
    expect(withDuration.fields).not.toHaveProperty('EndDateTime');
  });

  it('writes an all-day meeting on its calendar date without start or end times', () => {
    const a = built({ ...base, kind: 'meeting', allDay: true });
    expect(a.fields).toMatchObject({ IsAllDayEvent: true, ActivityDate: '2024-05-01' });
    expect(a.fields).not.toHaveProperty('StartDateTime');
  });

  it('refuses each kind whose writeback toggle is off, naming the toggle', () => {
    const off = defaultCrmMappings().activities;
    const cases = [
      ['email', 'writeback.email'],
      ['call', 'writeback.phoneCall'],
      ['linkedin_message', 'writeback.linkedinMessage'],
      ['linkedin_connection', 'writeback.linkedinConnection'],
      ['meeting', 'writeback.meetingsAsEvents'],
    ] as const;
    for (const [kind, toggle] of cases) {
      const r = buildActivity({ ...base, kind, durationSeconds: 60 }, { mappings: off });
      expect(r).toEqual({
        ok: false,
        reasons: [{ code: 'writeback_disabled', message: expect.stringContaining(toggle) }],
      });
    }
  });

  it('refuses an invalid activity with messages naming the field', () => {
    const r = buildActivity({ ...base, kind: 'email', occurredAt: '2024-13-01' } as ActivityInput, {
      mappings: mappings(),
    });
    expect(r).toEqual({
      ok: false,
      reasons: [{ code: 'invalid_input', message: expect.stringMatching(/^occurredAt: /) }],
    });
  });
});

describe('buildActivity: LinkedIn', () => {
  const message = { ...base, kind: 'linkedin_message' as const };

  it('uses TaskSubtype Task and a Subject prefix when there is no describe to show the LinkedIn subtype', () => {
    const a = built(message);
    expect(a.fields).toMatchObject({ TaskSubtype: 'Task', Subject: 'LinkedIn message: Intro' });
    expect(a.fields).not.toHaveProperty('Type');
    expect(a.notes).toEqual([expect.stringMatching(/^task_subtype_fallback: /)]);
    expect(built({ ...base, kind: 'linkedin_connection' }).fields.Subject).toBe('LinkedIn connection request: Intro');
  });

  it('uses TaskSubtype LinkedIn and Type LinkedIn where the describe lists them (in the org spelling)', () => {
    const describe = taskDescribe({ subtypes: ['Task', 'Email', 'Call', 'LinkedIn'], types: ['Call', 'linkedin'] });
    const a = built(message, { describe: { Task: describe } });
    expect(a.fields).toMatchObject({ TaskSubtype: 'LinkedIn', Type: 'linkedin' });
    expect(a.notes).toEqual([]);
  });

  it('falls back to Task and leaves Type alone where the org has neither LinkedIn value', () => {
    const describe = taskDescribe({ subtypes: ['Task', 'Email', 'Call'], types: ['Call', 'Email'] });
    const a = built(message, { describe: { Task: describe } });
    expect(a.fields.TaskSubtype).toBe('Task');
    expect(a.fields).not.toHaveProperty('Type');
    expect(a.notes).toEqual([
      'task_subtype_fallback: TaskSubtype "Task" used: "LinkedIn" is not an active TaskSubtype value',
    ]);
  });

  it('does not prefix a subject that already starts with LinkedIn', () => {
    expect(built({ ...message, subject: 'LinkedIn InMail: hi' }).fields.Subject).toBe('LinkedIn InMail: hi');
  });
});

describe('buildActivity: Who and What', () => {
  const email = { ...base, kind: 'email' as const };

  it('drops the What of a Lead Who and reports it', () => {
    const a = built(email, { whoId: '00Q000000000001AAA', whoType: 'Lead', whatId: '001000000000001AAA' });
    expect(a.fields.WhoId).toBe('00Q000000000001AAA');
    expect(a.fields).not.toHaveProperty('WhatId');
    expect(a.notes).toEqual([expect.stringMatching(/^what_dropped_for_lead: WhatId 001000000000001AAA not set/)]);
  });

  it('keeps Who and What for a Contact, and warns when the Who type is unknown', () => {
    const ids = { whoId: '003000000000001AAA', whatId: '006000000000001AAA' };
    expect(built(email, { ...ids, whoType: 'Contact' }).fields).toMatchObject({ WhoId: ids.whoId, WhatId: ids.whatId });
    const unknown = built(email, ids);
    expect(unknown.fields).toMatchObject({ WhoId: ids.whoId, WhatId: ids.whatId });
    expect(unknown.notes).toEqual([expect.stringMatching(/^who_type_unknown: /)]);
  });

  it('sets neither relation when the caller resolved none', () => {
    const a = built(email, { whoId: null, whatId: null });
    expect(a.fields).not.toHaveProperty('WhoId');
    expect(a.fields).not.toHaveProperty('WhatId');
  });

  it('returns Event attendees without the Who and duplicates, and none for a Task', () => {
    const meeting = built(
      { ...base, kind: 'meeting', durationSeconds: 600 },
      { whoId: 'c1', whoType: 'Contact', attendeeIds: ['c1', 'c2', 'c2', 'l3'] },
    );
    expect(meeting.attendeeIds).toEqual(['c2', 'l3']);
    expect(meeting.notes).toEqual([expect.stringMatching(/^attendees_unconfirmed: .*UNCONFIRMED/)]);
    const task = built(email, { attendeeIds: ['c2'] });
    expect(task.attendeeIds).toEqual([]);
    expect(task.notes).toEqual([expect.stringMatching(/^attendees_ignored: /)]);
  });
});
