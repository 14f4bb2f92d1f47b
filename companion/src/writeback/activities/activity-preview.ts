/**
 * Dry run of an activity: who and what it would be related to, the Lead that would be created for
 * an unknown address (Lead Resolution on), and the Task or Event fields — reading Salesforce, never
 * writing it.
 */
import type { ConnectionService } from '../../connections/connection-service.js';
import type { CrmMappings } from '../../mappings/index.js';
import type { IdMappingStore } from '../../store/id-mapping-store.js';
import type { PeopleStore } from '../../store/people-store.js';
import { buildActivity } from './activity-builder.js';
import { type ActivityItem, activityPlanner } from './activity-planner.js';
import { primaryEmail } from './activity-sender.js';
import { leadDraft } from '../lead-resolution/lead-resolution-email.js';
import { resolveParticipants } from '../lead-resolution/lead-resolution.js';
import type { ItemPlanner } from '../writeback-service.js';

export function activityPlannerWithPreview(deps: {
  connections: ConnectionService;
  ids: IdMappingStore;
  people: PeopleStore;
}): ItemPlanner {
  return {
    plan: activityPlanner.plan,
    async preview(raw, m: CrmMappings, connectionId) {
      if (raw.type !== 'activity') return undefined;
      const a = (raw as unknown as ActivityItem).activity;
      const rel = a.relatedTo ?? {};
      const one = async (sobject: string, roxId?: string) =>
        roxId ? (await deps.ids.lookup(connectionId, sobject, [roxId])).get(roxId) : undefined;
      let who: { sobject: 'Contact' | 'Lead'; id: string; reason: string } | undefined;
      const contact = await one('Contact', rel.personRoxId);
      const lead = contact ? undefined : await one('Lead', rel.personRoxId);
      if (contact) who = { sobject: 'Contact', id: contact, reason: 'mapped' };
      else if (lead) who = { sobject: 'Lead', id: lead, reason: 'mapped' };
      let wouldCreateLead: { values: Record<string, unknown>; detail: string } | null = null;
      const email = primaryEmail(a);
      if (!who && a.kind === 'email' && m.activities.leadResolution && email) {
        const client = await deps.connections.client(connectionId);
        const never = () => Promise.reject(new Error('a dry run writes nothing'));
        const outcomes = await resolveParticipants(
          [{ email }],
          {
            query: (soql) => client.query(soql),
            createRecords: never,
            knownPeople: (emails) => deps.people.known(connectionId, emails),
            claimNewLeads: never,
            releaseClaims: never,
            recordCreatedLead: never,
            createdLead: async () => undefined,
          },
          { createMissing: false },
        );
        const o = [...outcomes.values()][0];
        if (o && 'id' in o) who = { sobject: o.sobject, id: o.id, reason: o.reason };
        else if (o && 'error' in o && o.error.code === 'NO_MATCH') {
          const p = a.participants.find((x) => x.email === email);
          wouldCreateLead = leadDraft(
            { email: email.trim().toLowerCase(), name: p?.name, company: p?.company },
            { createMissing: true },
          );
        }
      }
      const whatId =
        (await one('Opportunity', rel.opportunityRoxId)) ?? (await one('Account', rel.accountRoxId)) ?? null;
      const built = buildActivity(a, { mappings: m.activities, whoId: who?.id ?? null, whoType: who?.sobject, whatId });
      return {
        who: who ?? null,
        whatId,
        wouldCreateLead,
        ...(built.ok
          ? { sobject: built.activity.sobject, fields: built.activity.fields, notes: built.activity.notes }
          : { rejected: built.reasons }),
      };
    },
  };
}
