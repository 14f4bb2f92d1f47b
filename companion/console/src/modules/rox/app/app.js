/**
 * The console's shell: sign-in, the navigation of Setup-like pages, the connection the per-connection pages show,
 * and the address (#/page/connectionId) so a reload or a shared link opens the same page. Leaving a page with
 * unsaved CRM mappings asks first, inside the console and when the browser leaves.
 */
import { LightningElement } from 'lwc';
import { api, session, useSession } from 'rox/api';

export const PAGES = [
  { name: 'connections', label: 'Connections', perConnection: false },
  { name: 'mappings', label: 'CRM Mappings', perConnection: true },
  { name: 'setup', label: 'Setup check', perConnection: true },
  { name: 'writebacks', label: 'Writebacks', perConnection: true },
  { name: 'sync', label: 'Sync', perConnection: true },
];

const LEAVE_MESSAGE = 'The CRM mappings have unsaved changes. Leave without saving them?';

export function parseRoute(hash) {
  const [page, connectionId] = (hash || '').replace(/^#\/?/, '').split('/');
  return {
    page: PAGES.some((p) => p.name === page) ? page : 'connections',
    connectionId: connectionId ? decodeURIComponent(connectionId) : undefined,
  };
}

export default class App extends LightningElement {
  state = 'loading'; // loading | signedOut | signedIn | error
  keyName;
  loadError;
  signOutReason;
  page = 'connections';
  connectionId;
  connections = [];
  connectionsError;
  dirty = false;

  connectedCallback() {
    this.onHashChange = () => this.followAddress();
    this.onBeforeUnload = (event) => {
      if (!this.dirty) return;
      event.preventDefault();
      event.returnValue = LEAVE_MESSAGE;
    };
    this.onSignedOut = (event) => {
      if (this.state !== 'signedIn') return;
      this.state = 'signedOut';
      this.signOutReason = `Your console session ended: ${event.detail} Sign in again.`;
    };
    window.addEventListener('hashchange', this.onHashChange);
    window.addEventListener('beforeunload', this.onBeforeUnload);
    window.addEventListener('rox-signed-out', this.onSignedOut);
    this.start();
  }

  disconnectedCallback() {
    window.removeEventListener('hashchange', this.onHashChange);
    window.removeEventListener('beforeunload', this.onBeforeUnload);
    window.removeEventListener('rox-signed-out', this.onSignedOut);
  }

  async start() {
    try {
      const current = await session.current();
      this.signedIn(current);
    } catch (e) {
      if (e.status === 401) {
        this.state = 'signedOut';
      } else {
        this.state = 'error';
        this.loadError = e.message;
      }
    }
  }

  signedIn(current) {
    useSession(current);
    this.keyName = current.keyName;
    this.state = 'signedIn';
    this.signOutReason = undefined;
    this.followAddress();
    this.loadConnections();
  }

  handleSignedIn(event) {
    this.signedIn(event.detail);
  }

  async handleSignOut() {
    if (this.dirty && !window.confirm(LEAVE_MESSAGE)) return;
    this.dirty = false;
    try {
      await session.signOut();
    } catch {
      // Signed out either way: the page forgets the session.
    }
    useSession(undefined);
    this.state = 'signedOut';
    this.signOutReason = 'You signed out.';
  }

  async loadConnections() {
    try {
      const { connections } = await api.get('/v1/connections');
      this.connections = connections;
      this.connectionsError = undefined;
      if (!this.connectionId || !connections.some((c) => c.id === this.connectionId)) {
        this.connectionId = connections[0]?.id;
      }
    } catch (e) {
      this.connectionsError = e.message;
    }
  }

  followAddress() {
    const route = parseRoute(window.location.hash);
    if (this.dirty && (route.page !== this.page || (route.connectionId && route.connectionId !== this.connectionId))) {
      if (!window.confirm(LEAVE_MESSAGE)) {
        window.history.replaceState(null, '', this.address(this.page, this.connectionId));
        return;
      }
      this.dirty = false;
    }
    this.page = route.page;
    if (route.connectionId) this.connectionId = route.connectionId;
  }

  address(page, connectionId) {
    const info = PAGES.find((p) => p.name === page);
    return info?.perConnection && connectionId ? `#/${page}/${encodeURIComponent(connectionId)}` : `#/${page}`;
  }

  handleNavigate(event) {
    event.preventDefault();
    const page = event.currentTarget.dataset.page;
    window.location.hash = this.address(page, this.connectionId);
  }

  handleConnectionChange(event) {
    const next = event.detail.value;
    if (next === this.connectionId) return;
    if (this.dirty && !window.confirm(LEAVE_MESSAGE)) {
      // The picker shows the connection that stays.
      event.target.value = this.connectionId;
      return;
    }
    this.dirty = false;
    this.connectionId = next;
    window.history.replaceState(null, '', this.address(this.page, next));
  }

  handleDirtyChange(event) {
    this.dirty = event.detail.dirty;
  }

  handleConnectionsChanged() {
    this.loadConnections();
  }

  handleOpenPage(event) {
    const { page, connectionId } = event.detail;
    if (connectionId) this.connectionId = connectionId;
    window.location.hash = this.address(page, connectionId ?? this.connectionId);
  }

  get isLoading() {
    return this.state === 'loading';
  }
  get isSignedOut() {
    return this.state === 'signedOut';
  }
  get isSignedIn() {
    return this.state === 'signedIn';
  }
  get isError() {
    return this.state === 'error';
  }

  get navItems() {
    return PAGES.map((p) => ({
      ...p,
      href: this.address(p.name, this.connectionId),
      className: `slds-nav-vertical__item${p.name === this.page ? ' slds-is-active' : ''}`,
      current: p.name === this.page ? 'page' : undefined,
    }));
  }

  get pageInfo() {
    return PAGES.find((p) => p.name === this.page);
  }
  get pageLabel() {
    return this.pageInfo.label;
  }
  get perConnection() {
    return this.pageInfo.perConnection;
  }
  get connectionOptions() {
    return this.connections.map((c) => ({ label: `${c.name} (${c.state})`, value: c.id }));
  }
  get hasConnections() {
    return this.connections.length > 0;
  }
  get selected() {
    return this.connections.find((c) => c.id === this.connectionId);
  }
  get showPerConnection() {
    return this.perConnection && this.selected;
  }
  get showNoConnection() {
    return this.perConnection && !this.selected && !this.connectionsError;
  }
  get isConnections() {
    return this.page === 'connections';
  }
  get isMappings() {
    return this.page === 'mappings';
  }
  get isSetup() {
    return this.page === 'setup';
  }
  get isWritebacks() {
    return this.page === 'writebacks';
  }
  get isSync() {
    return this.page === 'sync';
  }
  get connectionsHref() {
    return '#/connections';
  }
}
