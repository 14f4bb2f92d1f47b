/**
 * Versioned migrations, applied in order at start (store/migrate.ts). Never edit a released
 * migration: add the next one. Every table that holds a connection's data has a `connection_id`
 * column referencing connections(id) ON DELETE CASCADE, which is how disconnect purges it and how
 * the purge report finds it.
 */
import { m001Init } from './001-init.js';
import { m002Writeback } from './002-writeback.js';
import { m003People } from './003-people.js';
import { m004Sync } from './004-sync.js';
import { m005SyncResume } from './005-sync-resume.js';
import { m006WritebackReliability } from './006-writeback-reliability.js';
import { m007ConsoleSessions } from './007-console-sessions.js';
import { m008WritebackLedgerIndex } from './008-writeback-ledger-index.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: Migration[] = [
  m001Init,
  m002Writeback,
  m003People,
  m004Sync,
  m005SyncResume,
  m006WritebackReliability,
  m007ConsoleSessions,
  m008WritebackLedgerIndex,
];
