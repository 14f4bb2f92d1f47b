/** Words of the Connections page: the fix for each state, login URL choices, what a disconnect deletes. */

export const LOGIN_CHOICES = [
  { label: "This companion's default (SF_LOGIN_URL)", value: 'default' },
  { label: 'Production (login.salesforce.com)', value: 'production' },
  { label: 'Sandbox (test.salesforce.com)', value: 'sandbox' },
  { label: 'Custom domain (My Domain)', value: 'custom' },
];

/** The loginUrl to send: undefined for the default, null when a custom domain is chosen but empty. */
export function loginUrlFor(choice, customUrl) {
  if (choice === 'production') return 'https://login.salesforce.com';
  if (choice === 'sandbox') return 'https://test.salesforce.com';
  if (choice === 'custom') return customUrl ? customUrl : null;
  return undefined;
}

export function stateTheme(stateCode) {
  if (stateCode === 'ready') return 'slds-theme_success';
  if (stateCode === 'action_required') return 'slds-theme_warning';
  if (stateCode === 'error') return 'slds-theme_error';
  return 'slds-badge_lightest';
}

/** What the admin should do, by state. */
export function fixFor(connection) {
  switch (connection.stateCode) {
    case 'ready':
      return '';
    case 'pending':
      return 'Finish the Salesforce login in the window that opened, or click Re-authenticate to start it again.';
    case 'action_required':
      return connection.authMethod === 'oauth'
        ? 'Click Re-authenticate and log in to Salesforce as the integration user; syncing and writeback resume on their own.'
        : 'Connect the org again with its JWT settings or sf CLI login (rox connections add); syncing and writeback resume on their own.';
    default:
      return 'Fix the cause in Salesforce, then click Check now. The Setup check page lists what the integration user lacks.';
  }
}

const TABLE_WORDS = {
  connections: 'the connection and its encrypted tokens',
  connection_events: 'connection events',
  api_keys: 'API keys of this connection',
  crm_mappings: 'saved CRM mappings',
  synced_records: 'synced records',
  sync_objects: 'sync cursors',
  sync_id_scan: 'delete-check positions',
  sync_inflight: 'sync runs in progress',
  sync_leases: 'sync leases',
  record_state: 'record versions',
  writebacks: 'writeback ledger entries',
  id_mappings: 'Rox ↔ Salesforce ID mappings',
  field_state: 'field versions',
  person_emails: 'emails resolved to Contacts and Leads',
  lead_claims: 'Lead Resolution claims',
  oauth_flows: 'unfinished logins',
};

/** `{ table: count }` as lines a person reads, the largest first; tables with nothing are left out. */
export function describeDeleted(deleted) {
  return Object.entries(deleted || {})
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([table, n]) => ({
      table,
      text: `${n.toLocaleString('en-US')} × ${TABLE_WORDS[table] || table.replace(/_/g, ' ')}`,
    }));
}
