/** Words of the Writebacks page: filters, state colours and a write's outcome in one line. */
export const STATE_OPTIONS = [
  { label: 'All states', value: '' },
  ...['queued', 'sending', 'written', 'superseded', 'rejected', 'failed'].map((s) => ({ label: s, value: s })),
];

export const OBJECT_OPTIONS = [
  { label: 'All objects', value: '' },
  ...['Account', 'Contact', 'Lead', 'Opportunity', 'Task', 'Event'].map((s) => ({ label: s, value: s })),
];

export const WINDOW_OPTIONS = [
  { label: 'Any time', value: '' },
  { label: 'Last hour', value: '1h' },
  { label: 'Last 24 hours', value: '24h' },
  { label: 'Last 7 days', value: '7d' },
];

const WINDOW_MS = { '1h': 3600e3, '24h': 86400e3, '7d': 7 * 86400e3 };

export function sinceFor(window, now = Date.now()) {
  return WINDOW_MS[window] ? new Date(now - WINDOW_MS[window]).toISOString() : undefined;
}

export function stateClass(state) {
  if (state === 'written') return 'slds-theme_success';
  if (state === 'failed' || state === 'rejected') return 'slds-theme_error';
  if (state === 'superseded') return 'slds-theme_warning';
  return 'slds-badge_lightest';
}

function show(value) {
  if (Array.isArray(value)) return value.map(show).join(', ');
  if (value && typeof value === 'object') {
    if (value.message) return [value.statusCode ?? value.errorCode ?? value.code, value.message].filter(Boolean).join(': ');
    return Object.entries(value)
      .map(([k, v]) => `${k} ${show(v)}`)
      .join('; ');
  }
  return String(value);
}

/** The outcome of a write in words: the Salesforce error first when there is one, then what was written. */
export function outcomeText(item) {
  const o = item.outcome;
  const last = item.history?.[item.history.length - 1];
  if (!o) return last?.detail ? `${last.event}: ${last.detail}` : item.state === 'queued' ? 'waiting to be sent' : '';
  const parts = [];
  for (const key of ['error', 'errors', 'reason', 'reasons', 'rejected', 'message']) {
    if (o[key] !== undefined && o[key] !== null && !(Array.isArray(o[key]) && o[key].length === 0))
      parts.push(`${key}: ${show(o[key])}`);
  }
  for (const key of ['written', 'fields']) {
    if (o[key] !== undefined) parts.push(`${key}: ${show(o[key])}`);
  }
  if (o.created) parts.unshift('created');
  if (!parts.length) parts.push(show(o));
  return parts.join(' · ');
}
