/**
 * Sync: per object, the last run, rows stored, lag behind Salesforce, the last error and the API calls spent;
 * Sync now runs every enabled object at once and shows its progress (the object being read and its rows so far).
 */
import ConnectionPage from 'rox/connectionPage';
import { api as http, ago, connectionPath } from 'rox/api';

const PROGRESS_MS = 700;

export default class SyncStatus extends ConnectionPage {
  objects = [];
  running;
  syncing = false;
  result; // { kind, text }

  disconnectedCallback() {
    clearTimeout(this.progressTimer);
  }

  load() {
    return this.loading(async () => {
      const status = await http.get(connectionPath(this._connectionId, '/sync'));
      this.objects = status.objects;
      this.running = status.running;
    });
  }

  async handleSyncNow() {
    this.syncing = true;
    this.result = undefined;
    this.watchProgress();
    let result;
    try {
      const { objects } = await http.post(connectionPath(this._connectionId, '/sync'));
      const rows = objects.reduce((n, o) => n + (o.rows ?? o.upserted ?? 0), 0);
      const failed = objects.filter((o) => o.error);
      result = failed.length
        ? { kind: 'error', text: `Sync finished with errors on ${failed.map((o) => o.object).join(', ')}.` }
        : { kind: 'success', text: `Sync finished: ${objects.length} objects, ${rows.toLocaleString('en-US')} rows read.` };
    } catch (e) {
      result = { kind: 'error', text: `Sync did not run: ${e.message}` };
    }
    clearTimeout(this.progressTimer);
    // The table first, then the message: what the message says is on the page when it appears.
    await this.load();
    this.syncing = false;
    this.running = undefined;
    this.result = result;
  }

  watchProgress() {
    clearTimeout(this.progressTimer);
    this.progressTimer = setTimeout(async () => {
      if (!this.syncing) return;
      try {
        const { running } = await http.get(connectionPath(this._connectionId, '/sync?view=running'));
        if (this.syncing) this.running = running;
      } catch {
        // The run itself reports its outcome.
      }
      this.watchProgress();
    }, PROGRESS_MS);
  }

  get isEmpty() {
    return this.isReady && this.objects.length === 0;
  }
  get hasObjects() {
    return this.isReady && this.objects.length > 0;
  }
  get progressText() {
    if (!this.running) return 'Starting …';
    const object = this.running.object || 'the first object';
    return `Reading ${object}: ${this.running.rows.toLocaleString('en-US')} rows so far`;
  }
  get resultClass() {
    const theme = this.result?.kind === 'error' ? 'slds-alert_error' : 'slds-theme_success';
    return `slds-notify slds-notify_alert ${theme} slds-m-bottom_small`;
  }
  get rows() {
    return this.objects.map((o) => ({
      ...o,
      lastRun: ago(o.lastRunAt),
      lag: o.lagSeconds === null || o.lagSeconds === undefined ? '—' : lagText(o.lagSeconds),
      rowsText: (o.rows ?? 0).toLocaleString('en-US'),
      deletedText: (o.deleted ?? 0).toLocaleString('en-US'),
      every: `${Math.round((o.intervalSeconds ?? 0) / 60)} min`,
      errorText: o.error ?? '',
    }));
  }
}

function lagText(seconds) {
  if (seconds < 90) return `${seconds} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3600)} h`;
}
