/**
 * Activities: resolve who and what (ID mapping; lead resolution for emails when it is on), build
 * the Task or Event, and write it on the org's activity-id field (activity-id-field.ts) through
 * sObject Collections (200 per call), so a resend updates the same record: an upsert on an External
 * ID, or find-then-insert-or-update on a field made by hand that is not one (activity-by-query.ts).
 * A record that already exists is sent again without its create-only fields (TaskSubtype,
 * creation-time static values) when Salesforce refuses them. Keys several records share are
 * written to the oldest of them, the others reported.
 */
import type { CrmMappings } from '../../mappings/index.js';
import { defaultCrmMappings } from '../../mappings/index.js';
import type { SaveResult } from '../../salesforce/sf-client.js';
import { type ActivityWriteResult, adoptHandMadeIds, writeByQuery } from './activity-by-query.js';
import {
  type ActivityIdField,
  type ActivityIdFieldChoice,
  chooseActivityIdField,
  describeChoice,
} from './activity-id-field.js';
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
      const mine = built.filter((b) => b.activity.sobject === sobject);
      if (mine.length === 0) continue;
      let field: ActivityIdFieldChoice;
      try {
        field = await activityIdField(sobject, d);
      } catch (e) {
        return d.pass.failCall(
          e,
          mine.map((b) => b.row),
        );
      }
      if ('problem' in field) {
        await d.pass.settle(
          mine.map(({ row }) =>
            settleFailure(row, 'permanent', d.pass.retry, field.problem, {
              error: { code: 'ACTIVITY_ID_FIELD_MISSING', message: field.problem },
            }),
          ),
        );
        continue;
      }
      for (const part of chunk(withIdField(mine, field), 200)) {
        const effect = await writePart(sobject, part, field, d);
        if (effect.pauseMs) return effect;
      }
    }
    return {};
  };
}

/** The org's activity-id field of an object, from describe, remembered for ten minutes per connection. */
const FIELD_TTL_MS = 10 * 60_000;
const fieldCache = new Map<string, { at: number; choice: ActivityIdFieldChoice }>();

export async function activityIdField(sobject: 'Task' | 'Event', d: Pick<SenderDeps, 'client' | 'connectionId'>) {
  const key = `${d.connectionId}:${sobject}`;
  const hit = fieldCache.get(key);
  if (hit && Date.now() - hit.at < FIELD_TTL_MS) return hit.choice;
  const describe = await d.client.describe(sobject);
  const choice = chooseActivityIdField(sobject, describe?.fields);
  // A missing field is looked for again at the next try (the admin may be installing the package).
  if (!('problem' in choice)) fieldCache.set(key, { at: Date.now(), choice });
  return choice;
}

/** For the connection status and doctor: the field used on Task and on Event, in words. */
export async function activityIdFieldReport(
  connections: { client(id: string): Promise<SenderDeps['client']> },
  connectionId: string,
): Promise<string[]> {
  try {
    const client = await connections.client(connectionId);
    const out: string[] = [];
    for (const sobject of ['Task', 'Event'] as const)
      out.push(describeChoice(sobject, await activityIdField(sobject, { client, connectionId })));
    return out;
  } catch (e) {
    return [`not known: ${(e as Error).message}`];
  }
}

/** Forgets the remembered field (its describe changed under us). */
export function forgetActivityIdField(connectionId: string): void {
  for (const k of fieldCache.keys()) if (k.startsWith(`${connectionId}:`)) fieldCache.delete(k);
}

/** The activity bodies with the id on the org's field (the builder put it on the package's by default). */
function withIdField(
  built: Array<{ row: ActivityRow; activity: BuiltActivity }>,
  field: ActivityIdField,
): Array<{ row: ActivityRow; activity: BuiltActivity }> {
  return built.map(({ row, activity }) => {
    const fields = { ...activity.fields };
    for (const name of Object.keys(fields)) if (/RoxActivityId__c$/i.test(name)) delete fields[name];
    fields[field.key] = activity.externalId;
    if (field.alsoWrite) fields[field.alsoWrite] = activity.externalId;
    return { row, activity: { ...activity, fields } };
  });
}

const isDuplicateKey = (r: SaveResult | undefined) =>
  !!r && !r.success && r.errors.some((e) => e.statusCode === 'DUPLICATE_EXTERNAL_ID' || e.statusCode === 'MULTIPLE_CHOICES');

async function writePart(
  sobject: 'Task' | 'Event',
  part: Array<{ row: ActivityRow; activity: BuiltActivity }>,
  field: ActivityIdField,
  d: SenderDeps,
): Promise<CallFailureEffect> {
  if (!field.externalId) {
    let results: ActivityWriteResult[];
    try {
      results = await writeByQuery(sobject, part, field, d);
    } catch (e) {
      return d.pass.failCall(
        e,
        part.map((p) => p.row),
      );
    }
    await settleUpserts(part, results, d);
    return {};
  }
  if (field.alsoWrite) {
    try {
      await adoptHandMadeIds(sobject, part, field, d);
    } catch (e) {
      return d.pass.failCall(
        e,
        part.map((p) => p.row),
      );
    }
  }
  return upsertPart(sobject, part, field, d);
}

async function upsertPart(
  sobject: 'Task' | 'Event',
  part: Array<{ row: ActivityRow; activity: BuiltActivity }>,
  field: ActivityIdField,
  d: SenderDeps,
): Promise<CallFailureEffect> {
  let results: ActivityWriteResult[];
  try {
    results = await d.client.upsertRecords(
      sobject,
      field.key,
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
        field.key,
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
  // Several records hold one key (a non-unique External ID: copies made by hand): the oldest is written.
  const shared = results.map((r, i) => (isDuplicateKey(r) ? i : -1)).filter((i) => i >= 0);
  if (shared.length > 0) {
    try {
      const placed = await writeByQuery(
        sobject,
        shared.map((i) => part[i]),
        field,
        d,
      );
      shared.forEach((i, k) => (results[i] = placed[k]));
    } catch (e) {
      effect = await d.pass.failCall(
        e,
        shared.map((i) => part[i].row),
      );
      for (const i of shared) results[i] = undefined as unknown as SaveResult;
    }
  }
  await settleUpserts(part, results, d);
  return effect;
}

/** Each record's upsert result, settled in one transaction (rows without a result were settled already). */
async function settleUpserts(
  part: Array<{ row: ActivityRow; activity: BuiltActivity }>,
  results: ActivityWriteResult[],
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
        outcome: {
          created: r.created ?? null,
          fields: activity.fields,
          notes: r.duplicates?.length
            ? [
                ...activity.notes,
                `duplicate_activity_id: ${r.duplicates.length} other ${activity.sobject} record(s) hold this activity id (${r.duplicates.join(', ')}); the oldest, ${r.id}, was written and the others left as they are`,
              ]
            : activity.notes,
          ...(r.duplicates?.length ? { duplicates: r.duplicates } : {}),
        },
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
