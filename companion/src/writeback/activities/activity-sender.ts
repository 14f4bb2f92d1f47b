/**
 * Activities: resolve who and what (ID mapping; lead resolution for emails when it is on), build
 * the Task or Event, and upsert it on RoxAI__RoxActivityId__c through sObject Collections (200 per
 * call), so a resend updates the same record. A record that already exists is sent again without
 * its create-only fields (TaskSubtype, creation-time static values) when Salesforce refuses them.
 */
import type { CrmMappings } from '../../mappings/index.js';
import { defaultCrmMappings } from '../../mappings/index.js';
import { SF } from '../../salesforce/names.js';
import type { SaveResult } from '../../salesforce/sf-client.js';
import type { MappingStore } from '../../store/mapping-store.js';
import type { PeopleStore } from '../../store/people-store.js';
import { type BuiltActivity, buildActivity, updateFieldsOf } from './activity-builder.js';
import type { ActivityInput } from './activity-schema.js';
import { chunk } from '../chunk.js';
import { resolveParticipants } from '../lead-resolution/lead-resolution.js';
import type { LeadResolutionPorts, ResolutionOutcome } from '../lead-resolution/lead-resolution-types.js';
import { classifyCode } from '../../salesforce/sf-errors.js';
import type { Settlement, WritebackRow } from '../../store/writeback-store.js';
import { classifyRecordErrors, settleFailure } from '../retry-policy.js';
import { oldest, toEpoch } from '../values.js';
import type { CallFailureEffect } from '../writeback-pass.js';
import type { SenderDeps } from '../writeback-ports.js';

type ActivityRow = WritebackRow<{ activity: ActivityInput; rejected: unknown[] }>;

export interface ActivitySenderDeps {
  mappingStore: MappingStore;
  people: PeopleStore;
}

/** How soon an email whose new Lead another pass is creating is tried again. */
const PENDING_MS = 2_000;

/** The person a Task is about: the recipient of an outbound message, the sender of an inbound one. */
export function primaryEmail(a: ActivityInput): string | undefined {
  const role = a.direction === 'inbound' ? 'from' : 'to';
  return (
    a.participants.find((p) => p.role === role) ??
    a.participants.find((p) => p.role !== 'from') ??
    a.participants[0]
  )?.email;
}

export function activitySender(x: ActivitySenderDeps) {
  return async (rowsIn: WritebackRow<unknown>[], d: SenderDeps): Promise<CallFailureEffect> => {
    const m: CrmMappings = (await x.mappingStore.get<CrmMappings>(d.connectionId))?.config ?? defaultCrmMappings();
    // A resend older than a version already written is superseded: versions apply by changedAt.
    const decided = await d.outbox.decidedChanges(
      d.connectionId,
      (rowsIn as ActivityRow[]).map((r) => r.recordKey),
      oldest((rowsIn as ActivityRow[]).map((r) => r.changedAt)),
    );
    const stale: Settlement[] = [];
    const rows: ActivityRow[] = [];
    for (const r of rowsIn as ActivityRow[]) {
      const newer = decided.get(r.recordKey)?.get('*');
      if (newer && toEpoch(newer) > toEpoch(r.changedAt))
        stale.push({
          id: r.id,
          state: 'superseded',
          outcome: {
            superseded: `a newer version of this activity (changed ${newer}) was already written; versions apply in the order they were made`,
          },
        });
      else rows.push(r);
    }
    await d.pass.settle(stale);
    let resolved = new Map<string, ResolutionOutcome>();
    try {
      resolved = await resolvePeople(rows, m, d, x);
    } catch (e) {
      return d.pass.failCall(e, rows);
    }
    const ids = await relatedIds(rows, d);
    const built: Array<{ row: ActivityRow; activity: BuiltActivity }> = [];
    const settled: Settlement[] = [];
    for (const row of rows) {
      const a = row.payload.activity;
      const person = personFor(a, ids, resolved);
      if (person && 'pending' in person) {
        settled.push({
          id: row.id,
          state: 'queued',
          event: 'waiting',
          detail: person.detail,
          delayMs: PENDING_MS,
          countAttempt: false,
        });
        continue;
      }
      if (person && 'error' in person) {
        settled.push(
          settleFailure(
            row,
            classifyCode(person.error.code),
            d.pass.retry,
            `${person.error.code}: ${person.error.message}`,
            {
              error: person.error,
            },
          ),
        );
        continue;
      }
      const whatId =
        ids.get(`Opportunity:${a.relatedTo?.opportunityRoxId}`) ??
        ids.get(`Account:${a.relatedTo?.accountRoxId}`) ??
        null;
      const result = buildActivity(a, {
        mappings: m.activities,
        whoId: person?.id ?? null,
        whoType: person?.sobject,
        whatId,
      });
      if (!result.ok) {
        settled.push({
          id: row.id,
          state: 'rejected',
          outcome: { rejected: result.reasons },
          detail: result.reasons.map((r) => r.message).join('; '),
        });
        continue;
      }
      built.push({ row, activity: result.activity });
    }
    await d.pass.settle(settled);
    for (const sobject of ['Task', 'Event'] as const) {
      for (const part of chunk(
        built.filter((b) => b.activity.sobject === sobject),
        200,
      )) {
        const effect = await upsertPart(sobject, part, d);
        if (effect.pauseMs) return effect;
      }
    }
    return {};
  };
}

async function upsertPart(
  sobject: 'Task' | 'Event',
  part: Array<{ row: ActivityRow; activity: BuiltActivity }>,
  d: SenderDeps,
): Promise<CallFailureEffect> {
  let results: SaveResult[];
  try {
    results = await d.client.upsertRecords(
      sobject,
      SF.roxActivityId,
      part.map((p) => p.activity.fields),
    );
  } catch (e) {
    return d.pass.failCall(
      e,
      part.map((p) => p.row),
    );
  }
  const again: number[] = [];
  results.forEach((r, i) => {
    const createOnly = part[i].activity.createOnlyFields;
    if (
      !r.success &&
      createOnly.length > 0 &&
      r.errors.every((e) => e.statusCode === 'INVALID_FIELD_FOR_INSERT_UPDATE')
    )
      again.push(i);
  });
  let effect: CallFailureEffect = {};
  if (again.length > 0) {
    // The records exist (resends): send them without the fields Salesforce sets only on create.
    try {
      const second = await d.client.upsertRecords(
        sobject,
        SF.roxActivityId,
        again.map((i) => updateFieldsOf(part[i].activity)),
      );
      again.forEach((i, k) => (results[i] = second[k]));
    } catch (e) {
      effect = await d.pass.failCall(
        e,
        again.map((i) => part[i].row),
      );
      // The rows that needed no second call are settled below; the others were settled as failed calls.
      for (const i of again) results[i] = undefined as unknown as SaveResult;
    }
  }
  await settleUpserts(part, results, d);
  return effect;
}

/** Each record's upsert result, settled in one transaction (rows without a result were settled already). */
async function settleUpserts(
  part: Array<{ row: ActivityRow; activity: BuiltActivity }>,
  results: SaveResult[],
  d: SenderDeps,
): Promise<void> {
  const settlements: Settlement[] = [];
  part.forEach(({ row, activity }, i) => {
    const r = results[i];
    if (!r) return;
    if (r.success) {
      settlements.push({
        id: row.id,
        state: 'written',
        outcome: { created: r.created ?? null, fields: activity.fields, notes: activity.notes },
        salesforceId: r.id ?? null,
      });
      return;
    }
    const errors = r.errors.length > 0 ? r.errors : [{ statusCode: 'UNKNOWN', message: 'no result for this record' }];
    const detail = errors.map((e) => `${e.statusCode}: ${e.message}`).join('; ');
    settlements.push(
      settleFailure(row, classifyRecordErrors(errors), d.pass.retry, detail, { errors, fields: activity.fields }),
    );
  });
  await d.pass.settle(settlements);
}

/** Salesforce ids of the Rox entities the activities name (person, account, opportunity). */
async function relatedIds(rows: ActivityRow[], d: SenderDeps): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const want: Record<string, Set<string>> = {
    Contact: new Set(),
    Lead: new Set(),
    Account: new Set(),
    Opportunity: new Set(),
  };
  for (const r of rows) {
    const rel = r.payload.activity.relatedTo;
    if (rel?.personRoxId) {
      want.Contact.add(rel.personRoxId);
      want.Lead.add(rel.personRoxId);
    }
    if (rel?.accountRoxId) want.Account.add(rel.accountRoxId);
    if (rel?.opportunityRoxId) want.Opportunity.add(rel.opportunityRoxId);
  }
  for (const [sobject, set] of Object.entries(want))
    for (const [roxId, sfId] of await d.ids.lookup(d.connectionId, sobject, [...set]))
      out.set(`${sobject}:${roxId}`, sfId);
  return out;
}

type Person =
  | { sobject: 'Contact' | 'Lead'; id: string }
  | { pending: true; detail: string }
  | { error: { code: string; message: string } };

function personFor(
  a: ActivityInput,
  ids: Map<string, string>,
  resolved: Map<string, ResolutionOutcome>,
): Person | undefined {
  const rel = a.relatedTo?.personRoxId;
  if (rel) {
    const contact = ids.get(`Contact:${rel}`);
    if (contact) return { sobject: 'Contact', id: contact };
    const lead = ids.get(`Lead:${rel}`);
    if (lead) return { sobject: 'Lead', id: lead };
  }
  const email = primaryEmail(a)?.trim().toLowerCase();
  const outcome = email ? resolved.get(email) : undefined;
  if (!outcome) return undefined;
  if ('pending' in outcome) return { pending: true, detail: outcome.detail };
  if ('error' in outcome) return { error: outcome.error };
  return { sobject: outcome.sobject, id: outcome.id };
}

async function resolvePeople(
  rows: ActivityRow[],
  m: CrmMappings,
  d: SenderDeps,
  x: ActivitySenderDeps,
): Promise<Map<string, ResolutionOutcome>> {
  if (!m.activities.leadResolution) return new Map();
  const participants = rows
    .map((r) => r.payload.activity)
    .filter((a) => a.kind === 'email' && !a.relatedTo?.personRoxId)
    .map((a) => a.participants.find((p) => p.email === primaryEmail(a)))
    .filter((p): p is NonNullable<typeof p> => p !== undefined);
  if (participants.length === 0) return new Map();
  const ports: LeadResolutionPorts = {
    query: (soql) => d.client.query(soql),
    createRecords: async (sobject, records) =>
      (await d.client.createRecords(sobject, records)).map((r) => ({ id: r.id ?? undefined, errors: r.errors })),
    knownPeople: (emails) => x.people.known(d.connectionId, emails),
    claimNewLeads: (emails) => x.people.claim(d.connectionId, emails, d.pass.token),
    releaseClaims: (emails) => x.people.release(d.connectionId, emails, d.pass.token),
    recordCreatedLead: (email, leadId) => x.people.recordLead(d.connectionId, email, leadId),
    createdLead: (email) => x.people.createdLead(d.connectionId, email),
  };
  const outcomes = await resolveParticipants(participants, ports, { createMissing: true });
  await x.people.remember(
    d.connectionId,
    [...outcomes.values()].flatMap((o) =>
      'id' in o ? [{ email: o.email.toLowerCase(), sobject: o.sobject, id: o.id, reason: o.reason }] : [],
    ),
  );
  return outcomes;
}
