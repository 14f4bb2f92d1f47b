/**
 * The contract of lead resolution (see lead-resolution.ts for the rules): what the activity
 * writeback worker passes in, the ports it provides, and the outcome per participant email.
 */

export interface Participant {
  email: string;
  name?: string;
  company?: string;
}

export type ResolutionReason = 'mapped' | 'contact' | 'lead' | 'converted_lead' | 'created_lead';

export interface Resolution {
  email: string;
  sobject: 'Contact' | 'Lead';
  id: string;
  reason: ResolutionReason;
  /** Why this record was chosen, in words a person can check (stored with the activity's mapping). */
  detail: string;
  /** True only when this call created the Lead. */
  created: boolean;
  /** The Contact's AccountId; null for Leads. */
  accountId?: string | null;
}

export type ResolutionOutcome =
  | Resolution
  | { email: string; pending: true; detail: string }
  | { email: string; error: { code: string; message: string } };

export interface LeadResolutionPorts {
  /** Runs SOQL as the connected user and returns all records. */
  query<T = Record<string, unknown>>(soql: string): Promise<T[]>;
  /** Creates records via sObject Collections (≤200 per call, allOrNone=false); one result per input, in order. */
  createRecords(
    sobject: 'Lead',
    records: Array<Record<string, unknown>>,
  ): Promise<Array<{ id?: string; errors?: Array<{ statusCode: string; message: string; fields?: string[] }> }>>;
  /** Persons Rox already mapped, by lower-cased email. */
  knownPeople(emails: string[]): Promise<Map<string, { sobject: 'Contact' | 'Lead'; id: string }>>;
  /** Claims the right to create a Lead for each lower-cased email; returns the emails this caller now owns. An email already owned elsewhere is not returned. */
  claimNewLeads(emails: string[]): Promise<Set<string>>;
  /** Gives back claims on emails whose Lead Salesforce refused to create (nothing was created). */
  releaseClaims(emails: string[]): Promise<void>;
  /** Records the Lead created for a claimed email (so other instances and later runs use it). */
  recordCreatedLead(email: string, leadId: string): Promise<void>;
  /** A Lead another caller created for an email (undefined while it is still being created). */
  createdLead(email: string): Promise<string | undefined>;
}

export interface LeadResolutionOptions {
  createMissing: boolean;
  staticLeadValues?: Record<string, unknown>;
  leadSource?: string;
}

/** A valid participant after normalisation and in-call dedupe (first non-empty name/company wins). */
export interface NormalizedParticipant {
  email: string;
  name?: string;
  company?: string;
}
