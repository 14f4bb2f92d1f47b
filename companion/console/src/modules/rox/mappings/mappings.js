/**
 * CRM Mappings: one tab per object (Accounts, Opportunities, Contacts, Leads, Activities, custom objects). The page
 * keeps one draft of the whole document, so switching tabs keeps unsaved changes; Save sends it whole (PUT takes
 * what GET returns) and either everything is saved or nothing, with every problem shown next to its field.
 */
import ConnectionPage from 'rox/connectionPage';
import { ApiError, api as http, connectionPath } from 'rox/api';
import {
  addCustomObject,
  applyEdit,
  clone,
  incompleteRows,
  placeProblems,
  schemaProblems,
  tabData,
  tabsOf,
} from './mappingModel';

export default class Mappings extends ConnectionPage {
  view;
  draft;
  original;
  activeKey = 'accounts';
  problems = [];
  message; // { kind: 'success' | 'error' | 'info', text }
  saving = false;
  schemas = {}; // sobject -> describe answer, or { error }
  newObject = '';

  async load() {
    this.schemas = {};
    await this.loading(async () => {
      this.view = await http.get(connectionPath(this._connectionId, '/mappings'));
      this.draft = clone(this.view.config);
      this.original = JSON.stringify(this.view.config);
      this.problems = this.view.problems;
      this.message = this.view.saved
        ? undefined
        : { kind: 'info', text: 'These are the default mappings: nothing is saved for this connection yet.' };
    });
    if (!this.isReady) return;
    this.notifyDirty();
    this.loadSchemas();
  }

  /** The describe of each object the active tab uses (once per object). */
  async loadSchemas() {
    const tab = this.activeTab;
    if (!tab) return;
    for (const sobject of tab.sobjects) {
      if (this.schemas[sobject]) continue;
      this.schemas = { ...this.schemas, [sobject]: { loading: true } };
      try {
        const schema = await http.get(connectionPath(this._connectionId, `/schema/${encodeURIComponent(sobject)}`));
        this.schemas = { ...this.schemas, [sobject]: schema };
      } catch (e) {
        this.schemas = { ...this.schemas, [sobject]: { error: e.message } };
      }
    }
  }

  get dirty() {
    return this.state === 'ready' && JSON.stringify(this.draft) !== this.original;
  }
  get saveDisabled() {
    return !this.dirty || this.saving;
  }
  get discardDisabled() {
    return !this.dirty || this.saving;
  }
  get tabs() {
    if (!this.draft) return [];
    return tabsOf(this.draft).map((t) => {
      const placed = placeProblems(this.problems, t.key, { ...t, data: tabData(this.draft, t.key) });
      const active = t.key === this.activeKey;
      return {
        ...t,
        problemCount: placed.count,
        hasProblems: placed.count > 0,
        selected: active ? 'true' : 'false',
        tabIndex: active ? '0' : '-1',
        className: `slds-tabs_default__item${active ? ' slds-is-active' : ''}`,
        tabId: `tab-${t.key.replace(':', '-')}`,
      };
    });
  }
  get activeTab() {
    const all = tabsOf(this.draft);
    return all.find((t) => t.key === this.activeKey) ?? all[0];
  }
  get activeData() {
    return tabData(this.draft, this.activeTab.key);
  }
  get activePlaced() {
    return placeProblems(this.problems, this.activeTab.key, { ...this.activeTab, data: this.activeData });
  }
  get activeCatalogue() {
    const tab = this.activeTab;
    const catalogue = this.view?.catalogue;
    const builtIn = tab.custom ? [] : (catalogue?.[tab.key] ?? []);
    const custom = this.activeData.customRoxFields ?? [];
    const keys = new Set(builtIn.map((f) => f.key));
    return [...builtIn, ...custom.filter((f) => !keys.has(f.key)).map((f) => ({ ...f, custom: true }))];
  }
  get customFieldTypes() {
    return this.view?.catalogue?.customFieldTypes ?? [];
  }
  get messageClass() {
    const theme = { success: 'slds-theme_success', error: 'slds-alert_error', info: '' }[
      this.message?.kind
    ];
    return `slds-notify slds-notify_alert ${theme} slds-m-bottom_small`;
  }
  get messageRole() {
    return this.message?.kind === 'error' ? 'alert' : 'status';
  }

  handleTab(event) {
    event.preventDefault();
    this.activeKey = event.currentTarget.dataset.key;
    this.loadSchemas();
  }

  handleTabKey(event) {
    if (!['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(event.key)) return;
    event.preventDefault();
    const keys = this.tabs.map((t) => t.key);
    const at = keys.indexOf(this.activeKey);
    const next =
      event.key === 'Home'
        ? 0
        : event.key === 'End'
          ? keys.length - 1
          : (at + (event.key === 'ArrowRight' ? 1 : -1) + keys.length) % keys.length;
    this.activeKey = keys[next];
    this.loadSchemas();
    Promise.resolve().then(() => this.template.querySelector(`[data-key="${keys[next]}"]`)?.focus());
  }

  handleEdit(event) {
    this.draft = applyEdit(this.draft, this.activeTab.key, event.detail);
    this.notifyDirty();
  }

  handleNewObject(event) {
    this.newObject = event.target.value;
  }

  handleAddObject() {
    const name = this.newObject.trim();
    if (!name) return;
    if (tabsOf(this.draft).some((t) => t.sobjects.some((s) => s.toLowerCase() === name.toLowerCase()))) {
      this.message = { kind: 'error', text: `${name} already has a tab.` };
      return;
    }
    this.draft = addCustomObject(this.draft, name);
    this.activeKey = `custom:${this.draft.customObjects.length - 1}`;
    this.newObject = '';
    this.notifyDirty();
    this.loadSchemas();
  }

  async handleValidate() {
    await this.send('post', '/mappings/validate');
  }

  async handleSave() {
    const incomplete = incompleteRows(this.draft);
    if (incomplete.length) {
      this.problems = incomplete;
      this.message = { kind: 'error', text: `Not saved: ${this.count(incomplete.length)} to fix first (shown next to each field).` };
      return;
    }
    await this.send('put', '/mappings');
  }

  async send(method, path) {
    this.saving = true;
    this.message = { kind: 'info', text: method === 'put' ? 'Saving …' : 'Checking …' };
    try {
      const view = await http[method](connectionPath(this._connectionId, path), this.draft);
      this.problems = view.problems;
      if (method === 'put') {
        this.view = view;
        this.draft = clone(view.config);
        this.original = JSON.stringify(view.config);
        this.message = { kind: 'success', text: 'Saved. Syncing and writeback use these mappings from now on.' };
      } else {
        this.message = view.problems.length
          ? { kind: 'error', text: `${this.count(view.problems.length)} found (shown next to each field). Nothing was saved.` }
          : { kind: 'success', text: 'No problems found. Nothing was saved yet: click Save.' };
      }
    } catch (e) {
      const problems =
        e instanceof ApiError && e.details?.problems
          ? e.details.problems
          : e instanceof ApiError && e.details?.fields
            ? schemaProblems(e.details.fields, this.draft)
            : [];
      this.problems = problems;
      this.message = {
        kind: 'error',
        text: problems.length
          ? `Not saved: ${this.count(problems.length)} (shown next to each field). Nothing was changed.`
          : `Not saved: ${e.message}`,
      };
    } finally {
      this.saving = false;
      this.notifyDirty();
    }
  }

  handleDiscard() {
    this.draft = JSON.parse(this.original);
    this.problems = this.view.problems;
    this.message = undefined;
    this.notifyDirty();
  }

  count(n) {
    return `${n} problem${n === 1 ? '' : 's'}`;
  }

  notifyDirty() {
    this.dispatchEvent(new CustomEvent('dirtychange', { detail: { dirty: this.dirty } }));
  }
}
