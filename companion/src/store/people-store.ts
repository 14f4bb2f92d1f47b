/**
 * Lead resolution's memory: the person each email resolved to (so later activities stick with it)
 * and claims on creating a Lead for a new email, so that one pass across every instance creates
 * it. A claim lives exactly as long as its holder: the writeback pass that took it, while that
 * pass holds rows under a live lease. When the holder ends or dies, the claim lapses with its
 * lease — never later — and a holder whose Lead could not be created gives its claim back at once.
 */
import type { Db } from './db.js';

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

  /**
   * Claims each email for `holder` (a pass token) unless a live holder has it or its Lead is
   * recorded; returns the emails the holder now owns (its own earlier claims included).
   */
  async claim(connectionId: string, emails: string[], holder: string): Promise<Set<string>> {
    if (emails.length === 0) return new Set();
    const rows = await this.db.query<{ email: string }>(
      `INSERT INTO lead_claims (connection_id, email, claimed_by)
       SELECT $1, e, $3 FROM unnest($2::text[]) AS e
       ON CONFLICT (connection_id, email) DO UPDATE SET claimed_by = EXCLUDED.claimed_by, claimed_at = now()
         WHERE lead_claims.lead_id IS NULL AND (lead_claims.claimed_by = EXCLUDED.claimed_by OR NOT EXISTS (
           SELECT 1 FROM writebacks w
           WHERE w.locked_by = lead_claims.claimed_by AND w.state = 'sending' AND w.locked_until > now()))
       RETURNING email`,
      [connectionId, [...new Set(emails)], holder],
    );
    return new Set(rows.map((r) => r.email));
  }

  /** Gives back claims whose Lead was not created (Salesforce refused it), so the next try may claim them. */
  async release(connectionId: string, emails: string[], holder: string): Promise<void> {
    if (emails.length === 0) return;
    await this.db.query(
      `DELETE FROM lead_claims WHERE connection_id = $1 AND email = ANY($2::text[]) AND claimed_by = $3 AND lead_id IS NULL`,
      [connectionId, emails, holder],
    );
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
