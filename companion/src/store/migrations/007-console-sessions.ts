import type { Migration } from './index.js';

export const m007ConsoleSessions: Migration = {
  version: 7,
  name: 'console: browser sessions and one-time sign-in links of admin keys',
  sql: `
-- A signed-in admin console: the browser holds the secret in a cookie, the store only its SHA-256.
-- It has its admin key's rights while the key lives; it ends at expires_at, or after the configured
-- idle time since last_seen_at.
CREATE TABLE console_sessions (
  secret_hash   text PRIMARY KEY,
  key_id        text NOT NULL REFERENCES api_keys(id) ON DELETE CASCADE,
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_seen_at  timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL
);
CREATE INDEX console_sessions_key ON console_sessions (key_id);
CREATE INDEX console_sessions_expiry ON console_sessions (expires_at);
-- One-time links that open a console session for an admin key (rox console, the demo's start):
-- the token's SHA-256 only; used_at is set once, atomically, by the request that uses it.
CREATE TABLE console_sign_in_links (
  token_hash    text PRIMARY KEY,
  key_id        text NOT NULL REFERENCES api_keys(id) ON DELETE CASCADE,
  created_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,
  used_at       timestamptz
);
CREATE INDEX console_sign_in_links_expiry ON console_sign_in_links (expires_at);
`,
};
