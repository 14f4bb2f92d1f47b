/**
 * The built Event bodies (meetings) against the local org over real HTTP through jsforce, as the
 * worker sends them: upsert on RoxAI__RoxActivityId__c, read back with SOQL, resend to update.
 */
import type { ActivityInput } from '../../../src/writeback/activities/activity-schema.js';
import { updateFieldsOf } from '../../../src/writeback/activities/activity-builder.js';
import { base, useActivityOrg } from './activity-org-fixture.js';

const o = useActivityOrg();

describe('Event writeback into the local org', () => {
  it('creates a meeting Event with an end time and returns its attendees; a resend updates it', async () => {
    const input: ActivityInput = {
      ...base,
      kind: 'meeting',
      roxActivityId: 'mtg-end',
      endAt: '2024-05-01T15:15:00Z',
      location: 'Zoom',
      body: 'Agenda',
      participants: [{ email: 'x@acme.com', role: 'attendee' }],
    };
    const ctx = {
      whoId: o.ids.contact,
      whoType: 'Contact' as const,
      whatId: o.ids.account,
      attendeeIds: [o.ids.contact, o.ids.lead],
    };
    const a = o.build(input, ctx);
    expect(a.attendeeIds).toEqual([o.ids.lead]);
    expect(await o.upsert(a)).toBe(true);
    const select = [
      'StartDateTime',
      'EndDateTime',
      'DurationInMinutes',
      'IsAllDayEvent',
      'Location',
      'Subject',
      'Description',
      'WhoId',
      'WhatId',
    ];
    const [created] = await o.readBack(a, select);
    expect(created).toMatchObject({
      StartDateTime: '2024-05-01T14:30:00.000+0000',
      EndDateTime: '2024-05-01T15:15:00.000+0000',
      DurationInMinutes: 45,
      IsAllDayEvent: false,
      Location: 'Zoom',
      Subject: 'Pricing',
      Description: 'Attendees: x@acme.com\n\nAgenda',
      WhoId: o.ids.contact,
      WhatId: o.ids.account,
    });
    const resend = o.build({ ...input, subject: 'Pricing review' }, ctx);
    expect(await o.upsert(resend, updateFieldsOf(resend))).toBe(false);
    expect(await o.readBack(resend, ['Subject'])).toEqual([{ Id: created.Id, Subject: 'Pricing review' }]);
  });

  it('creates a meeting Event from a duration', async () => {
    const a = o.build({ ...base, kind: 'meeting', roxActivityId: 'mtg-dur', durationSeconds: 1800 });
    await o.upsert(a);
    expect(await o.readBack(a, ['StartDateTime', 'EndDateTime', 'DurationInMinutes'])).toEqual([
      {
        Id: expect.any(String),
        StartDateTime: '2024-05-01T14:30:00.000+0000',
        EndDateTime: '2024-05-01T15:00:00.000+0000',
        DurationInMinutes: 30,
      },
    ]);
  });

  it('creates an all-day meeting Event', async () => {
    const a = o.build({ ...base, kind: 'meeting', roxActivityId: 'mtg-day', allDay: true });
    await o.upsert(a);
    expect(await o.readBack(a, ['IsAllDayEvent', 'ActivityDate', 'DurationInMinutes'])).toEqual([
      { Id: expect.any(String), IsAllDayEvent: true, ActivityDate: '2024-05-01', DurationInMinutes: 1440 },
    ]);
  });

  it('drops the What of a Lead Who on an Event too, and the Event is accepted', async () => {
    const ctx = { whoId: o.ids.lead, whoType: 'Lead' as const, whatId: o.ids.opportunity };
    const a = o.build({ ...base, kind: 'meeting', roxActivityId: 'mtg-lead', durationSeconds: 900 }, ctx);
    expect(a.notes).toEqual([expect.stringMatching(/^what_dropped_for_lead: WhatId .* the Event's Who is a Lead/)]);
    await o.upsert(a);
    expect(await o.readBack(a, ['WhoId', 'WhatId'])).toEqual([
      { Id: expect.any(String), WhoId: o.ids.lead, WhatId: null },
    ]);
  });
});
