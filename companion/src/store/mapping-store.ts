/** Per-connection CRM mappings (the whole config as JSON) and the problems found at last validation. */
import type { Db } from './db.js';

export interface StoredMappings<T> {
  config: T;
  problems: unknown[];
  validatedAt: string | null;
  updatedAt: string;
}

export class MappingStore {
  constructor(private readonly db: Db) {}

  async get<T>(connectionId: string): Promise<StoredMappings<T> | undefined> {
    const [row] = await this.db.query<{
      config: T;
      problems: unknown[];
      validated_at: Date | string | null;
      updated_at: Date | string;
    }>('SELECT config, problems, validated_at, updated_at FROM crm_mappings WHERE connection_id = $1', [connectionId]);
    if (!row) return undefined;
    return {
      config: row.config,
      problems: row.problems,
      validatedAt: row.validated_at === null ? null : new Date(row.validated_at).toISOString(),
      updatedAt: new Date(row.updated_at).toISOString(),
    };
  }

  async save<T>(connectionId: string, config: T, problems: unknown[], validated: boolean): Promise<void> {
    await this.db.query(
      `INSERT INTO crm_mappings (connection_id, config, problems, validated_at, updated_at)
       VALUES ($1, $2, $3, CASE WHEN $4 THEN now() ELSE NULL END, now())
       ON CONFLICT (connection_id) DO UPDATE SET config = EXCLUDED.config, problems = EXCLUDED.problems,
         validated_at = EXCLUDED.validated_at, updated_at = now()`,
      [connectionId, JSON.stringify(config), JSON.stringify(problems), validated],
    );
  }
}
