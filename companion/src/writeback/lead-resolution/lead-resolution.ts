/**
 * Lead resolution for activity writeback: attaches each participant email of an activity to one
 * Salesforce person (a Contact or a Lead), and says why.
 *
 * Rules, in order (the first that applies wins):
 * 0. Emails are trimmed and lower-cased; that is the key of the result map and of every lookup.
 *    An email that is empty, longer than 80 characters (the Email field's length) or not a
 *    plausible address gets `error.code = 'INVALID_EMAIL'` and is never sent to Salesforce.
 *    The same email twice in one call is resolved once (first non-empty name and company win).
 * 1. mapped: the person Rox's ID mapping holds for the email (`knownPeople`), if Salesforce still
 *    shows it to the connected user. A mapped Lead that has since been converted resolves to its
 *    ConvertedContactId (reason `converted_lead`). A mapping whose record is gone or not visible
 *    is ignored (the note is kept in `detail`) and the email goes through the rules below.
 * 2. contact: a Contact whose Email matches.
 * 3. converted_lead: a converted Lead whose Email matches resolves to its ConvertedContactId when
 *    that Contact is visible. This comes before open Leads on purpose: the person was qualified
 *    and became that Contact (which carries the Account), and an open Lead with the same email
 *    is then most likely a later duplicate. A converted Lead is never returned itself, and one
 *    whose Contact is not visible is skipped.
 * 4. lead: an unconverted Lead whose Email matches.
 * 5. created_lead: with `createMissing`, one Lead per email (see below); without it the email
 *    gets `error.code = 'NO_MATCH'`.
 * Tie-break when several records qualify at one step (several Contacts with one email, several
 * open Leads, several converted Leads reaching different Contacts): the most recently modified
 * (LastModifiedDate), then the lowest Id. The worker records the winner in the ID mapping, so
 * later runs resolve it by rule 1 and a later edit of the loser does not move the activity.
 *
 * Creating a Lead: the email is claimed first (`claimNewLeads`) so that across companion
 * instances only one creates it; an email claimed elsewhere resolves to the Lead that caller
 * recorded (`createdLead`, reason `created_lead`, created false) or, while there is none yet, to
 * `pending` (retry later). Each created Lead is recorded (`recordCreatedLead`) straight after the
 * Collections call returns; a Lead Salesforce refused gives its claim back (`releaseClaims`), and
 * the refusal's code tells the caller whether to retry (a lock) or report it. A crash between
 * creating and recording is safe because every run looks Leads up by Email before it claims
 * anything, so the re-run finds the Lead (rule 4); a claim lapses when its holder's lease does.
 * Field values, later wins: derived from the email < `staticLeadValues` < `leadSource` < name and
 * company given with the participant < Email.
 * Derived: "jane.doe+x@acme-corp.co.uk" → FirstName Jane, LastName Doe, Company "Acme Corp".
 * On a free-mail domain (gmail.com, outlook.com, … FREE_MAIL_DOMAINS) the domain says nothing
 * about the employer, so Company (required on Lead) is the person's name, as for an individual,
 * rather than "Gmail" or one placeholder shared by unrelated people. A per-record failure
 * (validation rule, duplicate rule, …) is that email's error, with Salesforce's statusCode.
 *
 * API budget: Contacts by email, then Leads by email for the rest, then (only if needed) the
 * Contacts of converted Leads and of mapped records, each as `IN (...)` queries of at most 250
 * values and 12,000 URL-encoded characters; Lead creation in Collections calls of 200. 1,000
 * emails with half unknown take about ten calls. A failing query or Collections call throws
 * (nothing is half-recorded: created Leads are found by email on the retry).
 */
import { createLeads } from './lead-resolution-create.js';
import { emailKey, emailProblem } from './lead-resolution-email.js';
import {
  byEmail,
  type ContactRow,
  contactsByEmail,
  contactsById,
  type LeadRow,
  leadsByEmail,
  leadsById,
  pick,
} from './lead-resolution-lookup.js';
import type {
  LeadResolutionOptions,
  LeadResolutionPorts,
  NormalizedParticipant,
  Participant,
  Resolution,
  ResolutionOutcome,
} from './lead-resolution-types.js';

export type {
  LeadResolutionOptions,
  LeadResolutionPorts,
  Participant,
  Resolution,
  ResolutionOutcome,
  ResolutionReason,
} from './lead-resolution-types.js';
export { FREE_MAIL_DOMAINS } from './lead-resolution-email.js';

/** 15- and 18-character Ids of one record share their first 15 characters. */
const idKey = (id: string) => id.slice(0, 15);
const unique = (values: string[]) => [...new Set(values)];

function normalize(participants: Participant[]): {
  order: string[];
  people: Map<string, NormalizedParticipant>;
  invalid: Map<string, ResolutionOutcome>;
} {
  const order: string[] = [];
  const people = new Map<string, NormalizedParticipant>();
  const invalid = new Map<string, ResolutionOutcome>();
  for (const p of participants) {
    const email = emailKey(p.email);
    if (people.has(email) || invalid.has(email)) {
      const known = people.get(email);
      if (known && !known.name && p.name?.trim()) known.name = p.name.trim();
      if (known && !known.company && p.company?.trim()) known.company = p.company.trim();
      continue;
    }
    order.push(email);
    const problem = emailProblem(email);
    if (problem) {
      invalid.set(email, { email, error: { code: 'INVALID_EMAIL', message: problem } });
      continue;
    }
    const person: NormalizedParticipant = { email };
    if (p.name?.trim()) person.name = p.name.trim();
    if (p.company?.trim()) person.company = p.company.trim();
    people.set(email, person);
  }
  return { order, people, invalid };
}

async function visibleContacts(ports: LeadResolutionPorts, ids: string[]): Promise<Map<string, ContactRow>> {
  if (ids.length === 0) return new Map();
  return new Map((await contactsById(ports, unique(ids))).map((c) => [idKey(c.Id), c]));
}

const contactResolution = (email: string, c: ContactRow, reason: Resolution['reason'], detail: string): Resolution => ({
  email,
  sobject: 'Contact',
  id: c.Id,
  reason,
  detail,
  created: false,
  accountId: c.AccountId ?? null,
});

/** Rule 1. Returns the resolved emails and, for ignored mappings, why they were ignored. */
async function resolveMapped(
  emails: string[],
  ports: LeadResolutionPorts,
): Promise<{ resolved: Map<string, Resolution>; stale: Map<string, string> }> {
  const resolved = new Map<string, Resolution>();
  const stale = new Map<string, string>();
  const known = new Map([...(await ports.knownPeople(emails))].map(([e, m]) => [e.trim().toLowerCase(), m]));
  const mapped = emails.flatMap((email) => {
    const m = known.get(email);
    return m ? [{ email, ...m }] : [];
  });
  if (mapped.length === 0) return { resolved, stale };
  const ids = (s: 'Contact' | 'Lead') => unique(mapped.filter((m) => m.sobject === s).map((m) => m.id));
  const [contactRows, leadRows] = await Promise.all([
    ids('Contact').length > 0 ? contactsById(ports, ids('Contact')) : Promise.resolve([]),
    ids('Lead').length > 0 ? leadsById(ports, ids('Lead')) : Promise.resolve([]),
  ]);
  const contacts = new Map(contactRows.map((c) => [idKey(c.Id), c]));
  const leads = new Map(leadRows.map((l) => [idKey(l.Id), l]));
  const converted = await visibleContacts(
    ports,
    leadRows.flatMap((l) => (l.IsConverted && l.ConvertedContactId ? [l.ConvertedContactId] : [])),
  );
  for (const m of mapped) {
    const mapping = `Rox's ID mapping links this email to ${m.sobject} ${m.id}`;
    const contact = m.sobject === 'Contact' ? contacts.get(idKey(m.id)) : undefined;
    const lead = m.sobject === 'Lead' ? leads.get(idKey(m.id)) : undefined;
    if (contact) resolved.set(m.email, contactResolution(m.email, contact, 'mapped', mapping));
    else if (lead && !lead.IsConverted)
      resolved.set(m.email, {
        email: m.email,
        sobject: 'Lead',
        id: lead.Id,
        reason: 'mapped',
        detail: mapping,
        created: false,
        accountId: null,
      });
    else if (lead?.ConvertedContactId && converted.has(idKey(lead.ConvertedContactId))) {
      const c = converted.get(idKey(lead.ConvertedContactId)) as ContactRow;
      resolved.set(
        m.email,
        contactResolution(m.email, c, 'converted_lead', `${mapping}, converted to Contact ${c.Id}`),
      );
    } else {
      const why = lead ? 'it was converted and its Contact is not visible' : 'it was not found or is not visible';
      stale.set(m.email, `Rox's ID mapping to ${m.sobject} ${m.id} was not used: ${why}`);
    }
  }
  return { resolved, stale };
}

/** Rules 3 and 4 for one email, from its Leads and the visible Contacts of converted Leads. */
function fromLeads(email: string, rows: LeadRow[], converted: Map<string, ContactRow>): Resolution | undefined {
  const reached = new Map<string, { contact: ContactRow; lead: LeadRow }>();
  for (const lead of rows) {
    const contact =
      lead.IsConverted && lead.ConvertedContactId ? converted.get(idKey(lead.ConvertedContactId)) : undefined;
    if (contact && !reached.has(contact.Id)) reached.set(contact.Id, { contact, lead });
  }
  const viaConversion = pick(
    [...reached.values()].map((r) => r.contact),
    'Contact reached through a converted Lead with this email',
    'Contacts reached through converted Leads with this email',
  );
  if (viaConversion) {
    const { lead } = reached.get(viaConversion.row.Id) as { lead: LeadRow };
    const detail = `Lead ${lead.Id} with this email was converted to Contact ${viaConversion.row.Id} (${viaConversion.why})`;
    return contactResolution(email, viaConversion.row, 'converted_lead', detail);
  }
  const open = pick(
    rows.filter((l) => !l.IsConverted),
    'open Lead with this email',
    'open Leads with this email',
  );
  if (!open) return undefined;
  const skipped = rows.filter((l) => l.IsConverted).map((l) => l.Id);
  const note = skipped.length > 0 ? `; converted Lead ${skipped.join(', ')} skipped: its Contact is not visible` : '';
  return {
    email,
    sobject: 'Lead',
    id: open.row.Id,
    reason: 'lead',
    detail: `Lead ${open.row.Id} has this email (${open.why})${note}`,
    created: false,
    accountId: null,
  };
}

/** Resolves participant emails to Contacts and Leads; the result is keyed by lower-cased email. */
export async function resolveParticipants(
  participants: Participant[],
  ports: LeadResolutionPorts,
  options: LeadResolutionOptions,
): Promise<Map<string, ResolutionOutcome>> {
  const { order, people, invalid } = normalize(participants);
  const outcomes = new Map<string, ResolutionOutcome>(invalid);
  const unresolved = () => [...people.keys()].filter((e) => !outcomes.has(e));
  const done = () =>
    new Map(order.flatMap((e) => (outcomes.has(e) ? [[e, outcomes.get(e) as ResolutionOutcome]] : [])));
  if (people.size === 0) return done();

  const { resolved, stale } = await resolveMapped([...people.keys()], ports);
  resolved.forEach((r, email) => outcomes.set(email, r));
  const note = (email: string) => (stale.has(email) ? `; ${stale.get(email)}` : '');
  const withNote = (r: Resolution): Resolution => ({ ...r, detail: r.detail + note(r.email) });

  let rest = unresolved();
  if (rest.length > 0) {
    const contacts = byEmail(await contactsByEmail(ports, rest), new Set(rest));
    for (const email of rest) {
      const chosen = pick(contacts.get(email) ?? [], 'Contact with this email', 'Contacts with this email');
      if (chosen)
        outcomes.set(
          email,
          withNote(
            contactResolution(email, chosen.row, 'contact', `Contact ${chosen.row.Id} has this email (${chosen.why})`),
          ),
        );
    }
  }

  rest = unresolved();
  if (rest.length > 0) {
    const leads = byEmail(await leadsByEmail(ports, rest), new Set(rest));
    const converted = await visibleContacts(
      ports,
      [...leads.values()].flat().flatMap((l) => (l.IsConverted && l.ConvertedContactId ? [l.ConvertedContactId] : [])),
    );
    for (const email of rest) {
      const r = fromLeads(email, leads.get(email) ?? [], converted);
      if (r) outcomes.set(email, withNote(r));
    }
  }

  rest = unresolved();
  if (!options.createMissing) {
    for (const email of rest)
      outcomes.set(email, {
        email,
        error: {
          code: 'NO_MATCH',
          message: `No Contact or Lead has this email and creating Leads is off${note(email)}.`,
        },
      });
  } else {
    (await createLeads(rest, people, ports, options, note)).forEach((o, email) => outcomes.set(email, o));
  }
  return done();
}
