import type { Migration } from './index.js';

export const m005SyncResume: Migration = {
  version: 5,
  name: 'sync: Bulk backfill checkpoint, getDeleted window and id scans, pages in flight, field types, run leases',
  sql: `
ALTER TABLE sync_objects ADD COLUMN bulk_job_id text;
ALTER TABLE sync_objects ADD COLUMN bulk_locator text;
ALTER TABLE sync_objects ADD COLUMN deletes_checked_until timestamptz;
-- Each synced field's describe type at the last run: a retyped field is re-read for that column.
ALTER TABLE sync_objects ADD COLUMN field_types jsonb NOT NULL DEFAULT '{}'::jsonb;
-- Pages being saved side by side, each with a change_seq taken before any of its rows': readers of
-- the change feed stop below the lowest, so a page committing late is never skipped.
CREATE TABLE sync_inflight (
  connection_id       text NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
  sobject             text NOT NULL,
  first_seq           bigint NOT NULL,
  started_at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (connection_id, sobject, first_seq)
);
-- One sync run per connection across every instance on this database: a lease, renewed while
-- the run goes on, taken over only once it has expired (its holder died).
CREATE TABLE sync_leases (
  connection_id       text PRIMARY KEY REFERENCES connections(id) ON DELETE CASCADE,
  holder              text NOT NULL,
  acquired_at         timestamptz NOT NULL DEFAULT now(),
  expires_at          timestamptz NOT NULL
);
-- Ids seen live by a reconciling scan (when deletes fell out of getDeleted's window).
CREATE TABLE sync_id_scan (
  connection_id       text NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
  sobject             text NOT NULL,
  id                  text NOT NULL,
  PRIMARY KEY (connection_id, sobject, id)
);
`,
};
