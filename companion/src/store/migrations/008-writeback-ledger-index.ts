import type { Migration } from './index.js';

export const m008WritebackLedgerIndex: Migration = {
  version: 8,
  name: 'writeback ledger: pages in order without sorting a connection’s rows',
  sql: `
-- GET …/writebacks (the API and the admin console) pages a connection's ledger by seq, with optional filters on
-- sobject and created_at applied to the rows read in that order.
CREATE INDEX writebacks_ledger ON writebacks (connection_id, seq);
`,
};
