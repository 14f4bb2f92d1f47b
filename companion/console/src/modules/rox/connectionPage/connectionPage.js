/**
 * What every per-connection screen shares: the connection it shows (loading again when it changes) and its
 * loading / ready / error state. A screen extends this class and implements load().
 */
import { LightningElement, api } from 'lwc';

export default class ConnectionPage extends LightningElement {
  _connectionId;
  state = 'loading'; // loading | ready | error
  error;

  @api
  get connectionId() {
    return this._connectionId;
  }
  set connectionId(value) {
    const changed = value !== this._connectionId;
    this._connectionId = value;
    if (changed && this.isConnected) this.load();
  }

  connectedCallback() {
    this.load();
  }

  /** Runs `read` as the screen's load: loading, then ready, or error with its message. */
  async loading(read) {
    this.state = 'loading';
    try {
      await read();
      this.state = 'ready';
    } catch (e) {
      this.error = e.message;
      this.state = 'error';
    }
  }

  load() {}

  get isLoading() {
    return this.state === 'loading';
  }
  get isReady() {
    return this.state === 'ready';
  }
  get isError() {
    return this.state === 'error';
  }
}
