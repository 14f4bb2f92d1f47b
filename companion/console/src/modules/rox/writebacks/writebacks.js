/**
 * Writebacks: the ledger of what Rox wrote (or tried to write) to Salesforce, filtered by state, object and time,
 * with each write's outcome and Salesforce error, and Replay for failed ones. The console signs in with an admin
 * key, so it sees which fields were written, never their values.
 */
import ConnectionPage from 'rox/connectionPage';
import { api as http, connectionPath, query } from 'rox/api';
import { outcomeText, STATE_OPTIONS, OBJECT_OPTIONS, WINDOW_OPTIONS, sinceFor, stateClass } from './ledgerText';

const PAGE = 50;

export default class Writebacks extends ConnectionPage {
  items = [];
  counts = {};
  next = null;
  filter = { state: '', object: '', window: '' };
  replayError;
  loadingMore = false;

  params(after) {
    return query({
      state: this.filter.state,
      sobject: this.filter.object,
      since: sinceFor(this.filter.window),
      limit: PAGE,
      after,
    });
  }

  load() {
    return this.loading(async () => {
      const page = await http.get(connectionPath(this._connectionId, `/writebacks${this.params()}`));
      this.items = page.items;
      this.counts = page.counts ?? {};
      this.next = page.next ?? null;
    });
  }

  async handleMore() {
    this.loadingMore = true;
    try {
      const page = await http.get(connectionPath(this._connectionId, `/writebacks${this.params(this.next)}`));
      this.items = [...this.items, ...page.items];
      this.next = page.next ?? null;
    } catch (e) {
      this.replayError = e.message;
    } finally {
      this.loadingMore = false;
    }
  }

  handleFilter(event) {
    this.filter = { ...this.filter, [event.target.dataset.key]: event.detail.value };
    this.load();
  }

  handleRefresh() {
    this.load();
  }

  async handleReplay(event) {
    const id = event.currentTarget.dataset.id;
    this.replayError = undefined;
    try {
      const row = await http.post(connectionPath(this._connectionId, `/writebacks/${encodeURIComponent(id)}/replay`));
      this.items = this.items.map((item) => (item.id === id ? row : item));
    } catch (e) {
      this.replayError = e.message;
    }
  }

  get isEmpty() {
    return this.isReady && this.items.length === 0;
  }
  get hasItems() {
    return this.isReady && this.items.length > 0;
  }
  get stateOptions() {
    return STATE_OPTIONS;
  }
  get objectOptions() {
    return OBJECT_OPTIONS;
  }
  get windowOptions() {
    return WINDOW_OPTIONS;
  }
  get countBadges() {
    return Object.entries(this.counts)
      .filter(([, n]) => n > 0)
      .map(([name, n]) => ({ name, text: `${name}: ${n.toLocaleString('en-US')}`, className: `slds-badge ${stateClass(name)}` }));
  }
  get rows() {
    return this.items.map((item) => ({
      ...item,
      when: new Date(item.createdAt).toLocaleString('en-US'),
      stateClassName: `slds-badge ${stateClass(item.state)}`,
      outcomeText: outcomeText(item),
      canReplay: item.state === 'failed',
      replayLabel: `Replay the ${item.kind} of ${item.object} ${item.roxId}`,
    }));
  }
}
