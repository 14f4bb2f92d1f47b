import type { Migration } from './index.js';

export const m002Writeback: Migration = {
  version: 2,
  name: 'writeback outbox and ledger, id mappings, field state, lead claims',
  sql: `
CREATE TABLE writebacks (
  id                  text PRIMARY KEY,
  connection_id       text NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
  request_id          text NOT NULL,
  idempotency_key     text,
  seq                 bigserial NOT NULL,
  kind                text NOT NULL CHECK (kind IN ('update', 'create', 'activity')),
  sobject             text NOT NULL,
  rox_id              text NOT NULL,
  record_key          text NOT NULL,
  changed_at          timestamptz NOT NULL,
  payload             jsonb NOT NULL,
  state               text NOT NULL CHECK (state IN ('queued', 'sending', 'written', 'superseded', 'rejected', 'failed')),
  attempts            int NOT NULL DEFAULT 0,
  next_attempt_at     timestamptz NOT NULL DEFAULT now(),
  locked_by           text,
  locked_until        timestamptz,
  salesforce_id       text,
  outcome             jsonb,
  history             jsonb NOT NULL DEFAULT '[]'::jsonb,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX writebacks_idempotency ON writebacks (connection_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX writebacks_due ON writebacks (connection_id, state, next_attempt_at, seq);
CREATE INDEX writebacks_record ON writebacks (connection_id, record_key, seq);
CREATE INDEX writebacks_request ON writebacks (connection_id, request_id);

CREATE TABLE id_mappings (
  connection_id       text NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
  sobject             text NOT NULL,
  rox_id              text NOT NULL,
  salesforce_id       text NOT NULL,
  reason              text NOT NULL,
  confirmed_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (connection_id, sobject, rox_id)
);
CREATE INDEX id_mappings_by_salesforce_id ON id_mappings (connection_id, salesforce_id);

CREATE TABLE field_state (
  connection_id       text NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
  sobject             text NOT NULL,
  salesforce_id       text NOT NULL,
  field               text NOT NULL,
  value               jsonb,
  as_of               timestamptz NOT NULL,
  source              text NOT NULL CHECK (source IN ('writeback', 'sync')),
  PRIMARY KEY (connection_id, sobject, salesforce_id, field)
);

CREATE TABLE lead_claims (
  connection_id       text NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
  email               text NOT NULL,
  lead_id             text,
  claimed_by          text NOT NULL,
  claimed_at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (connection_id, email)
);
`,
};
