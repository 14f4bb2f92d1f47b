/**
 * The activity builder's layering without an org: field mappings and static values on top of the
 * kind's fields, and what a describe changes (visibility, writability, picklists, lengths).
 */
import { SF } from '../../../src/salesforce/names.js';
import { buildActivity } from '../../../src/writeback/activities/activity-builder.js';
import { DESCRIPTION_TRUNCATION_MARKER, trimToLength } from '../../../src/writeback/activities/activity-fields.js';
import { base, built, mappings, picklist, taskDescribe } from './activity-builder-helpers.js';

describe('buildActivity: mappings and static values', () => {
  it('applies static values on top, create-only ones listed as such, never over the key or relations', () => {
    const m = mappings({
      staticValues: [
        { sobject: 'Task', salesforceField: 'Type', value: 'Email', applyOn: 'create_and_update' },
        { sobject: 'Task', salesforceField: 'priority', value: 'High', applyOn: 'create' },
        { sobject: 'Task', salesforceField: 'Status', value: 'Deferred', applyOn: 'create_and_update' },
        { sobject: 'Task', salesforceField: 'WhoId', value: '003000000000009AAA', applyOn: 'create' },
        { sobject: 'Event', salesforceField: 'Type', value: 'Meeting', applyOn: 'create' },
      ],
    });
    const r = buildActivity(
      { ...base, kind: 'email' },
      { mappings: m, whoId: '003000000000001AAA', whoType: 'Contact' },
    );
    if (!r.ok) throw new Error('refused');
    expect(r.activity.fields).toMatchObject({
      Type: 'Email',
      priority: 'High',
      Status: 'Deferred',
      WhoId: '003000000000001AAA',
    });
    expect(r.activity.createOnlyFields).toEqual(['TaskSubtype', 'priority']);
    expect(r.activity.notes).toEqual([expect.stringMatching(/^static_value_ignored: static value for WhoId/)]);
  });

  it('drops a static Status on an Event (Event has no Status) and a derived AccountId', () => {
    const m = mappings({
      staticValues: [
        { sobject: 'Event', salesforceField: 'Status', value: 'Completed', applyOn: 'create' },
        { sobject: 'Event', salesforceField: 'AccountId', value: '001000000000001AAA', applyOn: 'create' },
      ],
    });
    const r = buildActivity({ ...base, kind: 'meeting', durationSeconds: 60 }, { mappings: m });
    if (!r.ok) throw new Error('refused');
    expect(r.activity.fields).not.toHaveProperty('Status');
    expect(r.activity.fields).not.toHaveProperty('AccountId');
    expect(r.activity.notes).toEqual([
      expect.stringMatching(/^field_not_writable: Status/),
      expect.stringMatching(/^field_not_writable: AccountId/),
    ]);
  });

  it('writes Read and Write field mappings (custom Rox fields too) and ignores Read Only ones', () => {
    const tab = mappings();
    const m = mappings({
      fieldMappings: [
        ...tab.fieldMappings,
        { sobject: 'Task', roxField: 'occurred_at', salesforceField: 'Rox_Occurred_At__c', mode: 'read_write' },
        { sobject: 'Task', roxField: 'custom_channel', salesforceField: 'Channel__c', mode: 'read_write' },
        { sobject: 'Task', roxField: 'subject', salesforceField: 'Read_Only_Copy__c', mode: 'read_only' },
        { sobject: 'Event', roxField: 'subject', salesforceField: 'Event_Only__c', mode: 'read_write' },
      ],
    });
    const r = buildActivity({ ...base, kind: 'email', customFields: { custom_channel: 'web' } }, { mappings: m });
    if (!r.ok) throw new Error('refused');
    expect(r.activity.fields).toMatchObject({ Rox_Occurred_At__c: '2024-05-02T06:30:00.000Z', Channel__c: 'web' });
    expect(r.activity.fields).not.toHaveProperty('Read_Only_Copy__c');
    expect(r.activity.fields).not.toHaveProperty('Event_Only__c');
    expect(r.activity.notes).toEqual([]);
  });

  it('lets a mapping re-route a core field, and reports the override', () => {
    const m = mappings({
      fieldMappings: [{ sobject: 'Task', roxField: 'occurred_at', salesforceField: 'subject', mode: 'read_write' }],
    });
    const r = buildActivity({ ...base, kind: 'email' }, { mappings: m });
    if (!r.ok) throw new Error('refused');
    expect(r.activity.fields.Subject).toBe('2024-05-02T06:30:00.000Z');
    expect(r.activity.notes).toEqual([expect.stringMatching(/^mapping_overrode: subject set from occurred_at/)]);
  });
});

describe('buildActivity: describe and lengths', () => {
  it('cuts the Description to the describe length with the marker, and the Subject to 255', () => {
    const describe = taskDescribe({ subtypes: ['Task', 'Email'], types: [], descriptionLength: 100 });
    const a = built(
      { ...base, kind: 'email', subject: 's'.repeat(300), body: 'b'.repeat(500) },
      { describe: { Task: describe } },
    );
    const description = a.fields.Description as string;
    expect(description).toHaveLength(100);
    expect(description.endsWith(DESCRIPTION_TRUNCATION_MARKER)).toBe(true);
    expect(a.fields.Subject).toBe(`${'s'.repeat(254)}…`);
    expect(a.notes).toEqual([
      'text_truncated: Subject cut to 255 characters',
      'text_truncated: Description cut to 100 characters',
    ]);
  });

  it('sends a field the describe marks not updateable on create only, and leaves out one not createable', () => {
    const describe = taskDescribe({ subtypes: ['Task', 'Email'], types: [] });
    describe.fields.push(
      { name: 'Source__c', type: 'string', length: 40, updateable: false },
      { name: 'Formula__c', type: 'string', length: 40, createable: false, updateable: false },
    );
    const m = mappings({
      staticValues: [
        { sobject: 'Task', salesforceField: 'Source__c', value: 'Rox', applyOn: 'create_and_update' },
        { sobject: 'Task', salesforceField: 'Formula__c', value: 'x', applyOn: 'create_and_update' },
      ],
    });
    const r = buildActivity({ ...base, kind: 'email' }, { mappings: m, describe: { Task: describe } });
    if (!r.ok) throw new Error('refused');
    expect(r.activity.fields.Source__c).toBe('Rox');
    expect(r.activity.fields).not.toHaveProperty('Formula__c');
    expect(r.activity.createOnlyFields).toEqual(['TaskSubtype', 'Status', 'Source__c']);
    expect(r.activity.notes).toEqual([expect.stringMatching(/^field_not_writable: Formula__c \(static value\)/)]);
  });

  it('uses the documented 32000 for the Description without a describe', () => {
    const a = built({ ...base, kind: 'email', body: 'x'.repeat(40000) });
    expect((a.fields.Description as string).length).toBe(32000);
  });

  it('never splits a surrogate pair when cutting', () => {
    expect(trimToLength('ab😀cd', 4, '…')).toBe('ab…');
    expect(trimToLength('short', 10, '…')).toBe('short');
  });

  it('leaves out fields the describe does not show and picklist values the org lacks, using the describe spelling of names', () => {
    const describe = taskDescribe({ subtypes: ['Task', 'Call'], types: [] });
    const m = mappings({
      staticValues: [
        { sobject: 'Task', salesforceField: 'Hidden__c', value: 'x', applyOn: 'create' },
        { sobject: 'Task', salesforceField: 'description', value: 'Logged by Rox', applyOn: 'create' },
      ],
    });
    const r = buildActivity(
      { ...base, kind: 'call', direction: 'outbound', durationSeconds: 5, callDisposition: 'Connected' },
      { mappings: m, describe: { Task: describe } },
    );
    if (!r.ok) throw new Error('refused');
    expect(r.activity.fields).toEqual({
      TaskSubtype: 'Call',
      Status: 'Completed',
      Subject: 'Intro',
      ActivityDate: '2024-05-01',
      CallDurationInSeconds: 5,
      Description: 'Logged by Rox',
      [SF.roxActivityId]: 'act-1',
    });
    expect(r.activity.createOnlyFields).toEqual(['TaskSubtype', 'Status', 'Description']);
    expect(r.activity.notes).toEqual([
      'picklist_value_skipped: CallType not set: "Outbound" is not an active CallType value',
      expect.stringMatching(/^field_not_visible: CallDisposition \(mapping call_disposition\)/),
      expect.stringMatching(/^field_not_visible: Hidden__c \(static value\)/),
    ]);
  });
});
