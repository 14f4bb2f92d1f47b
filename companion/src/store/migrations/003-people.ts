import type { Migration } from './index.js';

export const m003People: Migration = {
  version: 3,
  name: 'people resolved by email (lead resolution sticks with its first choice)',
  sql: `
CREATE TABLE person_emails (
  connection_id       text NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
  email               text NOT NULL,
  sobject             text NOT NULL CHECK (sobject IN ('Contact', 'Lead')),
  salesforce_id       text NOT NULL,
  reason              text NOT NULL,
  resolved_at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (connection_id, email)
);
`,
};
