// The preview's states: which jest fixture each Apex method answers with. The first comes from `?state=<name>`;
// the switcher on the page (and the browser tests) change it without reloading the page. `?delay=<ms>` sets how
// long each Apex call takes (default 300 ms, as a round trip to the org might).
import FIXTURES from 'preview:fixtures';
import { DEFAULT_STATE, STATES } from './states';

const REPORTS = {
  withProblems: FIXTURES['getSetupReport.withProblems'],
  allPass: FIXTURES['getSetupReport.allPass'],
  restrictedProfile: FIXTURES['getSetupReport.restrictedProfile'],
  apiOnlyLicense: FIXTURES['getSetupReport.apiOnlyLicense'],
  empty: FIXTURES['getSetupReport.empty'],
};
const USERS = { few: FIXTURES.getUserOptions, many: FIXTURES['getUserOptions.many'] };
const ERRORS = FIXTURES.apexErrors;
const SEARCHABLE = FIXTURES.searchUsers;

const params = new URLSearchParams(window.location.search);
const isState = (name) => Object.prototype.hasOwnProperty.call(STATES, name);
export const unknownState = params.has('state') && !isState(params.get('state')) ? params.get('state') : null;
const DEFAULT_DELAY_MS = 300;

// The current state; `useState` changes it (the page then mounts a new tab).
let stateName = isState(params.get('state')) ? params.get('state') : DEFAULT_STATE;
let state = STATES[stateName];
let delayMs = Math.max(0, Number(params.get('delay') ?? DEFAULT_DELAY_MS) || 0);

// How many times each Apex method was called, for the browser tests (Refresh must call the check again).
const calls = { getSetupReport: 0, getUserOptions: 0, searchUsers: 0 };
window.roxPreview = { state: stateName, calls };

export function currentStateName() {
  return stateName;
}

/** Switches to another state (and Apex delay) and starts counting calls again. */
export function useState(name, delay = delayMs) {
  if (!isState(name)) throw new Error(`There is no preview state "${name}".`);
  stateName = name;
  state = STATES[name];
  delayMs = Math.max(0, Number(delay) || 0);
  Object.keys(calls).forEach((key) => {
    calls[key] = 0;
  });
  window.roxPreview.state = name;
}

// Each call gets its own copy, as each server answer is a new object.
const copy = (value) => JSON.parse(JSON.stringify(value));

function answer(value, { fail = false } = {}) {
  return new Promise((resolve, reject) => {
    window.setTimeout(() => (fail ? reject(copy(value)) : resolve(copy(value))), delayMs);
  });
}

function optionsList() {
  return state.usersError ? [] : USERS[state.users];
}

/** The report for a user: the fixture of that user if there is one, else the state's report for that user. */
function reportOf(userId) {
  if (!userId) return copy(REPORTS[state.report]);
  const own = Object.values(REPORTS).find((report) => report.user.id === userId);
  if (own) return { ...copy(own), selectionReason: 'requested' };
  const option = [...optionsList(), ...SEARCHABLE].find((user) => user.id === userId);
  const report = copy(REPORTS[state.report]);
  if (option) {
    report.user = { ...report.user, id: option.id, name: option.name, username: option.username };
    report.user.isActive = option.isActive;
    report.user.isCurrentUser = false;
  }
  report.selectionReason = 'requested';
  return report;
}

export function reportFor(userId) {
  calls.getSetupReport += 1;
  if (state.never) return new Promise(() => {});
  if (state.reportError) return answer(ERRORS[state.reportError], { fail: true });
  return answer(reportOf(userId));
}

export function userOptionsResult() {
  calls.getUserOptions += 1;
  if (state.usersError) return answer({ data: undefined, error: ERRORS[state.usersError] });
  return answer({ data: USERS[state.users], error: undefined });
}

export function searchUsersFor(term) {
  calls.searchUsers += 1;
  if (state.searchError) return answer(ERRORS[state.searchError], { fail: true });
  const needle = String(term || '').toLowerCase();
  const pool = [...SEARCHABLE, ...USERS.many];
  const seen = new Set();
  const found = pool.filter((user) => {
    const match = user.name.toLowerCase().includes(needle) || user.username.toLowerCase().includes(needle);
    if (!match || seen.has(user.id)) return false;
    seen.add(user.id);
    return true;
  });
  return answer(found.slice(0, 20));
}
