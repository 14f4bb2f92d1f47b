/** A PostgreSQL server through a `pg` pool (DATABASE_URL). */
import pg from 'pg';
import type { Db, Queryable } from './db.js';

export async function openPostgres(url: string, options: { max?: number } = {}): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10 });
  // Fail at start, with the reason, when the server is unreachable.
  const client = await pool.connect();
  client.release();
  return {
    engine: 'postgres',
    query: async <T>(sql: string, params: unknown[] = []) => (await pool.query(sql, params)).rows as T[],
    exec: async (sql: string) => void (await pool.query(sql)),
    transaction: async <T>(fn: (tx: Queryable) => Promise<T>) => {
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        const out = await fn({
          query: async <R>(sql: string, params: unknown[] = []) => (await c.query(sql, params)).rows as R[],
          exec: async (sql: string) => void (await c.query(sql)),
        });
        await c.query('COMMIT');
        return out;
      } catch (e) {
        await c.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        c.release();
      }
    },
    close: () => pool.end(),
  };
}
