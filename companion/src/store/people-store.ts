/**
 * Lead resolution's memory: the person each email resolved to (so later activities stick with it)
 * and claims on creating a Lead for a new email (one instance creates it; a claim that was never
 * completed lapses after CLAIM_TTL so a crashed instance does not block the email forever).
 */
import type { Db } from './db.js';

const CLAIM_TTL_SECONDS = 600;

export class PeopleStore {
  constructor(private readonly db: Db) {}

  async known(
    connectionId: string,
    emails: string[],
  ): Promise<Map<string, { sobject: 'Contact' | 'Lead'; id: string }>> {
    if (emails.length === 0) return new Map();
    const rows = await this.db.query<{ email: string; sobject: 'Contact' | 'Lead'; salesforce_id: string }>(
      'SELECT email, sobject, salesforce_id FROM person_emails WHERE connection_id = $1 AND email = ANY($2::text[])',
      [connectionId, emails],
    );
    return new Map(rows.map((r) => [r.email, { sobject: r.sobject, id: r.salesforce_id }]));
  }

  async remember(
    connectionId: string,
    entries: Array<{ email: string; sobject: 'Contact' | 'Lead'; id: string; reason: string }>,
  ): Promise<void> {
    for (const e of entries)
      await this.db.query(
        `INSERT INTO person_emails (connection_id, email, sobject, salesforce_id, reason) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (connection_id, email) DO UPDATE SET sobject = EXCLUDED.sobject, salesforce_id = EXCLUDED.salesforce_id,
           reason = EXCLUDED.reason, resolved_at = now()`,
        [connectionId, e.email, e.sobject, e.id, e.reason],
      );
  }

  async claim(connectionId: string, emails: string[], claimant: string): Promise<Set<string>> {
    const owned = new Set<string>();
    for (const email of emails) {
      const rows = await this.db.query<{ email: string }>(
        `INSERT INTO lead_claims (connection_id, email, claimed_by) VALUES ($1, $2, $3)
         ON CONFLICT (connection_id, email) DO UPDATE SET claimed_by = EXCLUDED.claimed_by, claimed_at = now()
           WHERE lead_claims.lead_id IS NULL AND lead_claims.claimed_at < now() - make_interval(secs => $4)
         RETURNING email`,
        [connectionId, email, claimant, CLAIM_TTL_SECONDS],
      );
      if (rows.length > 0) owned.add(email);
    }
    return owned;
  }

  async recordLead(connectionId: string, email: string, leadId: string): Promise<void> {
    await this.db.query('UPDATE lead_claims SET lead_id = $3 WHERE connection_id = $1 AND email = $2', [
      connectionId,
      email,
      leadId,
    ]);
  }

  async createdLead(connectionId: string, email: string): Promise<string | undefined> {
    const [row] = await this.db.query<{ lead_id: string | null }>(
      'SELECT lead_id FROM lead_claims WHERE connection_id = $1 AND email = $2',
      [connectionId, email],
    );
    return row?.lead_id ?? undefined;
  }
}
