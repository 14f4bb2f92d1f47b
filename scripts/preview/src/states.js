// The preview's states, in the switcher's order: read by the page (state.js) and by Node (serve.mjs, the browser
// tests, the screenshot script), so both list the same ones.
/** Every state, in the switcher's order. `report` names the report the check returns when no user is picked. */
export const STATES = {
  withProblems: { label: 'Problems to fix', report: 'withProblems', users: 'few' },
  allPass: { label: 'All checks pass', report: 'allPass', users: 'few' },
  restrictedProfile: { label: 'Restricted profile (Standard User)', report: 'restrictedProfile', users: 'few' },
  apiOnlyLicense: { label: 'API-only license (Salesforce Integration)', report: 'apiOnlyLicense', users: 'few' },
  empty: { label: 'Empty requirement list', report: 'empty', users: 'few' },
  manyUsers: { label: 'A long list of users', report: 'allPass', users: 'many' },
  checkFailed: { label: 'Error: the check fails', reportError: 'checkFailed', users: 'few' },
  viewSetupMissing: { label: 'Error: no View Setup and Configuration', reportError: 'viewSetupMissing', users: 'few' },
  usersFailed: { label: 'Error: the user list fails', report: 'withProblems', usersError: 'usersFailed' },
  searchFailed: {
    label: 'Error: the user search fails',
    report: 'withProblems',
    users: 'few',
    searchError: 'searchFailed',
  },
  loading: { label: 'Still checking', report: 'withProblems', users: 'few', never: true },
};
export const DEFAULT_STATE = 'withProblems';
