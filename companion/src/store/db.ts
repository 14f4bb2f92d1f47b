/**
 * The store's database port: PostgreSQL-dialect SQL over two engines, embedded PGlite (default)
 * and a PostgreSQL server (DATABASE_URL). Only store/ imports a driver. Both engines return rows
 * with the same JS types: int8 comes back as a string from `pg` and a number from PGlite, so
 * queries cast counts to int4 and ids are text.
 */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly engine: 'pglite' | 'postgres';
  /** Runs fn in one transaction; rolls back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
