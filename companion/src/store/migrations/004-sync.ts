import type { Migration } from './index.js';

export const m004Sync: Migration = {
  version: 4,
  name: 'sync: per-object state and cursor, synced records with tombstones',
  sql: `
CREATE TABLE sync_objects (
  connection_id       text NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
  sobject             text NOT NULL,
  fields              jsonb NOT NULL DEFAULT '[]'::jsonb,
  cursor_modstamp     timestamptz,
  cursor_id           text,
  last_run_at         timestamptz,
  last_success_at     timestamptz,
  last_error          text,
  formulas_refreshed_at timestamptz,
  rows_synced         bigint NOT NULL DEFAULT 0,
  api_calls           bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (connection_id, sobject)
);

CREATE TABLE synced_records (
  connection_id       text NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
  sobject             text NOT NULL,
  id                  text NOT NULL,
  data                jsonb NOT NULL,
  system_modstamp     timestamptz NOT NULL,
  is_deleted          boolean NOT NULL DEFAULT false,
  own_change          boolean NOT NULL DEFAULT false,
  change_seq          bigserial NOT NULL,
  synced_at           timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (connection_id, sobject, id)
);
CREATE INDEX synced_records_changes ON synced_records (connection_id, sobject, change_seq);
`,
};
