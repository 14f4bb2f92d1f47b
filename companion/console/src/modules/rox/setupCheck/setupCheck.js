/**
 * Setup check: the `doctor` report of a connection, with the rows, wording and Setup links of the in-org Rox Setup
 * tab (the same requirement list produces both): a summary, then every check grouped by category, problems first
 * in each, with what was found, why it matters, the fix and a link to the Setup page in the org.
 */
import ConnectionPage from 'rox/connectionPage';
import { api as http, connectionPath } from 'rox/api';
// The in-org tab's own words (the package's Custom Labels, built in).
import FOUND from '@salesforce/label/c.Rox_Setup_Found';
import WHY from '@salesforce/label/c.Rox_Setup_WhyItMatters';
import HOW_TO_FIX from '@salesforce/label/c.Rox_Setup_HowToFix';
import PROBLEMS_ONLY from '@salesforce/label/c.Rox_Setup_ProblemsOnly';
import REFRESH from '@salesforce/label/c.Rox_Setup_Refresh';
import OPEN_SETUP from '@salesforce/label/c.Rox_Setup_OpenSetup';
import PASS from '@salesforce/label/c.Rox_Setup_StatusPass';
import WARNING from '@salesforce/label/c.Rox_Setup_StatusWarning';
import FAIL from '@salesforce/label/c.Rox_Setup_StatusFail';

const STATUS = {
  pass: { label: PASS, iconName: 'utility:success', variant: 'success' },
  warning: { label: WARNING, iconName: 'utility:warning', variant: 'warning' },
  fail: { label: FAIL, iconName: 'utility:error', variant: 'error' },
};

export default class SetupCheck extends ConnectionPage {
  report;
  problemsOnly = false;
  labels = { found: FOUND, why: WHY, howToFix: HOW_TO_FIX, problemsOnly: PROBLEMS_ONLY, refresh: REFRESH };

  load() {
    return this.loading(async () => {
      this.report = await http.get(connectionPath(this._connectionId, '/doctor'));
    });
  }

  get summary() {
    const { pass, warning, fail } = this.report.counts;
    return `${pass} passed, ${warning} ${warning === 1 ? 'warning' : 'warnings'}, ${fail} failed`;
  }

  get summaryClass() {
    const { warning, fail } = this.report.counts;
    const theme = fail ? 'slds-alert_error' : warning ? 'slds-alert_warning' : 'slds-theme_success';
    return `slds-notify slds-notify_alert ${theme} slds-m-bottom_small`;
  }

  get categories() {
    const groups = new Map();
    for (const row of this.report.rows) {
      if (this.problemsOnly && row.status === 'pass') continue;
      if (!groups.has(row.category)) groups.set(row.category, []);
      const status = STATUS[row.status] ?? { label: row.status, iconName: 'utility:help' };
      groups.get(row.category).push({
        ...row,
        statusLabel: status.label,
        iconName: status.iconName,
        variant: status.variant,
        isProblem: row.status !== 'pass',
        // The doctor gives the org's own Setup address; without the org's URL there is no link to give.
        link: /^https?:\/\//.test(row.setupUrl ?? '') ? row.setupUrl : undefined,
        linkLabel: OPEN_SETUP.replace('{0}', row.setupLabel || 'Setup'),
        linkAssistive: `: ${row.title}`,
        order: row.status === 'fail' ? 0 : row.status === 'warning' ? 1 : 2,
      });
    }
    return [...groups].map(([name, rows]) => ({ name, rows: rows.sort((a, b) => a.order - b.order) }));
  }

  get isEmpty() {
    return this.categories.length === 0;
  }

  handleRefresh() {
    this.load();
  }

  handleProblemsOnly(event) {
    this.problemsOnly = event.target.checked;
  }
}
