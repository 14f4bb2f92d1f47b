/**
 * Connections: every org with its state (Ready / Action Required / Error), the cause in words and the fix, who it is
 * connected as, the org, API usage, last sync and writeback; connect a new org with OAuth in a popup,
 * re-authenticate, check now, and disconnect after a confirmation that names what will be deleted.
 */
import { LightningElement, api } from 'lwc';
import { api as http, ago, connectionPath } from 'rox/api';
import { describeDeleted, fixFor, loginUrlFor, LOGIN_CHOICES, stateTheme } from './connectionText';

const POLL_MS = 1500;
const POLL_LIMIT_MS = 10 * 60 * 1000;

export default class Connections extends LightningElement {
  @api connections = [];
  showNew = false;
  newName = '';
  loginChoice = 'default';
  customUrl = '';
  formError;
  busy = false;
  /** The connection waiting for its OAuth login: { id, name, authorizeUrl, blocked }. */
  pending;
  actionError;
  disconnecting; // { connection, counts, confirmText, loading, error }

  disconnectedCallback() {
    clearTimeout(this.pollTimer);
  }

  get isEmpty() {
    return !this.connections || this.connections.length === 0;
  }

  get cards() {
    return (this.connections || []).map((c) => ({
      ...c,
      theme: `slds-badge ${stateTheme(c.stateCode)}`,
      fix: fixFor(c),
      user: c.connectedAs?.username || '—',
      usage: c.apiUsage
        ? `${c.apiUsage.used.toLocaleString('en-US')} of ${c.apiUsage.max.toLocaleString('en-US')} API calls today (${Math.round((100 * c.apiUsage.used) / Math.max(1, c.apiUsage.max))}%)`
        : 'not measured yet',
      lastSync: ago(c.lastSyncAt),
      lastWriteback: ago(c.lastWritebackAt),
      canReauthenticate: c.authMethod === 'oauth',
      needsAction: c.stateCode === 'action_required' || c.stateCode === 'error' || c.stateCode === 'pending',
      headingId: `conn-${c.id}`,
    }));
  }

  get loginChoices() {
    return LOGIN_CHOICES;
  }

  get isCustom() {
    return this.loginChoice === 'custom';
  }

  handleShowNew() {
    this.showNew = true;
    this.formError = undefined;
  }

  handleCancelNew() {
    this.showNew = false;
  }

  handleName(event) {
    this.newName = event.target.value;
  }

  handleLoginChoice(event) {
    this.loginChoice = event.detail.value;
  }

  handleCustomUrl(event) {
    this.customUrl = event.target.value;
  }

  async handleConnect(event) {
    event.preventDefault();
    const loginUrl = loginUrlFor(this.loginChoice, this.customUrl.trim());
    if (loginUrl === null) {
      this.formError = 'Enter your My Domain URL, e.g. https://acme.my.salesforce.com';
      return;
    }
    // Opened before the call, while the click still counts as the user's: browsers block popups opened later.
    const popup = window.open('', 'rox-salesforce-login', 'popup,width=560,height=720');
    this.busy = true;
    this.formError = undefined;
    try {
      const body = { authMethod: 'oauth', name: this.newName.trim() };
      if (loginUrl) body.loginUrl = loginUrl;
      const created = await http.post('/v1/connections', body);
      this.startLogin(created.connection, created.authorizeUrl, popup);
      this.showNew = false;
      this.newName = '';
      this.changed();
    } catch (e) {
      popup?.close();
      this.formError = e.message;
    } finally {
      this.busy = false;
    }
  }

  async handleReauthenticate(event) {
    const id = event.currentTarget.dataset.id;
    const connection = this.connections.find((c) => c.id === id);
    const popup = window.open('', 'rox-salesforce-login', 'popup,width=560,height=720');
    this.actionError = undefined;
    try {
      const { authorizeUrl } = await http.post(connectionPath(id, '/reauthorize'), {});
      this.startLogin(connection, authorizeUrl, popup);
    } catch (e) {
      popup?.close();
      this.actionError = `${connection.name}: ${e.message}`;
    }
  }

  startLogin(connection, authorizeUrl, popup) {
    const opened = popup && !popup.closed;
    if (opened) popup.location.href = authorizeUrl;
    this.pending = { id: connection.id, name: connection.name, authorizeUrl, blocked: !opened, started: Date.now() };
    this.poll();
  }

  poll() {
    clearTimeout(this.pollTimer);
    this.pollTimer = setTimeout(async () => {
      if (!this.pending) return;
      try {
        const status = await http.get(connectionPath(this.pending.id));
        const before = this.connections.find((c) => c.id === this.pending.id);
        const finished =
          status.stateCode === 'ready' ||
          (status.connectedAt && status.connectedAt !== before?.connectedAt) ||
          (status.stateCode === 'error' && before?.stateCode !== 'error');
        if (finished) {
          this.pending = undefined;
          this.changed();
          return;
        }
      } catch (e) {
        this.actionError = e.message;
      }
      if (Date.now() - this.pending.started > POLL_LIMIT_MS) {
        this.pending = undefined;
        this.actionError = 'The Salesforce login was not finished within 10 minutes. Start it again.';
        return;
      }
      this.poll();
    }, POLL_MS);
  }

  handleStopWaiting() {
    this.pending = undefined;
    clearTimeout(this.pollTimer);
  }

  async handleVerify(event) {
    const id = event.currentTarget.dataset.id;
    this.actionError = undefined;
    try {
      await http.post(connectionPath(id, '/verify'));
      this.changed();
    } catch (e) {
      this.actionError = e.message;
    }
  }

  handleOpen(event) {
    const { id, page } = event.currentTarget.dataset;
    this.dispatchEvent(new CustomEvent('openpage', { detail: { page, connectionId: id } }));
  }

  async handleDisconnect(event) {
    const id = event.currentTarget.dataset.id;
    const connection = this.connections.find((c) => c.id === id);
    this.disconnecting = { connection, counts: [], confirmText: '', loading: true };
    try {
      const preview = await http.del(connectionPath(id, '?dryRun=true'));
      this.disconnecting = { ...this.disconnecting, counts: describeDeleted(preview.deleted), loading: false };
    } catch (e) {
      this.disconnecting = { ...this.disconnecting, loading: false, error: e.message };
    }
    // The dialog takes the focus, as a modal does.
    Promise.resolve().then(() => this.template.querySelector('[data-id="confirm-name"]')?.focus());
  }

  handleConfirmText(event) {
    this.disconnecting = { ...this.disconnecting, confirmText: event.target.value };
  }

  get confirmDisabled() {
    const d = this.disconnecting;
    return !d || d.loading || d.confirmText.trim() !== d.connection.name;
  }

  handleCancelDisconnect() {
    this.disconnecting = undefined;
  }

  handleDialogKey(event) {
    if (event.key === 'Escape') this.disconnecting = undefined;
  }

  async handleConfirmDisconnect() {
    const { connection } = this.disconnecting;
    this.disconnecting = { ...this.disconnecting, loading: true };
    try {
      await http.del(connectionPath(connection.id));
      this.disconnecting = undefined;
      this.changed();
    } catch (e) {
      this.disconnecting = { ...this.disconnecting, loading: false, error: e.message };
    }
  }

  changed() {
    this.dispatchEvent(new CustomEvent('changed'));
  }
}
