/**
 * The create-a-Lead step of lead resolution: claim each email, create the claimed Leads through
 * sObject Collections (200 per call, allOrNone false), record each created Lead at once, and tell
 * the caller which emails another instance is still creating (`pending`).
 */
import { leadDraft } from './lead-resolution-email.js';
import type {
  LeadResolutionOptions,
  LeadResolutionPorts,
  NormalizedParticipant,
  ResolutionOutcome,
} from './lead-resolution-types.js';

/** sObject Collections takes at most 200 records per call. */
export const CREATE_BATCH = 200;

type CreateResult = Awaited<ReturnType<LeadResolutionPorts['createRecords']>>[number];

function failure(email: string, result: CreateResult | undefined): ResolutionOutcome {
  const errors = result?.errors ?? [];
  if (errors.length === 0)
    return {
      email,
      error: { code: 'LEAD_CREATE_FAILED', message: 'Salesforce returned no Id and no error for the new Lead.' },
    };
  const message = errors
    .map((e) => (e.fields && e.fields.length > 0 ? `${e.message} (${e.fields.join(', ')})` : e.message))
    .join('; ');
  return { email, error: { code: errors[0].statusCode, message: `The Lead could not be created: ${message}` } };
}

/**
 * Resolves emails that matched nothing by creating one Lead each. `emails` are unique, lower-cased
 * and valid; `people` holds their merged participant data.
 */
export async function createLeads(
  emails: string[],
  people: Map<string, NormalizedParticipant>,
  ports: LeadResolutionPorts,
  options: LeadResolutionOptions,
  staleNote: (email: string) => string,
): Promise<Map<string, ResolutionOutcome>> {
  const out = new Map<string, ResolutionOutcome>();
  if (emails.length === 0) return out;
  const asked = new Set(emails);
  const owned = new Set(
    [...(await ports.claimNewLeads(emails))].map((e) => e.toLowerCase()).filter((e) => asked.has(e)),
  );

  await Promise.all(
    emails
      .filter((email) => !owned.has(email))
      .map(async (email) => {
        const leadId = await ports.createdLead(email);
        out.set(
          email,
          leadId
            ? {
                email,
                sobject: 'Lead',
                id: leadId,
                reason: 'created_lead',
                created: false,
                accountId: null,
                detail: `Lead ${leadId} was created for this email by another companion run${staleNote(email)}`,
              }
            : {
                email,
                pending: true,
                detail: 'Another companion run has claimed this email and is creating its Lead; retry later.',
              },
        );
      }),
  );

  const toCreate = emails.filter((email) => owned.has(email));
  for (let i = 0; i < toCreate.length; i += CREATE_BATCH) {
    const chunk = toCreate.slice(i, i + CREATE_BATCH);
    const drafts = chunk.map((email) => leadDraft(people.get(email) ?? { email }, options));
    const results = await ports.createRecords(
      'Lead',
      drafts.map((d) => d.values),
    );
    // Salesforce refused these Leads: nothing was created, so the claims go back at once and the
    // next try (after a lock clears, or a fix) may claim them again.
    const refused = chunk.filter((_, j) => !results[j]?.id);
    if (refused.length > 0) await ports.releaseClaims(refused);
    // Record every created Lead before anything else can fail, so no later run creates it again.
    await Promise.all(
      chunk.map(async (email, j) => {
        const id = results[j]?.id;
        if (!id) {
          out.set(email, failure(email, results[j]));
          return;
        }
        await ports.recordCreatedLead(email, id);
        out.set(email, {
          email,
          sobject: 'Lead',
          id,
          reason: 'created_lead',
          created: true,
          accountId: null,
          detail: `No Contact or Lead had this email; created Lead ${id} (${drafts[j].detail})${staleNote(email)}`,
        });
      }),
    );
  }
  return out;
}
