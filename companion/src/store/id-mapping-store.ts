/** Rox id ↔ Salesforce id per connection and object (mirrors RoxAI__ID_Mapping__c in the org). */
import type { Db, Queryable } from './db.js';

export class IdMappingStore {
  constructor(private readonly db: Db) {}

  async lookup(connectionId: string, sobject: string, roxIds: string[]): Promise<Map<string, string>> {
    if (roxIds.length === 0) return new Map();
    const rows = await this.db.query<{ rox_id: string; salesforce_id: string }>(
      'SELECT rox_id, salesforce_id FROM id_mappings WHERE connection_id = $1 AND sobject = $2 AND rox_id = ANY($3::text[])',
      [connectionId, sobject, roxIds],
    );
    return new Map(rows.map((r) => [r.rox_id, r.salesforce_id]));
  }

  /**
   * Pairs ids Rox sent together (an update naming both its Rox id and the Salesforce id it was
   * written to), unless the Rox id is already paired: a create's pair is not moved by an update.
   */
  async pair(
    connectionId: string,
    entries: Array<{ sobject: string; roxId: string; salesforceId: string }>,
    q: Queryable = this.db,
  ): Promise<void> {
    if (entries.length === 0) return;
    await q.query(
      `INSERT INTO id_mappings (connection_id, sobject, rox_id, salesforce_id, reason)
       SELECT $1, e.sobject, e.rox_id, e.salesforce_id, 'named by a Rox update'
       FROM jsonb_to_recordset($2::jsonb) AS e(sobject text, rox_id text, salesforce_id text)
       ON CONFLICT (connection_id, sobject, rox_id) DO NOTHING`,
      [connectionId, JSON.stringify(entries.map((e) => ({ sobject: e.sobject, rox_id: e.roxId, salesforce_id: e.salesforceId })))],
    );
  }

  async save(
    connectionId: string,
    entries: Array<{ sobject: string; roxId: string; salesforceId: string; reason: string }>,
    q: Queryable = this.db,
  ): Promise<void> {
    for (const e of entries) {
      await q.query(
        `INSERT INTO id_mappings (connection_id, sobject, rox_id, salesforce_id, reason) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (connection_id, sobject, rox_id) DO UPDATE SET salesforce_id = EXCLUDED.salesforce_id,
           reason = EXCLUDED.reason, confirmed_at = now()`,
        [connectionId, e.sobject, e.roxId, e.salesforceId, e.reason],
      );
    }
  }
}
