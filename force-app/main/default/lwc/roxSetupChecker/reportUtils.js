/**
 * Pure helpers for the Rox Setup Checker: how a RoxSetupReport (the Apex DTO) is shown and copied.
 * Kept apart from the component so the rules can be read and tested without the DOM. Words shown on the
 * page come from Custom Labels (labels.js); the copied text report keeps its English tags for Rox support.
 */
import { LABELS, format } from './labels';

const STATUS = {
  pass: {
    label: LABELS.statusPass,
    tag: 'PASS',
    iconName: 'utility:success',
    variant: 'success',
    theme: 'slds-theme_success',
  },
  warning: {
    label: LABELS.statusWarning,
    tag: 'WARNING',
    iconName: 'utility:warning',
    variant: 'warning',
    theme: 'slds-theme_warning',
  },
  fail: {
    label: LABELS.statusFail,
    tag: 'FAIL',
    iconName: 'utility:error',
    variant: 'error',
    theme: 'slds-theme_error',
  },
};
// The contract has three statuses; anything else is shown as unknown rather than as a false pass.
const UNKNOWN_STATUS = {
  label: LABELS.statusUnknown,
  tag: 'UNKNOWN',
  iconName: 'utility:help',
  variant: undefined,
  theme: '',
};

// Error messages that already say which permission or access is missing: Refresh will not help, so no advice to.
const PERMISSION_ERROR = /\bpermission\b|\byou need\b|\bdo not have access\b|\binsufficient (access|privileges)\b/i;

const REASONS = {
  requested: LABELS.reasonRequested,
  integrationPermissionSet: LABELS.reasonPermissionSet,
  currentUser: LABELS.reasonCurrentUser,
};

const THEMES = { pass: 'slds-theme_success', warning: 'slds-theme_warning', fail: 'slds-theme_error' };

/** Status display data; never undefined. */
export function statusInfo(status) {
  return STATUS[status] || UNKNOWN_STATUS;
}

export function isProblem(status) {
  return status !== 'pass';
}

/** "1 check", "3 checks". */
export function plural(count, singular, pluralForm = `${singular}s`) {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** Why the server chose this user, in words. */
export function selectionReasonText(reason) {
  return REASONS[reason] || '';
}

/** SLDS theme class for pass / warning / fail. */
export function themeClass(overall) {
  return THEMES[overall] || 'slds-theme_shade';
}

/** Class of a count badge: its theme only when there is something to count, so "0 failed" stays neutral. */
export function countBadgeClass(count, status) {
  return count > 0 ? THEMES[status] : '';
}

/** True when one of the messages says a permission or access is missing. */
export function isPermissionError(messages) {
  return (messages || []).some((message) => PERMISSION_ERROR.test(message));
}

/** Whether an error message already tells the admin to refresh (the controller's message for unexpected errors does). */
export function givesRefreshAdvice(messages) {
  return (messages || []).some((message) => /\brefresh\b/i.test(message));
}

/** "2 failed, 1 warning, 29 passed". */
export function countsText(summary) {
  return [
    format(LABELS.countFailed, summary.failCount),
    format(summary.warningCount === 1 ? LABELS.countWarning : LABELS.countWarnings, summary.warningCount),
    format(LABELS.countPassed, summary.passCount),
  ].join(', ');
}

/** "All 32 checks passed" or "3 problems to fix". Warnings count as problems: each has a fix. */
export function overallMessage(summary) {
  const problems = summary.failCount + summary.warningCount;
  if (problems === 0) {
    return format(summary.passCount === 1 ? LABELS.allPassedOne : LABELS.allPassed, summary.passCount);
  }
  return format(problems === 1 ? LABELS.problemToFix : LABELS.problemsToFix, problems);
}

/** Combobox options from getUserOptions. */
export function toUserOptions(users) {
  return (users || []).map((user) => {
    let label = `${user.name} (${user.username})`;
    const reasons = user.reasons && user.reasons.length ? user.reasons : [];
    if (reasons.length) {
      label += ` — ${reasons.join(', ')}`;
    } else if (user.hasIntegrationPermissionSet) {
      label += ' (Rox Integration User Access)';
    }
    if (!user.isActive) {
      label += ' (inactive)';
    }
    return { label, value: user.id };
  });
}

/**
 * Results grouped by category, categories in the order they first appear (the order of the requirement
 * list), rows in their own order. With problemsOnly, passing rows and then empty categories are left out.
 */
export function groupResults(results, problemsOnly = false) {
  const groups = new Map();
  (results || [])
    .filter((result) => !problemsOnly || isProblem(result.status))
    .forEach((result) => {
      const category = result.category || 'Other';
      if (!groups.has(category)) {
        groups.set(category, { key: category, category, rows: [] });
      }
      const status = statusInfo(result.status);
      groups.get(category).rows.push({
        ...result,
        key: result.id,
        statusLabel: status.label,
        iconName: status.iconName,
        iconVariant: status.variant,
        statusBadgeClass: `slds-badge slds-m-left_x-small ${status.theme}`.trim(),
        // A passing row has nothing to fix: it shows what was found and why it matters, no fix and no link.
        isProblem: isProblem(result.status),
        linkLabel: format(LABELS.openSetup, result.setupLabel || LABELS.setup),
        // Read after linkLabel, so a screen reader listing links hears which row each one belongs to.
        linkAssistiveText: ` ${format(LABELS.opensInNewTab, result.title)}`,
      });
    });
  return [...groups.values()];
}

/** The full URL of a Setup path, so a copied report works outside this page. */
export function absoluteUrl(origin, path) {
  if (!path) {
    return '';
  }
  if (/^https?:\/\//i.test(path)) {
    return path;
  }
  return `${origin}${path.startsWith('/') ? '' : '/'}${path}`;
}

/**
 * Plain-text report for a support ticket or an email: who was checked, when, the counts, then one line per
 * requirement under its category, problems marked [FAIL] or [WARNING].
 */
export function buildTextReport(report, origin) {
  const { user, summary } = report;
  const userFacts = [`profile ${user.profileName}`, `license ${user.licenseName}`];
  if (!user.isActive) {
    userFacts.push('INACTIVE');
  }
  const lines = [
    'Rox Setup Checker',
    `User: ${user.name} (${user.username}), ${userFacts.join(', ')}`,
    `Why this user: ${selectionReasonText(report.selectionReason) || report.selectionReason}`,
    `Checked at: ${report.checkedAt}`,
    `Result: ${report.results.length ? overallMessage(summary) : 'no requirements were returned'} (${countsText(summary)})`,
  ];
  groupResults(report.results).forEach((group) => {
    lines.push('', group.category);
    group.rows.forEach((row) => {
      const url = absoluteUrl(origin, row.setupUrl);
      const parts = [
        `[${statusInfo(row.status).tag}] ${row.title}`,
        row.found,
        row.fix && `Fix: ${row.fix}`,
        url && `Setup: ${url}`,
      ];
      lines.push(parts.filter(Boolean).join(' — '));
    });
  });
  return `${lines.join('\n')}\n`;
}
