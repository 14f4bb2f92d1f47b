/**
 * The built Event bodies (meetings) against the local org over real HTTP through jsforce, as the
 * worker sends them: upsert on RoxAI__RoxActivityId__c, read back with SOQL, resend to update.
 */
import { Connection } from 'jsforce';
import { createLocalOrg, type RunningLocalOrg } from '../../local-org/src/index.js';
import { defaultCrmMappings, type ActivityMapping } from '../../src/mappings/index.js';
import { SF } from '../../src/salesforce/names.js';
import {
  buildActivity,
  updateFieldsOf,
  type BuildActivityContext,
  type BuiltActivity,
  type DescribeLike,
} from '../../src/writeback/activity-builder.js';
import type { ActivityInput } from '../../src/writeback/activity-schema.js';

let lo: RunningLocalOrg;
let conn: Connection;
let describes: { Task: DescribeLike; Event: DescribeLike };
const ids = { contact: '', lead: '', account: '', opportunity: '' };

beforeAll(async () => {
  lo = await createLocalOrg({
    logLevel: 'silent',
    crmSeed: false,
  });
  const integration = lo.org.users.integration;
  const s = lo.org.issueSession(integration.username);
  conn = new Connection({ instanceUrl: lo.instanceUrl, accessToken: s.accessToken, version: '62.0' });
  ids.account = lo.org.insert('Account', { Name: 'Acme' }, integration.id);
  ids.contact = lo.org.insert(
    'Contact',
    { LastName: 'X', Email: 'x@acme.com', AccountId: ids.account },
    integration.id,
  );
  ids.lead = lo.org.insert('Lead', { LastName: 'L', Company: 'Beta', Email: 'l@beta.com' }, integration.id);
  ids.opportunity = lo.org.insert(
    'Opportunity',
    { Name: 'Acme deal', StageName: 'Prospecting', CloseDate: '2024-12-31', AccountId: ids.account },
    integration.id,
  );
  describes = { Task: await conn.sobject('Task').describe(), Event: await conn.sobject('Event').describe() };
});

afterAll(async () => {
  await lo.close();
});

function mappings(patch: Partial<ActivityMapping> = {}): ActivityMapping {
  return {
    ...defaultCrmMappings().activities,
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

function build(input: ActivityInput, ctx: Partial<BuildActivityContext> = {}): BuiltActivity {
  const r = buildActivity(input, { mappings: mappings(), describe: describes, ...ctx });
  if (!r.ok) throw new Error(`refused: ${JSON.stringify(r.reasons)}`);
  return r.activity;
}

/** The worker's send: the create body for a new activity, the update body for a resend. */
async function upsert(a: BuiltActivity, body: Record<string, unknown> = a.fields): Promise<boolean | undefined> {
  const res = await conn.sobject(a.sobject).upsert({ ...body, [SF.roxActivityId]: a.externalId }, SF.roxActivityId);
  if (!res.success) throw new Error(JSON.stringify(res.errors));
  return (res as { created?: boolean }).created;
}

async function readBack(a: BuiltActivity, select: string[]): Promise<Array<Record<string, unknown>>> {
  const soql = `SELECT Id, ${select.join(', ')} FROM ${a.sobject} WHERE ${SF.roxActivityId} = '${a.externalId}'`;
  return (await conn.query<Record<string, unknown>>(soql)).records.map(({ attributes: _a, ...r }) => r);
}

const at = '2024-05-01T14:30:00Z';
const base = { subject: 'Pricing', occurredAt: at, participants: [] };

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
      whoId: ids.contact,
      whoType: 'Contact' as const,
      whatId: ids.account,
      attendeeIds: [ids.contact, ids.lead],
    };
    const a = build(input, ctx);
    expect(a.attendeeIds).toEqual([ids.lead]);
    expect(await upsert(a)).toBe(true);
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
    const [created] = await readBack(a, select);
    expect(created).toMatchObject({
      StartDateTime: '2024-05-01T14:30:00.000+0000',
      EndDateTime: '2024-05-01T15:15:00.000+0000',
      DurationInMinutes: 45,
      IsAllDayEvent: false,
      Location: 'Zoom',
      Subject: 'Pricing',
      Description: 'Attendees: x@acme.com\n\nAgenda',
      WhoId: ids.contact,
      WhatId: ids.account,
    });
    const resend = build({ ...input, subject: 'Pricing review' }, ctx);
    expect(await upsert(resend, updateFieldsOf(resend))).toBe(false);
    expect(await readBack(resend, ['Subject'])).toEqual([{ Id: created.Id, Subject: 'Pricing review' }]);
  });

  it('creates a meeting Event from a duration', async () => {
    const a = build({ ...base, kind: 'meeting', roxActivityId: 'mtg-dur', durationSeconds: 1800 });
    await upsert(a);
    expect(await readBack(a, ['StartDateTime', 'EndDateTime', 'DurationInMinutes'])).toEqual([
      {
        Id: expect.any(String),
        StartDateTime: '2024-05-01T14:30:00.000+0000',
        EndDateTime: '2024-05-01T15:00:00.000+0000',
        DurationInMinutes: 30,
      },
    ]);
  });

  it('creates an all-day meeting Event', async () => {
    const a = build({ ...base, kind: 'meeting', roxActivityId: 'mtg-day', allDay: true });
    await upsert(a);
    expect(await readBack(a, ['IsAllDayEvent', 'ActivityDate', 'DurationInMinutes'])).toEqual([
      { Id: expect.any(String), IsAllDayEvent: true, ActivityDate: '2024-05-01', DurationInMinutes: 1440 },
    ]);
  });

  it('drops the What of a Lead Who on an Event too, and the Event is accepted', async () => {
    const ctx = { whoId: ids.lead, whoType: 'Lead' as const, whatId: ids.opportunity };
    const a = build({ ...base, kind: 'meeting', roxActivityId: 'mtg-lead', durationSeconds: 900 }, ctx);
    expect(a.notes).toEqual([expect.stringMatching(/^what_dropped_for_lead: WhatId .* the Event's Who is a Lead/)]);
    await upsert(a);
    expect(await readBack(a, ['WhoId', 'WhatId'])).toEqual([{ Id: expect.any(String), WhoId: ids.lead, WhatId: null }]);
  });
});
