/** A screen's loading spinner or its error, in words that name what could not be loaded. */
import { LightningElement, api } from 'lwc';

export default class PageState extends LightningElement {
  @api state;
  @api error;
  /** What the screen loads, e.g. "the writeback ledger". */
  @api what;

  get isLoading() {
    return this.state === 'loading';
  }
  get isError() {
    return this.state === 'error';
  }
  get errorText() {
    const what = this.what || 'this page';
    return `${what[0].toUpperCase()}${what.slice(1)} could not be loaded: ${this.error}`;
  }
  get loadingText() {
    return `Loading ${this.what}`;
  }
}
