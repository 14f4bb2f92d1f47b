import type { Migration } from './index.js';

export const m006WritebackReliability: Migration = {
  version: 6,
  name: 'writeback: who else last changed each written record; claims of live passes; decided changes by record',
  sql: `
-- For each record the companion wrote: the last SystemModstamp at which someone other than the
-- connected user had changed it, as read just before the companion's own write. A field the
-- companion never wrote was last changed by someone else no later than this.
CREATE TABLE record_state (
  connection_id       text NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
  sobject             text NOT NULL,
  salesforce_id       text NOT NULL,
  others_modstamp     timestamptz NOT NULL,
  updated_at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (connection_id, sobject, salesforce_id)
);
-- Heartbeats, releases and lead claims look rows up by the pass that holds them.
CREATE INDEX writebacks_sending ON writebacks (locked_by) WHERE state = 'sending';
-- The newest decided change per record and field (the ordering by changedAt).
CREATE INDEX writebacks_decided ON writebacks (connection_id, record_key, changed_at) WHERE state IN ('written', 'superseded');
`,
};
