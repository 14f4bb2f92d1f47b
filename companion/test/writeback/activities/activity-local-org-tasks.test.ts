/**
 * The built Task bodies (email, call, LinkedIn) against the local org over real HTTP through
 * jsforce, as the worker sends them: upsert on RoxAI__RoxActivityId__c, read back with SOQL,
 * resend to update. Events: activity-local-org-events.test.ts.
 */
import type { ActivityInput } from '../../../src/writeback/activities/activity-schema.js';
import { DESCRIPTION_TRUNCATION_MARKER } from '../../../src/writeback/activities/activity-fields.js';
import { SF } from '../../../src/salesforce/names.js';
import { fields as f } from '../../../local-org/src/index.js';
import { buildActivity, updateFieldsOf } from '../../../src/writeback/activities/activity-builder.js';
import { base, useActivityOrg } from './activity-org-fixture.js';

const o = useActivityOrg({
  // Org-specific Task field for the mapping test; not permissionable, so no FLS setup is needed.
  schema: {
    customFields: [
      { object: 'Task', fields: [f.string('Rox_Channel__c', 'Rox Channel', 20, { permissionable: false })] },
    ],
  },
});

describe('Task writeback into the local org', () => {
  it('creates an email Task with Who and What, and a resend with a new subject updates the same record', async () => {
    const input: ActivityInput = {
      ...base,
      kind: 'email',
      roxActivityId: 'email-1',
      body: 'Quote attached.',
      direction: 'outbound',
      participants: [{ email: 'x@acme.com', role: 'to' }],
    };
    const ctx = { whoId: o.ids.contact, whoType: 'Contact' as const, whatId: o.ids.opportunity };
    const first = o.build(input, ctx);
    expect(await o.upsert(first)).toBe(true);
    const [created] = await o.readBack(first, [
      'TaskSubtype',
      'Status',
      'ActivityDate',
      'Subject',
      'Description',
      'WhoId',
      'WhatId',
      'AccountId',
      'IsClosed',
    ]);
    expect(created).toMatchObject({
      TaskSubtype: 'Email',
      Status: 'Completed',
      IsClosed: true,
      ActivityDate: '2024-05-01',
      Subject: 'Pricing',
      Description: 'Direction: Outbound\nTo: x@acme.com\n\nQuote attached.',
      WhoId: o.ids.contact,
      WhatId: o.ids.opportunity,
      AccountId: o.ids.account,
    });

    const resend = o.build({ ...input, subject: 'Pricing (v2)' }, ctx);
    expect(await o.upsert(resend, updateFieldsOf(resend))).toBe(false);
    const after = await o.readBack(resend, ['Subject', 'TaskSubtype', 'Status']);
    expect(after).toEqual([{ Id: created.Id, Subject: 'Pricing (v2)', TaskSubtype: 'Email', Status: 'Completed' }]);
  });

  it('UNCONFIRMED TaskSubtype updateability: the local org refuses the full create body on a resend, hence createOnlyFields', async () => {
    const a = o.build({ ...base, kind: 'email', roxActivityId: 'email-resend-full' });
    await o.upsert(a);
    await expect(o.upsert(a)).rejects.toMatchObject({ errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE' });
    expect(a.createOnlyFields).toContain('TaskSubtype');
    expect(await o.upsert(a, updateFieldsOf(a))).toBe(false);
  });

  it('creates a call Task with CallType, duration and disposition', async () => {
    const a = o.build({
      ...base,
      kind: 'call',
      roxActivityId: 'call-1',
      direction: 'inbound',
      durationSeconds: 310,
      callDisposition: 'Connected',
    });
    await o.upsert(a);
    expect(
      await o.readBack(a, ['TaskSubtype', 'CallType', 'CallDurationInSeconds', 'CallDisposition', 'Status']),
    ).toEqual([
      {
        Id: expect.any(String),
        TaskSubtype: 'Call',
        CallType: 'Inbound',
        CallDurationInSeconds: 310,
        CallDisposition: 'Connected',
        Status: 'Completed',
      },
    ]);
  });

  it('creates a LinkedIn message with the LinkedIn subtype this org lists, and no Type (hidden from the integration user)', async () => {
    expect(o.describes.Task.fields.map((fd) => fd.name)).not.toContain('Type');
    const a = o.build({ ...base, kind: 'linkedin_message', roxActivityId: 'li-msg-1', direction: 'inbound' });
    expect(a.notes).toEqual([]);
    expect(a.fields).not.toHaveProperty('Type');
    await o.upsert(a);
    expect(await o.readBack(a, ['TaskSubtype', 'Subject', 'Description'])).toEqual([
      {
        Id: expect.any(String),
        TaskSubtype: 'LinkedIn',
        Subject: 'LinkedIn message: Pricing',
        Description: 'Direction: Inbound',
      },
    ]);
  });

  it('creates a LinkedIn connection request as TaskSubtype Task when built without a describe', async () => {
    const a = o.build({ ...base, kind: 'linkedin_connection', roxActivityId: 'li-conn-1' }, { describe: undefined });
    expect(a.notes).toEqual([expect.stringMatching(/^task_subtype_fallback: /)]);
    await o.upsert(a);
    expect(await o.readBack(a, ['TaskSubtype', 'Subject'])).toEqual([
      { Id: expect.any(String), TaskSubtype: 'Task', Subject: 'LinkedIn connection request: Pricing' },
    ]);
  });

  it('drops the What of a Lead Who, reports it, and the Task is accepted (the pair is refused; its error code is UNCONFIRMED)', async () => {
    const ctx = { whoId: o.ids.lead, whoType: 'Lead' as const, whatId: o.ids.account };
    const a = o.build({ ...base, kind: 'email', roxActivityId: 'lead-1' }, ctx);
    expect(a.notes).toEqual([expect.stringMatching(/^what_dropped_for_lead: /)]);
    await o.upsert(a);
    expect(await o.readBack(a, ['WhoId', 'WhatId'])).toEqual([
      { Id: expect.any(String), WhoId: o.ids.lead, WhatId: null },
    ]);
    // The rule is real: with the What kept the org refuses the Task. The facts file leaves the real
    // error code UNCONFIRMED; FIELD_INTEGRITY_EXCEPTION on WhoId/WhatId is the local org's choice.
    const kept = { ...a, externalId: 'lead-2' };
    await expect(o.upsert(kept, { ...a.fields, WhatId: o.ids.account })).rejects.toMatchObject({
      errorCode: 'FIELD_INTEGRITY_EXCEPTION',
    });
    expect((await o.conn.query(`SELECT Id FROM Task WHERE ${SF.roxActivityId} = 'lead-2'`)).totalSize).toBe(0);
  });

  it('cuts a long body to the describe length of Description, with the marker', async () => {
    const a = o.build({ ...base, kind: 'email', roxActivityId: 'long-1', body: 'y'.repeat(40000) });
    const max = o.describes.Task.fields.find((fd) => fd.name === 'Description')?.length;
    expect(max).toBe(32000);
    expect(a.notes).toEqual(['text_truncated: Description cut to 32000 characters']);
    await o.upsert(a);
    const [row] = await o.readBack(a, ['Description']);
    const description = row.Description as string;
    expect(description).toHaveLength(32000);
    expect(description.endsWith(DESCRIPTION_TRUNCATION_MARKER)).toBe(true);
  });

  it('applies static values and field mappings (cut to the custom field length)', async () => {
    const tab = o.mappings();
    const m = o.mappings({
      customRoxFields: [{ key: 'custom_channel', label: 'Channel', type: 'string' }],
      fieldMappings: [
        ...tab.fieldMappings,
        { sobject: 'Task', roxField: 'custom_channel', salesforceField: 'Rox_Channel__c', mode: 'read_write' },
      ],
      staticValues: [
        ...tab.staticValues,
        { sobject: 'Task', salesforceField: 'Type', value: 'Email', applyOn: 'create_and_update' },
        { sobject: 'Task', salesforceField: 'Priority', value: 'High', applyOn: 'create' },
        { sobject: 'Event', salesforceField: 'Type', value: 'Meeting', applyOn: 'create_and_update' },
      ],
    });
    const task = o.build(
      {
        ...base,
        kind: 'email',
        roxActivityId: 'static-1',
        customFields: { custom_channel: 'sequence-step-number-12' },
      },
      { mappings: m },
    );
    // Task.Type is hidden from this org's integration user (facts §A2, jsforce #995): left out, not an INVALID_FIELD.
    expect(task.notes).toEqual([
      expect.stringMatching(/^field_not_visible: Type \(static value\)/),
      'text_truncated: Rox_Channel__c cut to 20 characters',
    ]);
    expect(task.createOnlyFields).toEqual(['TaskSubtype', 'Status', 'Priority']);
    await o.upsert(task);
    expect(await o.readBack(task, ['Priority', 'Rox_Channel__c'])).toEqual([
      { Id: expect.any(String), Priority: 'High', Rox_Channel__c: 'sequence-step-numbe…' },
    ]);
    const event = o.build(
      { ...base, kind: 'meeting', roxActivityId: 'static-2', durationSeconds: 600 },
      { mappings: m },
    );
    await o.upsert(event);
    expect(await o.readBack(event, ['Type'])).toEqual([{ Id: expect.any(String), Type: 'Meeting' }]);
  });

  it('rejects an activity whose writeback toggle is off and writes nothing', async () => {
    const off = o.mappings({ writeback: { ...o.mappings().writeback, phoneCall: false } });
    const r = buildActivity(
      { ...base, kind: 'call', roxActivityId: 'off-1' },
      { mappings: off, describe: o.describes },
    );
    expect(r).toEqual({
      ok: false,
      reasons: [{ code: 'writeback_disabled', message: expect.stringContaining('writeback.phoneCall') }],
    });
    const rows = await o.conn.query(`SELECT Id FROM Task WHERE ${SF.roxActivityId} = 'off-1'`);
    expect(rows.totalSize).toBe(0);
  });

  it('rejects an invalid activity with messages naming the fields', () => {
    const r = buildActivity(
      { ...base, kind: 'email', roxActivityId: 'bad id', participants: [{ email: 'nope' }] } as ActivityInput,
      { mappings: o.mappings(), describe: o.describes },
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reasons.map((x) => x.message)).toEqual([
      expect.stringMatching(/^roxActivityId: /),
      expect.stringMatching(/^participants\.0\.email: /),
    ]);
  });
});
