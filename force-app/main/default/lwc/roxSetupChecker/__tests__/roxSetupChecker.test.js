import { createElement } from 'lwc';
import RoxSetupChecker from 'c/roxSetupChecker';
import getSetupReport from '@salesforce/apex/RoxSetupController.getSetupReport';
import getUserOptions from '@salesforce/apex/RoxSetupController.getUserOptions';
import searchUsers from '@salesforce/apex/RoxSetupController.searchUsers';
import { refreshApex } from '@salesforce/apex';
import { ShowToastEventName } from 'lightning/platformShowToastEvent';

const ALL_PASS = require('./data/getSetupReport.allPass.json');
const WITH_PROBLEMS = require('./data/getSetupReport.withProblems.json');
const EMPTY = require('./data/getSetupReport.empty.json');
const USER_OPTIONS = require('./data/getUserOptions.json');
// The states the browser preview shows too (scripts/preview serves these same files).
const RESTRICTED_PROFILE = require('./data/getSetupReport.restrictedProfile.json');
const API_ONLY_LICENSE = require('./data/getSetupReport.apiOnlyLicense.json');
const MANY_USERS = require('./data/getUserOptions.many.json');
const SEARCH_RESULTS = require('./data/searchUsers.json');
const APEX_ERRORS = require('./data/apexErrors.json');

jest.mock('@salesforce/apex/RoxSetupController.getSetupReport', () => ({ default: jest.fn() }), { virtual: true });
jest.mock('@salesforce/apex/RoxSetupController.searchUsers', () => ({ default: jest.fn() }), { virtual: true });
jest.mock('@salesforce/apex', () => ({ refreshApex: jest.fn(() => Promise.resolve()) }), { virtual: true });

jest.mock(
  '@salesforce/apex/RoxSetupController.getUserOptions',
  () => {
    const { createApexTestWireAdapter } = require('@salesforce/sfdx-lwc-jest');
    return { default: createApexTestWireAdapter(jest.fn()) };
  },
  { virtual: true },
);

const ORIGIN = window.location.origin;

// Fixtures are shared between tests; hand each test its own copy.
const copy = (value) => JSON.parse(JSON.stringify(value));

// Imperative Apex resolves on a later tick than the microtask that re-renders.
const flushPromises = () => new Promise((resolve) => setTimeout(resolve, 0));

async function mount(report = WITH_PROBLEMS) {
  getSetupReport.mockResolvedValue(copy(report));
  const element = createElement('c-rox-setup-checker', { is: RoxSetupChecker });
  document.body.appendChild(element);
  await flushPromises();
  return element;
}

const $ = (element, selector) => element.shadowRoot.querySelector(selector);
const $$ = (element, selector) => Array.from(element.shadowRoot.querySelectorAll(selector));
const byId = (element, id) => $(element, `[data-id="${id}"]`);
const rows = (element) => $$(element, '[data-id="result-row"]');
const rowTitles = (element) => rows(element).map((row) => row.querySelector('[data-id="title"]').textContent);
const categoryNames = (element) => $$(element, '[data-id="category"] h3').map((h) => h.textContent.trim());
const uniqueCategories = (report) => [...new Set(report.results.map((r) => r.category))];

const problemResults = (report) => report.results.filter((r) => r.status !== 'pass');
const dtLabels = (row) => Array.from(row.querySelectorAll('dt')).map((dt) => dt.textContent);

async function setProblemsOnly(element, checked) {
  const toggle = byId(element, 'problems-only');
  toggle.checked = checked;
  toggle.dispatchEvent(new CustomEvent('change'));
  await flushPromises();
}

// A first report with problems turns "Show only problems" on; tests about every row turn it off.
const showAll = (element) => setProblemsOnly(element, false);

function rowFor(element, title) {
  return rows(element).find((row) => row.querySelector('[data-id="title"]').textContent === title);
}

function deferred() {
  let resolve;
  let reject;
  const promise = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function setClipboard(value) {
  Object.defineProperty(navigator, 'clipboard', { value, configurable: true, writable: true });
}

function listenForToasts(element) {
  const handler = jest.fn();
  element.addEventListener(ShowToastEventName, handler);
  return handler;
}

describe('c-rox-setup-checker', () => {
  const originalExecCommand = document.execCommand;

  afterEach(() => {
    while (document.body.firstChild) {
      document.body.removeChild(document.body.firstChild);
    }
    jest.clearAllMocks();
    setClipboard(undefined);
    document.execCommand = originalExecCommand;
  });

  describe('data', () => {
    it('runs the check once on load and lets the server pick the user', async () => {
      await mount();

      expect(getSetupReport).toHaveBeenCalledTimes(1);
      expect(getSetupReport).toHaveBeenCalledWith({ userId: null });
    });

    it('renders one row per result with the right status icon and alternative text', async () => {
      const element = await mount(WITH_PROBLEMS);
      await showAll(element);
      const expected = {
        pass: ['utility:success', 'Pass', 'success'],
        warning: ['utility:warning', 'Warning', 'warning'],
        fail: ['utility:error', 'Fail', 'error'],
      };

      expect(rows(element)).toHaveLength(WITH_PROBLEMS.results.length);
      WITH_PROBLEMS.results.forEach((result) => {
        const row = rowFor(element, result.title);
        const icon = row.querySelector('lightning-icon');
        expect(row.dataset.status).toBe(result.status);
        expect([icon.iconName, icon.alternativeText, icon.variant]).toEqual(expected[result.status]);
      });
    });

    it('writes the status as a coloured badge next to each title', async () => {
      const element = await mount(WITH_PROBLEMS);
      await showAll(element);
      const expected = {
        pass: ['Pass', 'slds-theme_success'],
        warning: ['Warning', 'slds-theme_warning'],
        fail: ['Fail', 'slds-theme_error'],
      };

      WITH_PROBLEMS.results.forEach((result) => {
        const badge = rowFor(element, result.title).querySelector('h4 [data-id="status-badge"]');
        const [label, theme] = expected[result.status];
        expect(badge.textContent).toBe(label);
        expect(badge.classList).toContain('slds-badge');
        expect(badge.classList).toContain(theme);
        // The icon's alternative text already gives screen readers the status; the badge is for the eye.
        expect(badge.getAttribute('aria-hidden')).toBe('true');
      });
    });

    it('shows an unknown status as a neutral badge, never as a pass', async () => {
      const report = copy(WITH_PROBLEMS);
      report.results[0].status = 'maybe';
      const element = await mount(report);
      const badge = rowFor(element, report.results[0].title).querySelector('[data-id="status-badge"]');

      expect(badge.textContent).toBe('Unknown');
      expect(badge.className).not.toMatch(/slds-theme_/);
    });

    it('groups rows by category in the order of the requirement list', async () => {
      const element = await mount(WITH_PROBLEMS);
      await showAll(element);

      expect(categoryNames(element)).toEqual(uniqueCategories(WITH_PROBLEMS));
      $$(element, '[data-id="category"]').forEach((section) => {
        const category = section.querySelector('h3').textContent.trim();
        const titles = Array.from(section.querySelectorAll('[data-id="title"]')).map((t) => t.textContent);
        expect(titles).toEqual(WITH_PROBLEMS.results.filter((r) => r.category === category).map((r) => r.title));
      });
    });

    it('keeps first-appearance order when a category comes back later in the list', async () => {
      const report = copy(ALL_PASS);
      report.results = [report.results[0], report.results[4], report.results[1]];
      const element = await mount(report);

      expect(categoryNames(element)).toEqual(['Integration user', 'Rox package']);
      expect(rowTitles(element)).toEqual([
        'User is active',
        'User license allows activity writeback',
        'Rox package installed',
      ]);
    });

    it('shows found, why and fix, and links to the Setup page in a new tab', async () => {
      const element = await mount(WITH_PROBLEMS);
      const result = WITH_PROBLEMS.results.find((r) => r.id === 'package.permissionSet');
      const row = rowFor(element, result.title);
      const link = row.querySelector('a[data-id="setup-link"]');

      expect(row.querySelector('[data-id="found"]').textContent).toBe('Not assigned');
      expect(row.querySelector('[data-id="why"]').textContent).toBe(result.why);
      expect(row.querySelector('[data-id="fix"]').textContent).toBe(result.fix);
      expect(link.getAttribute('href')).toBe('/lightning/setup/PermSets/home');
      expect(link.target).toBe('_blank');
      expect(link.rel).toBe('noopener');
      expect(link.textContent).toBe(
        'Open Permission Sets for Rox Integration User Access assigned, opens in a new tab',
      );
    });

    it('links every problem row to its own setupUrl, user pages included', async () => {
      const element = await mount(WITH_PROBLEMS);
      await showAll(element);
      const hrefs = rows(element)
        .filter((row) => row.dataset.status !== 'pass')
        .map((row) => row.querySelector('a').getAttribute('href'));

      expect(hrefs).toEqual(problemResults(WITH_PROBLEMS).map((r) => r.setupUrl));
      expect(hrefs[0]).toBe('/lightning/setup/ManageUsers/page?address=%2F005Hn00000KzQ3cIAF%3Fnoredirect%3D1');
    });

    it('shows found and why on passing rows, but no fix and no Setup link', async () => {
      const element = await mount(WITH_PROBLEMS);
      await showAll(element);

      WITH_PROBLEMS.results.forEach((result) => {
        const row = rowFor(element, result.title);
        expect(row.querySelector('[data-id="found"]').textContent).toBe(result.found);
        expect(row.querySelector('[data-id="why"]').textContent).toBe(result.why);
        if (result.status === 'pass') {
          expect(row.querySelector('[data-id="fix"]')).toBeNull();
          expect(row.querySelector('a')).toBeNull();
        } else {
          expect(row.querySelector('[data-id="fix"]').textContent).toBe(result.fix);
          expect(row.querySelector('a').getAttribute('href')).toBe(result.setupUrl);
        }
      });
    });

    it('shows no Setup link at all when every check passed', async () => {
      const element = await mount(ALL_PASS);

      expect(rows(element)).toHaveLength(ALL_PASS.results.length);
      expect($$(element, 'a')).toHaveLength(0);
      expect($$(element, '[data-id="fix"]')).toHaveLength(0);
    });

    it('leaves the link out when a problem has no setupUrl', async () => {
      const report = copy(WITH_PROBLEMS);
      report.results[0].setupUrl = null;
      const element = await mount(report);

      expect(rowFor(element, 'User is active').querySelector('a')).toBeNull();
      expect(rowFor(element, 'User is active').querySelector('[data-id="fix"]')).not.toBeNull();
      expect(rowFor(element, 'Profile').querySelector('a')).not.toBeNull();
    });

    it('keeps the label columns narrow and the user picker from spanning the page', async () => {
      const element = await mount(WITH_PROBLEMS);

      // The widths live in roxSetupChecker.css; these classes are what it styles.
      $$(element, 'dl').forEach((dl) => expect(dl.classList).toContain('rox-details'));
      expect(byId(element, 'user-picker').classList).toContain('rox-user-picker');
      expect(byId(element, 'user-picker').querySelector('lightning-combobox')).not.toBeNull();
    });

    it('shows who is checked and why the server chose this user', async () => {
      const element = await mount(ALL_PASS);

      expect(byId(element, 'user-name').textContent).toContain('Rox Integration');
      expect(byId(element, 'username').textContent).toBe('rox.integration@acme.example');
      expect(byId(element, 'profile').textContent).toBe('System Administrator');
      expect(byId(element, 'license').textContent).toBe('Salesforce');
      expect(byId(element, 'selection-reason').textContent).toContain(
        'has the Rox Integration User Access permission set',
      );
      expect(byId(element, 'inactive-badge')).toBeNull();
      expect(byId(element, 'pick-hint')).toBeNull();
      expect($(element, 'lightning-formatted-date-time').value).toBe(ALL_PASS.checkedAt);
    });

    it('flags an inactive user and, on first load, does not claim the admin picked it', async () => {
      const element = await mount(WITH_PROBLEMS);

      expect(byId(element, 'inactive-badge').label).toBe('Inactive');
      expect(byId(element, 'inactive-badge').classList).toContain('slds-theme_error');
      expect(byId(element, 'selection-reason').textContent).toContain(
        'has the Rox Integration User Access permission set',
      );
      expect(byId(element, 'selection-reason').textContent).not.toContain('You picked');
    });

    it('says when it fell back to the current user and asks for the integration user', async () => {
      const element = await mount(EMPTY);

      expect(byId(element, 'selection-reason').textContent).toContain('you are checking your own user');
      expect(byId(element, 'pick-hint')).not.toBeNull();
      expect(byId(element, 'current-user-badge').label).toBe('You');
    });

    it('shows the counts and the overall message when there are problems', async () => {
      const element = await mount(WITH_PROBLEMS);

      expect(byId(element, 'fail-count').label).toBe('7 failed');
      expect(byId(element, 'warning-count').label).toBe('5 warnings');
      expect(byId(element, 'pass-count').label).toBe('20 passed');
      expect(byId(element, 'fail-count').className).toBe('slds-theme_error');
      expect(byId(element, 'warning-count').className).toBe('slds-theme_warning');
      expect(byId(element, 'pass-count').className).toBe('slds-theme_success');
      expect(byId(element, 'overall').textContent).toBe('12 problems to fix');
      expect(byId(element, 'overall').classList).toContain('slds-theme_error');
    });

    it('says all checks passed when they did', async () => {
      const element = await mount(ALL_PASS);

      expect(byId(element, 'overall').textContent).toBe('All 32 checks passed');
      expect(byId(element, 'overall').classList).toContain('slds-theme_success');
      expect(byId(element, 'warning-count').label).toBe('0 warnings');
      expect(byId(element, 'fail-count').label).toBe('0 failed');
    });

    it('keeps count badges of 0 neutral', async () => {
      const element = await mount(ALL_PASS);

      expect(byId(element, 'fail-count').className).toBe('');
      expect(byId(element, 'warning-count').className).toBe('');
      expect(byId(element, 'pass-count').className).toBe('slds-theme_success');
    });

    it('uses a neutral icon on the Requirements card, not a green check', async () => {
      const element = await mount(WITH_PROBLEMS);

      expect(byId(element, 'requirements-card').title).toBe('Requirements');
      expect(byId(element, 'requirements-card').iconName).toBe('standard:survey');
    });

    it('uses the warning theme when only warnings are left', async () => {
      const report = copy(ALL_PASS);
      report.results[2].status = 'warning';
      report.summary = { passCount: 31, warningCount: 1, failCount: 0, overall: 'warning' };
      const element = await mount(report);

      expect(byId(element, 'overall').textContent).toBe('1 problem to fix');
      expect(byId(element, 'overall').classList).toContain('slds-theme_warning');
      expect(byId(element, 'warning-count').label).toBe('1 warning');
      expect(byId(element, 'warning-count').className).toBe('slds-theme_warning');
      expect(byId(element, 'fail-count').className).toBe('');
    });
  });

  describe('show only problems', () => {
    it('is a labelled toggle without On/Off text', async () => {
      const element = await mount(WITH_PROBLEMS);
      const toggle = byId(element, 'problems-only');

      expect(toggle.type).toBe('toggle');
      expect(toggle.label).toBe('Show only problems');
      expect(toggle.messageToggleActive).toBe('');
      expect(toggle.messageToggleInactive).toBe('');
    });

    it('is on when the first report has problems, showing only the problems', async () => {
      const element = await mount(WITH_PROBLEMS);

      expect(byId(element, 'problems-only').checked).toBe(true);
      expect(rowTitles(element)).toEqual(problemResults(WITH_PROBLEMS).map((r) => r.title));
    });

    it('is on when the first report has only warnings', async () => {
      const report = copy(ALL_PASS);
      report.results[2].status = 'warning';
      report.summary = { passCount: 31, warningCount: 1, failCount: 0, overall: 'warning' };
      const element = await mount(report);

      expect(byId(element, 'problems-only').checked).toBe(true);
      expect(rowTitles(element)).toEqual([report.results[2].title]);
    });

    it('is off when every check of the first report passed, showing every row', async () => {
      const element = await mount(ALL_PASS);

      expect(byId(element, 'problems-only').checked).toBe(false);
      expect(rows(element)).toHaveLength(ALL_PASS.results.length);
    });

    it('stays as the admin set it when later reports come in', async () => {
      const element = await mount(WITH_PROBLEMS);
      await setProblemsOnly(element, false);

      byId(element, 'refresh').click();
      await flushPromises();

      expect(byId(element, 'problems-only').checked).toBe(false);
      expect(rows(element)).toHaveLength(WITH_PROBLEMS.results.length);
    });

    it('is decided by the first report only, not switched on by a later one', async () => {
      const element = await mount(ALL_PASS);
      getSetupReport.mockResolvedValue(copy(WITH_PROBLEMS));

      byId(element, 'refresh').click();
      await flushPromises();

      expect(byId(element, 'problems-only').checked).toBe(false);
      expect(rows(element)).toHaveLength(WITH_PROBLEMS.results.length);
    });

    it('is decided by the first report with results when the first check failed or was empty', async () => {
      getSetupReport.mockRejectedValue(new Error('Network failure'));
      const element = createElement('c-rox-setup-checker', { is: RoxSetupChecker });
      document.body.appendChild(element);
      await flushPromises();
      getSetupReport.mockResolvedValue(copy(EMPTY));
      byId(element, 'refresh').click();
      await flushPromises();
      getSetupReport.mockResolvedValue(copy(WITH_PROBLEMS));
      byId(element, 'refresh').click();
      await flushPromises();

      expect(byId(element, 'problems-only').checked).toBe(true);
      expect(rows(element)).toHaveLength(problemResults(WITH_PROBLEMS).length);
    });

    it('hides passing rows and categories left empty, and shows them again when turned off', async () => {
      const report = copy(WITH_PROBLEMS);
      report.results.find((r) => r.category === 'Connected app').status = 'pass';
      const element = await mount(report);
      const problemTitles = problemResults(report).map((r) => r.title);

      expect(rowTitles(element)).toEqual(problemTitles);
      expect(rows(element).every((row) => row.dataset.status !== 'pass')).toBe(true);
      expect(categoryNames(element)).not.toContain('Connected app');
      expect(categoryNames(element)).toContain('Advice');

      await setProblemsOnly(element, false);
      expect(rows(element)).toHaveLength(report.results.length);
      expect(categoryNames(element)).toContain('Connected app');

      await setProblemsOnly(element, true);
      expect(rowTitles(element)).toEqual(problemTitles);
    });

    it('says there is nothing to show when every check passed', async () => {
      const element = await mount(ALL_PASS);

      expect(byId(element, 'no-problems')).toBeNull();
      await setProblemsOnly(element, true);

      expect(rows(element)).toHaveLength(0);
      expect(byId(element, 'no-problems').textContent).toContain('every check passed');
    });
  });

  describe('choosing a user and refreshing', () => {
    it('lists users with username, why each is offered, and inactive users marked', async () => {
      const element = await mount(ALL_PASS);
      getUserOptions.emit(copy(USER_OPTIONS));
      await flushPromises();
      const combobox = $(element, 'lightning-combobox');

      expect(combobox.label).toBe('User to check');
      expect(combobox.options).toEqual([
        {
          label:
            'Rox Integration (rox.integration@acme.example) — holds Rox Integration User Access, authorised the Rox app',
          value: '005Hn00000KzQ1aIAF',
        },
        { label: 'Ada Admin (ada.admin@acme.example) — you', value: '005Hn00000KzQ2bIAF' },
        {
          label: 'Rox Sync (rox.sync@acme.example) — authorised the Rox app (inactive)',
          value: '005Hn00000KzQ3cIAF',
        },
      ]);
      expect(combobox.value).toBe(ALL_PASS.user.id);
    });

    describe('searching for a user the list does not offer', () => {
      beforeEach(() => jest.useFakeTimers());
      afterEach(() => jest.useRealTimers());

      const type = async (element, value) => {
        byId(element, 'user-search').dispatchEvent(new CustomEvent('change', { detail: { value } }));
        jest.advanceTimersByTime(300);
        await Promise.resolve();
        await Promise.resolve();
      };

      it('adds the users found to the list, once, after a pause in typing', async () => {
        getSetupReport.mockResolvedValue(copy(ALL_PASS));
        const element = createElement('c-rox-setup-checker', { is: RoxSetupChecker });
        document.body.appendChild(element);
        getUserOptions.emit(copy(USER_OPTIONS));
        searchUsers.mockResolvedValue([
          {
            id: '005Hn00000KzQ9zIAF',
            name: 'Sam Service',
            username: 'sam@acme.example',
            isActive: true,
            reasons: ['matches your search'],
          },
          { ...copy(USER_OPTIONS[1]), reasons: ['matches your search'] },
        ]);
        byId(element, 'user-search').dispatchEvent(new CustomEvent('change', { detail: { value: 's' } }));
        byId(element, 'user-search').dispatchEvent(new CustomEvent('change', { detail: { value: 'sa' } }));
        await type(element, 'sam');

        expect(searchUsers).toHaveBeenCalledTimes(1);
        expect(searchUsers).toHaveBeenCalledWith({ term: 'sam' });
        const options = $(element, 'lightning-combobox').options;
        expect(options.map((o) => o.value)).toEqual([...USER_OPTIONS.map((u) => u.id), '005Hn00000KzQ9zIAF']);
        expect(options[3].label).toBe('Sam Service (sam@acme.example) — matches your search');
      });

      it('shows a search error through the error panel and keeps the list', async () => {
        getSetupReport.mockResolvedValue(copy(ALL_PASS));
        const element = createElement('c-rox-setup-checker', { is: RoxSetupChecker });
        document.body.appendChild(element);
        getUserOptions.emit(copy(USER_OPTIONS));
        searchUsers.mockRejectedValue({
          body: { message: 'Type at least two characters of a name or username to search.' },
        });
        await type(element, 'zz');
        await Promise.resolve();

        expect(byId(element, 'user-search-error').friendlyMessage).toBe('Could not search for users.');
        expect($(element, 'lightning-combobox').options).toHaveLength(USER_OPTIONS.length);
      });
    });

    it('re-reads the list of users on Refresh', async () => {
      const element = await mount(ALL_PASS);
      getUserOptions.emit(copy(USER_OPTIONS));
      await flushPromises();
      byId(element, 'refresh').click();
      await flushPromises();

      expect(refreshApex).toHaveBeenCalledTimes(1);
      expect(refreshApex.mock.calls[0][0]).toMatchObject({ data: USER_OPTIONS });
    });

    it('re-runs the check for the user picked and shows that user', async () => {
      const element = await mount(ALL_PASS);
      getUserOptions.emit(copy(USER_OPTIONS));
      getSetupReport.mockResolvedValue({ ...copy(WITH_PROBLEMS), selectionReason: 'requested' });

      const combobox = $(element, 'lightning-combobox');
      combobox.dispatchEvent(new CustomEvent('change', { detail: { value: '005Hn00000KzQ3cIAF' } }));
      await flushPromises();

      expect(getSetupReport).toHaveBeenCalledTimes(2);
      expect(getSetupReport).toHaveBeenLastCalledWith({ userId: '005Hn00000KzQ3cIAF' });
      expect(byId(element, 'username').textContent).toBe('rox.sync@acme.example');
      expect(combobox.value).toBe('005Hn00000KzQ3cIAF');
      expect(rows(element)).toHaveLength(WITH_PROBLEMS.results.length);
      expect(byId(element, 'selection-reason').textContent).toBe('You picked this user.');
    });

    it('Refresh re-runs the check; the server picks again until a user is chosen', async () => {
      const element = await mount(ALL_PASS);

      byId(element, 'refresh').click();
      await flushPromises();
      expect(getSetupReport).toHaveBeenCalledTimes(2);
      expect(getSetupReport).toHaveBeenLastCalledWith({ userId: null });

      $(element, 'lightning-combobox').dispatchEvent(
        new CustomEvent('change', { detail: { value: '005Hn00000KzQ2bIAF' } }),
      );
      await flushPromises();
      byId(element, 'refresh').click();
      await flushPromises();
      expect(getSetupReport).toHaveBeenCalledTimes(4);
      expect(getSetupReport).toHaveBeenLastCalledWith({ userId: '005Hn00000KzQ2bIAF' });
    });

    it('shows the new results after Refresh', async () => {
      const element = await mount(WITH_PROBLEMS);
      getSetupReport.mockResolvedValue(copy(ALL_PASS));

      byId(element, 'refresh').click();
      await flushPromises();

      expect(byId(element, 'overall').textContent).toBe('All 32 checks passed');
    });

    it('shows a spinner and disables the controls while a check runs', async () => {
      const element = await mount(ALL_PASS);
      const pending = deferred();
      getSetupReport.mockReturnValue(pending.promise);

      byId(element, 'refresh').click();
      await Promise.resolve();

      const spinner = $(element, 'lightning-spinner');
      expect(spinner.alternativeText).toBe('Checking the integration user');
      expect(spinner.size).toBe('small');
      // In the header card, next to Refresh, not in the middle of the results below.
      expect(spinner.closest('[data-id="user-card"]')).not.toBeNull();
      expect(spinner.closest('[data-id="loading"]').parentElement).toBe(
        byId(element, 'refresh').parentElement.parentElement,
      );
      expect(byId(element, 'refresh').disabled).toBe(true);
      expect(byId(element, 'copy').disabled).toBe(true);
      expect($(element, 'lightning-combobox').disabled).toBe(true);

      pending.resolve(copy(ALL_PASS));
      await flushPromises();

      expect($(element, 'lightning-spinner')).toBeNull();
      expect(byId(element, 'refresh').disabled).toBe(false);
      expect(byId(element, 'copy').disabled).toBe(false);
      expect($(element, 'lightning-combobox').disabled).toBe(false);
    });

    it('shows a spinner during the first check, before any result', async () => {
      getSetupReport.mockReturnValue(deferred().promise);
      const element = createElement('c-rox-setup-checker', { is: RoxSetupChecker });
      document.body.appendChild(element);
      await Promise.resolve();

      expect($(element, 'lightning-spinner')).not.toBeNull();
      expect(rows(element)).toHaveLength(0);
      expect(byId(element, 'copy').disabled).toBe(true);
    });

    it('ignores an older check that finishes after a newer one', async () => {
      const element = await mount(ALL_PASS);
      const slow = deferred();
      const fast = deferred();
      getSetupReport.mockReturnValueOnce(slow.promise).mockReturnValueOnce(fast.promise);

      byId(element, 'refresh').click();
      byId(element, 'refresh').click();
      fast.resolve(copy(WITH_PROBLEMS));
      await flushPromises();
      slow.resolve(copy(ALL_PASS));
      await flushPromises();

      expect(byId(element, 'username').textContent).toBe('rox.sync@acme.example');
    });
  });

  describe('the fixtures the browser preview shows', () => {
    it.each([
      ['restricted profile', RESTRICTED_PROFILE],
      ['API-only license', API_ONLY_LICENSE],
    ])('shows the %s report: its user, counts and only its problems', async (name, report) => {
      const element = await mount(report);
      const problems = problemResults(report);

      expect(byId(element, 'username').textContent).toBe(report.user.username);
      expect(byId(element, 'license').textContent).toBe(report.user.licenseName);
      expect(byId(element, 'fail-count').label).toBe(`${report.summary.failCount} failed`);
      expect(rows(element)).toHaveLength(problems.length);
      expect(new Set(rowTitles(element))).toEqual(new Set(problems.map((r) => r.title)));
      // The summary agrees with the rows.
      expect(report.summary.failCount + report.summary.warningCount + report.summary.passCount).toBe(
        report.results.length,
      );
    });

    it('offers every user of a long list in the picker', async () => {
      const element = await mount(ALL_PASS);
      getUserOptions.emit(copy(MANY_USERS));
      await flushPromises();

      const combobox = $(element, 'lightning-combobox');
      expect(combobox.options).toHaveLength(MANY_USERS.length);
      expect(new Set(combobox.options.map((o) => o.value)).size).toBe(MANY_USERS.length);
    });

    it('adds the users a search finds to the picker', async () => {
      const element = await mount(ALL_PASS);
      getUserOptions.emit(copy(USER_OPTIONS));
      searchUsers.mockResolvedValue(copy(SEARCH_RESULTS));
      jest.useFakeTimers();
      try {
        const search = byId(element, 'user-search');
        search.dispatchEvent(new CustomEvent('change', { detail: { value: 'sa' } }));
        jest.advanceTimersByTime(300);
        jest.useRealTimers();
        await flushPromises();

        const values = $(element, 'lightning-combobox').options.map((o) => o.value);
        SEARCH_RESULTS.forEach((user) => expect(values).toContain(user.id));
      } finally {
        jest.useRealTimers();
      }
    });

    it('gives the advice to refresh once when the server message already gives it', async () => {
      getSetupReport.mockRejectedValue(copy(APEX_ERRORS.checkFailed));
      const element = createElement('c-rox-setup-checker', { is: RoxSetupChecker });
      document.body.appendChild(element);
      await flushPromises();

      const panel = byId(element, 'report-error');
      expect(panel.shadowRoot.querySelector('[data-id="error-detail"]').textContent).toBe(
        APEX_ERRORS.checkFailed.body.message,
      );
      expect(panel.shadowRoot.querySelector('[data-id="hint"]')).toBeNull();
      expect(panel.shadowRoot.textContent.match(/refresh/gi)).toHaveLength(1);
    });
  });

  describe('errors', () => {
    it('shows the Apex error through the error panel', async () => {
      getSetupReport.mockRejectedValue({
        body: { message: 'You do not have access to the Apex class named RoxSetupController.' },
      });
      const element = createElement('c-rox-setup-checker', { is: RoxSetupChecker });
      document.body.appendChild(element);
      await flushPromises();

      const panel = byId(element, 'report-error');
      expect(panel.friendlyMessage).toBe('The setup check could not run:');
      expect(panel.shadowRoot.querySelector('[data-id="error-detail"]').textContent).toBe(
        'You do not have access to the Apex class named RoxSetupController.',
      );
      // A missing permission does not go away with Refresh, so no advice to try it.
      expect(panel.hint).toBe('');
      expect(panel.shadowRoot.querySelector('[data-id="hint"]')).toBeNull();
      expect(panel.shadowRoot.textContent).not.toMatch(/refresh/i);
      expect(rows(element)).toHaveLength(0);
      expect(byId(element, 'copy').disabled).toBe(true);
      expect($(element, 'lightning-spinner')).toBeNull();
    });

    it('replaces the old results with the error when a later check fails', async () => {
      const element = await mount(WITH_PROBLEMS);
      getSetupReport.mockRejectedValue(new Error('Network failure'));

      byId(element, 'refresh').click();
      await flushPromises();

      expect(rows(element)).toHaveLength(0);
      expect(byId(element, 'report-error').shadowRoot.textContent).toContain('Network failure');
      expect(byId(element, 'report-error').shadowRoot.querySelector('[data-id="hint"]').textContent).toBe(
        'Refresh to try again. If it keeps failing, send these details to your Rox contact.',
      );
      // Nothing stale is left to copy or to show as the checked user.
      expect(byId(element, 'copy').disabled).toBe(true);
      expect(byId(element, 'username')).toBeNull();
    });

    it('gives no Refresh advice when the server says the View Setup permission is missing', async () => {
      getSetupReport.mockRejectedValue({
        body: {
          message:
            "You need the 'View Setup and Configuration' permission to run the Rox setup check: Salesforce shows permission set assignments and object and field permissions only to users who have it. Ask a Salesforce admin to add it to your profile or to a permission set assigned to you.",
        },
      });
      const element = createElement('c-rox-setup-checker', { is: RoxSetupChecker });
      document.body.appendChild(element);
      await flushPromises();

      const panel = byId(element, 'report-error');
      expect(panel.shadowRoot.querySelector('[data-id="error-detail"]').textContent).toContain(
        'Ask a Salesforce admin',
      );
      expect(panel.shadowRoot.querySelector('[data-id="hint"]')).toBeNull();
    });

    it('clears the error when a later check works', async () => {
      getSetupReport.mockRejectedValue({ body: { message: 'Boom' } });
      const element = createElement('c-rox-setup-checker', { is: RoxSetupChecker });
      document.body.appendChild(element);
      await flushPromises();
      getSetupReport.mockResolvedValue(copy(ALL_PASS));

      byId(element, 'refresh').click();
      await flushPromises();

      expect(byId(element, 'report-error')).toBeNull();
      expect(rows(element)).toHaveLength(ALL_PASS.results.length);
    });

    it('shows a user-list error through the error panel and keeps the report', async () => {
      const element = await mount(ALL_PASS);
      getUserOptions.error({ message: 'Insufficient access to User' });
      await flushPromises();

      const panel = byId(element, 'user-options-error');
      expect(panel.shadowRoot.textContent).toContain('Insufficient access to User');
      expect(rows(element)).toHaveLength(ALL_PASS.results.length);
    });
  });

  describe('empty', () => {
    it('says no requirements were returned, without counts or rows', async () => {
      const element = await mount(EMPTY);

      const empty = byId(element, 'empty');
      expect(empty.textContent).toContain('No requirements were returned');
      expect(empty.textContent).toContain("package's requirement list returned nothing");
      expect(empty.textContent).toContain('Contact Rox support.');
      expect(empty.classList).toContain('slds-theme_warning');
      expect(empty.getAttribute('role')).toBe('status');
      const icon = empty.querySelector('lightning-icon');
      expect(icon.iconName).toBe('utility:warning');
      expect(icon.alternativeText).toBe('Warning');
      expect(rows(element)).toHaveLength(0);
      expect(byId(element, 'overall')).toBeNull();
      expect(byId(element, 'fail-count')).toBeNull();
      expect(byId(element, 'problems-only')).toBeNull();
      expect(byId(element, 'announcement').textContent).toBe(
        'Check finished for Ada Admin: no requirements were returned.',
      );
    });
  });

  describe('copy results', () => {
    it('puts a plain-text report with the problems and full Setup URLs on the clipboard', async () => {
      const writeText = jest.fn().mockResolvedValue(undefined);
      setClipboard({ writeText });
      const element = await mount(WITH_PROBLEMS);
      const toasts = listenForToasts(element);

      byId(element, 'copy').click();
      await flushPromises();

      expect(writeText).toHaveBeenCalledTimes(1);
      const text = writeText.mock.calls[0][0];
      expect(text).toContain(
        'User: Rox Sync (rox.sync@acme.example), profile Minimum Access - API Only Integrations, license Salesforce Integration, INACTIVE',
      );
      expect(text).toContain('Checked at: 2025-11-21T14:03:12.000Z');
      expect(text).toContain('Result: 12 problems to fix (7 failed, 5 warnings, 20 passed)');
      expect(text).toContain(
        `[FAIL] Rox Integration User Access assigned — Not assigned — Fix: Open Permission Sets, select 'Rox Integration User Access', click Manage Assignments, Add Assignment, and choose the user. — Setup: ${ORIGIN}/lightning/setup/PermSets/home`,
      );
      expect(text).toContain(
        `[FAIL] User is active — Inactive — Fix: Open the user, click Edit, select Active and save. — Setup: ${ORIGIN}/lightning/setup/ManageUsers/page?address=%2F005Hn00000KzQ3cIAF%3Fnoredirect%3D1`,
      );
      expect(text).toContain('[WARNING] Profile — Minimum Access - API Only Integrations');
      expect(text.match(/^\[FAIL\]/gm)).toHaveLength(7);
      expect(text.match(/^\[WARNING\]/gm)).toHaveLength(5);
      expect(text.match(/^\[PASS\]/gm)).toHaveLength(20);
      expect(toasts).toHaveBeenCalledTimes(1);
      expect(toasts.mock.calls[0][0].detail.variant).toBe('success');
      expect(toasts.mock.calls[0][0].detail.title).toBe('Results copied');
    });

    it('falls back to a hidden textarea and execCommand when there is no Clipboard API', async () => {
      setClipboard(undefined);
      let copiedText;
      document.execCommand = jest.fn(() => {
        copiedText = document.querySelector('textarea').value;
        return true;
      });
      const element = await mount(WITH_PROBLEMS);
      const toasts = listenForToasts(element);
      const focus = jest.spyOn(byId(element, 'copy'), 'focus');

      byId(element, 'copy').click();
      await flushPromises();

      expect(document.execCommand).toHaveBeenCalledWith('copy');
      expect(focus).toHaveBeenCalled();
      expect(copiedText).toContain('[FAIL] Rox Integration User Access assigned');
      expect(copiedText).toContain(`Setup: ${ORIGIN}/lightning/setup/PermSets/home`);
      expect(document.querySelector('textarea')).toBeNull();
      expect(toasts.mock.calls[0][0].detail.variant).toBe('success');
    });

    it('falls back when the Clipboard API refuses', async () => {
      setClipboard({ writeText: jest.fn().mockRejectedValue(new Error('NotAllowedError')) });
      document.execCommand = jest.fn(() => true);
      const element = await mount(ALL_PASS);
      const toasts = listenForToasts(element);

      byId(element, 'copy').click();
      await flushPromises();

      expect(navigator.clipboard.writeText).toHaveBeenCalled();
      expect(document.execCommand).toHaveBeenCalledWith('copy');
      expect(toasts.mock.calls[0][0].detail.variant).toBe('success');
    });

    it('shows an error toast when nothing could copy', async () => {
      setClipboard({ writeText: jest.fn().mockRejectedValue(new Error('NotAllowedError')) });
      document.execCommand = jest.fn(() => false);
      const element = await mount(ALL_PASS);
      const toasts = listenForToasts(element);

      byId(element, 'copy').click();
      await flushPromises();

      expect(toasts).toHaveBeenCalledTimes(1);
      expect(toasts.mock.calls[0][0].detail.variant).toBe('error');
      expect(toasts.mock.calls[0][0].detail.title).toBe('Could not copy the results');
      expect(document.querySelector('textarea')).toBeNull();
    });
  });

  describe('accessibility', () => {
    it('gives every icon alternative text', async () => {
      const element = await mount(WITH_PROBLEMS);
      await showAll(element);
      const icons = $$(element, 'lightning-icon');

      expect(icons).toHaveLength(WITH_PROBLEMS.results.length);
      icons.forEach((icon) => expect(['Pass', 'Warning', 'Fail']).toContain(icon.alternativeText));
    });

    it('labels every button', async () => {
      const element = await mount(WITH_PROBLEMS);
      const labels = $$(element, 'lightning-button').map((button) => button.label);

      expect(labels).toEqual(['Refresh', 'Copy results']);
    });

    it('announces the summary in a polite live region after each check', async () => {
      const element = await mount(WITH_PROBLEMS);
      const live = byId(element, 'announcement');

      expect(live.getAttribute('aria-live')).toBe('polite');
      expect(live.textContent).toBe(
        'Check finished for Rox Sync: 12 problems to fix. 7 failed, 5 warnings, 20 passed.',
      );

      const pending = deferred();
      getSetupReport.mockReturnValue(pending.promise);
      byId(element, 'refresh').click();
      await Promise.resolve();
      expect(live.textContent).toBe('');

      pending.resolve(copy(ALL_PASS));
      await flushPromises();
      expect(live.textContent).toBe(
        'Check finished for Rox Integration: All 32 checks passed. 0 failed, 0 warnings, 32 passed.',
      );
    });

    it('orders headings: the page, then categories, then requirements', async () => {
      const element = await mount(WITH_PROBLEMS);
      await showAll(element);

      expect($$(element, 'h1').map((h) => h.textContent)).toEqual(['Rox Setup Checker']);
      expect($$(element, 'h3')).toHaveLength(uniqueCategories(WITH_PROBLEMS).length);
      expect($$(element, 'h4')).toHaveLength(WITH_PROBLEMS.results.length);
      $$(element, 'h4').forEach((h4) => {
        expect(h4.closest('[data-id="category"]').querySelector('h3')).not.toBeNull();
        // The status is part of the heading, so heading navigation hears it too.
        expect(h4.querySelector('lightning-icon')).not.toBeNull();
      });
    });

    it('uses list semantics for rows and label/value pairs for details', async () => {
      const element = await mount(WITH_PROBLEMS);
      await showAll(element);

      rows(element).forEach((row) => {
        expect(row.tagName).toBe('LI');
        expect(row.parentElement.tagName).toBe('UL');
        expect(row.parentElement.getAttribute('role')).toBe('list');
        expect(dtLabels(row)).toEqual(
          row.dataset.status === 'pass' ? ['Found', 'Why it matters'] : ['Found', 'Why it matters', 'How to fix'],
        );
      });
    });

    it('names the row in each Setup link and says it opens a new tab', async () => {
      const element = await mount(WITH_PROBLEMS);
      const links = $$(element, 'a[data-id="setup-link"]');

      expect(links).toHaveLength(problemResults(WITH_PROBLEMS).length);
      links.forEach((link, index) => {
        const result = problemResults(WITH_PROBLEMS)[index];
        expect(link.querySelector('.slds-assistive-text').textContent).toBe(` for ${result.title}, opens in a new tab`);
        expect(link.textContent).toBe(`Open ${result.setupLabel} for ${result.title}, opens in a new tab`);
      });
      expect(links[0].textContent).toBe('Open User detail for User is active, opens in a new tab');
    });

    // Automated checks (axe-core with Salesforce's sa11y rules) on every state the tab shows.
    it.each([
      ['all checks passed', ALL_PASS],
      ['problems to fix, every row shown', WITH_PROBLEMS],
      ['an empty requirement list', EMPTY],
    ])('has no accessibility violations: %s', async (_state, report) => {
      const element = await mount(report);
      if (byId(element, 'problems-only')) await showAll(element);
      getUserOptions.emit(copy(USER_OPTIONS));
      await flushPromises();
      await expect(element).toBeAccessible();
    });

    it('the accessibility check itself fails on a violation (an image without alternative text)', async () => {
      const broken = document.createElement('div');
      broken.innerHTML = '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">';
      document.body.appendChild(broken);
      await expect(expect(broken).toBeAccessible()).rejects.toThrow(/alt/i);
      broken.remove();
    });

    it('has no accessibility violations while showing an error', async () => {
      getSetupReport.mockRejectedValue({ body: { message: 'Insufficient privileges' } });
      const element = createElement('c-rox-setup-checker', { is: RoxSetupChecker });
      document.body.appendChild(element);
      await flushPromises();
      await expect(element).toBeAccessible();
    });
  });
});
