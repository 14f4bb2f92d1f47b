import { LightningElement, wire } from 'lwc';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import getSetupReport from '@salesforce/apex/RoxSetupController.getSetupReport';
import getUserOptions from '@salesforce/apex/RoxSetupController.getUserOptions';
import searchUsers from '@salesforce/apex/RoxSetupController.searchUsers';
import { refreshApex } from '@salesforce/apex';
import { reduceErrors } from 'c/ldsUtils';
import { copyText } from './clipboard';
import { LABELS } from './labels';
import {
  buildTextReport,
  countBadgeClass,
  countsText,
  groupResults,
  givesRefreshAdvice,
  isPermissionError,
  isProblem,
  overallMessage,
  plural,
  selectionReasonText,
  themeClass,
  toUserOptions,
} from './reportUtils';

/** Characters of a name or username before the search asks the server, and the pause it waits for. */
const SEARCH_MIN_LENGTH = 2;
const SEARCH_DELAY_MS = 300;

/**
 * The Rox Setup tab: checks the Rox integration user against every requirement and shows, row by row,
 * what was found, why it matters and how to fix it.
 */
export default class RoxSetupChecker extends LightningElement {
  labels = LABELS;
  report;
  reportError;
  isLoading = false;
  problemsOnly = false;
  // The first report with results sets problemsOnly (on when it has problems); after that it is the admin's choice.
  problemsOnlyChosen = false;
  announcement = '';
  userOptions = [];
  userOptionsError;
  wiredUserOptionsResult;
  // Users found by the admin's search, added to the picker's list.
  searchOptions = [];
  userSearchError;
  searchTimer;
  searchCount = 0;
  // null until the admin picks a user, so Refresh lets the server choose again (it may find the integration user now).
  requestedUserId = null;
  // Only the latest check may update the page when checks overlap.
  checkCount = 0;

  @wire(getUserOptions)
  wiredUserOptions(result) {
    this.wiredUserOptionsResult = result;
    this.userOptions = toUserOptions(result.data);
    this.userOptionsError = result.error;
  }

  /** The offered users, then those the search found (each once). */
  get pickerOptions() {
    const offered = new Set(this.userOptions.map((option) => option.value));
    return [...this.userOptions, ...this.searchOptions.filter((option) => !offered.has(option.value))];
  }

  handleUserSearch(event) {
    const term = (event.detail.value || '').trim();
    window.clearTimeout(this.searchTimer);
    if (term.length < SEARCH_MIN_LENGTH) {
      this.searchOptions = [];
      this.userSearchError = undefined;
      return;
    }
    // Wait for a pause in typing before asking the server.
    // eslint-disable-next-line @lwc/lwc/no-async-operation
    this.searchTimer = window.setTimeout(() => this.runSearch(term), SEARCH_DELAY_MS);
  }

  async runSearch(term) {
    const search = ++this.searchCount;
    try {
      const found = await searchUsers({ term });
      if (search === this.searchCount) {
        this.searchOptions = toUserOptions(found);
        this.userSearchError = undefined;
      }
    } catch (error) {
      if (search === this.searchCount) {
        this.searchOptions = [];
        this.userSearchError = error;
      }
    }
  }

  connectedCallback() {
    this.runCheck();
  }

  async runCheck() {
    const check = ++this.checkCount;
    this.isLoading = true;
    this.announcement = '';
    try {
      const report = await getSetupReport({ userId: this.requestedUserId });
      if (check === this.checkCount) {
        this.report = report;
        this.reportError = undefined;
        this.chooseProblemsOnly();
        this.announcement = this.summaryAnnouncement;
      }
    } catch (error) {
      if (check === this.checkCount) {
        this.report = undefined;
        this.reportError = error;
      }
    } finally {
      if (check === this.checkCount) {
        this.isLoading = false;
      }
    }
  }

  chooseProblemsOnly() {
    if (this.problemsOnlyChosen || !this.hasResults) {
      return;
    }
    this.problemsOnlyChosen = true;
    this.problemsOnly = this.report.results.some((result) => isProblem(result.status));
  }

  handleUserChange(event) {
    this.requestedUserId = event.detail.value;
    this.runCheck();
  }

  handleRefresh() {
    // The list of users may have changed too (a new holder, a new login to the Rox app).
    if (this.wiredUserOptionsResult) {
      refreshApex(this.wiredUserOptionsResult);
    }
    this.runCheck();
  }

  handleProblemsOnlyChange(event) {
    this.problemsOnly = event.target.checked;
  }

  async handleCopy() {
    const text = buildTextReport(this.report, window.location.origin);
    try {
      await copyText(text);
      this.toast('success', LABELS.copied, LABELS.copiedHint);
    } catch (error) {
      this.toast('error', LABELS.copyFailed, LABELS.copyFailedHint);
    } finally {
      // The fallback copy focuses a hidden textarea; give keyboard users their place back.
      this.refs.copyButton.focus();
    }
  }

  toast(variant, title, message) {
    this.dispatchEvent(new ShowToastEvent({ variant, title, message }));
  }

  get user() {
    return this.report && this.report.user;
  }

  get summary() {
    return this.report && this.report.summary;
  }

  get isInactive() {
    return this.user && !this.user.isActive;
  }

  get selectionReason() {
    return selectionReasonText(this.report && this.report.selectionReason);
  }

  get isOwnUserByDefault() {
    return this.report && this.report.selectionReason === 'currentUser';
  }

  get comboboxValue() {
    return this.requestedUserId || (this.user && this.user.id);
  }

  get copyDisabled() {
    return this.isLoading || !this.report;
  }

  get hasResults() {
    return !!(this.report && this.report.results && this.report.results.length);
  }

  get groups() {
    return groupResults(this.report && this.report.results, this.problemsOnly);
  }

  get hasVisibleRows() {
    return this.groups.length > 0;
  }

  get overallMessage() {
    return overallMessage(this.summary);
  }

  get reportErrorHint() {
    // When the message names a missing permission, Refresh cannot help; the message says what to do instead.
    // When the server's message already gives the advice, once is enough.
    const messages = reduceErrors(this.reportError);
    return isPermissionError(messages) || givesRefreshAdvice(messages) ? '' : LABELS.refreshHint;
  }

  get overallClass() {
    return `slds-box slds-box_x-small ${themeClass(this.summary.overall)}`;
  }

  get failLabel() {
    return `${this.summary.failCount} failed`;
  }

  get warningLabel() {
    return plural(this.summary.warningCount, 'warning');
  }

  get passLabel() {
    return `${this.summary.passCount} passed`;
  }

  get failBadgeClass() {
    return countBadgeClass(this.summary.failCount, 'fail');
  }

  get warningBadgeClass() {
    return countBadgeClass(this.summary.warningCount, 'warning');
  }

  get passBadgeClass() {
    return countBadgeClass(this.summary.passCount, 'pass');
  }

  get summaryAnnouncement() {
    if (!this.hasResults) {
      return `Check finished for ${this.user.name}: no requirements were returned.`;
    }
    return `Check finished for ${this.user.name}: ${this.overallMessage}. ${countsText(this.summary)}.`;
  }
}
