import type { Migration } from './index.js';

export const m001Init: Migration = {
  version: 1,
  name: 'connections, api keys, oauth flows, crm mappings, signatures, events',
  sql: `
CREATE TABLE connections (
  id                  text PRIMARY KEY,
  name                text NOT NULL UNIQUE,
  auth_method         text NOT NULL CHECK (auth_method IN ('oauth', 'jwt', 'sf_cli')),
  state               text NOT NULL CHECK (state IN ('pending', 'ready', 'action_required', 'error')),
  state_reason        text,
  state_message       text,
  login_url           text NOT NULL,
  instance_url        text,
  org_id              text,
  user_id             text,
  username            text,
  client_id           text,
  access_token_enc    text,
  refresh_token_enc   text,
  jwt_key_enc         text,
  jwt_username        text,
  sf_cli_username     text,
  api_usage           jsonb,
  last_sync_at        timestamptz,
  last_writeback_at   timestamptz,
  connected_at        timestamptz,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_keys (
  id                  text PRIMARY KEY,
  connection_id       text REFERENCES connections(id) ON DELETE CASCADE,
  scope               text NOT NULL CHECK (scope IN ('connection', 'admin')),
  name                text NOT NULL,
  secret_hash         text NOT NULL,
  require_signature   boolean NOT NULL DEFAULT false,
  created_at          timestamptz NOT NULL DEFAULT now(),
  last_used_at        timestamptz,
  revoked_at          timestamptz,
  CHECK ((scope = 'admin') = (connection_id IS NULL))
);

CREATE TABLE oauth_flows (
  state               text PRIMARY KEY,
  connection_id       text NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
  code_verifier_enc   text NOT NULL,
  login_url           text NOT NULL,
  redirect_uri        text NOT NULL,
  created_at          timestamptz NOT NULL DEFAULT now(),
  expires_at          timestamptz NOT NULL
);

CREATE TABLE crm_mappings (
  connection_id       text PRIMARY KEY REFERENCES connections(id) ON DELETE CASCADE,
  config              jsonb NOT NULL,
  problems            jsonb NOT NULL DEFAULT '[]'::jsonb,
  validated_at        timestamptz,
  updated_at          timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE seen_signatures (
  signature           text PRIMARY KEY,
  key_id              text NOT NULL,
  expires_at          timestamptz NOT NULL
);

CREATE TABLE connection_events (
  id                  bigserial PRIMARY KEY,
  connection_id       text NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
  at                  timestamptz NOT NULL DEFAULT now(),
  kind                text NOT NULL,
  message             text NOT NULL
);
CREATE INDEX connection_events_by_connection ON connection_events (connection_id, at);
`,
};
