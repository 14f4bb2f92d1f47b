import {
  absoluteUrl,
  buildTextReport,
  countBadgeClass,
  givesRefreshAdvice,
  groupResults,
  isPermissionError,
  overallMessage,
  selectionReasonText,
  statusInfo,
  themeClass,
  toUserOptions,
} from '../reportUtils';

const WITH_PROBLEMS = require('./data/getSetupReport.withProblems.json');

const result = (id, category, status, extra = {}) => ({
  id,
  category,
  title: `Title ${id}`,
  status,
  found: `Found ${id}`,
  why: `Why ${id}`,
  fix: `Fix ${id}`,
  setupLabel: 'Permission Sets',
  setupUrl: '/lightning/setup/PermSets/home',
  ...extra,
});

describe('roxSetupChecker reportUtils', () => {
  describe('statusInfo', () => {
    it('maps each status to its icon and words', () => {
      expect(statusInfo('pass')).toMatchObject({ label: 'Pass', iconName: 'utility:success', tag: 'PASS' });
      expect(statusInfo('warning')).toMatchObject({ label: 'Warning', iconName: 'utility:warning', tag: 'WARNING' });
      expect(statusInfo('fail')).toMatchObject({ label: 'Fail', iconName: 'utility:error', tag: 'FAIL' });
    });

    it('never shows an unknown status as a pass', () => {
      expect(statusInfo('maybe')).toMatchObject({ label: 'Unknown', tag: 'UNKNOWN' });
      expect(groupResults([result('a', 'X', 'maybe')], true)[0].rows).toHaveLength(1);
    });
  });

  describe('groupResults', () => {
    it('groups by category in order of first appearance and keeps row order', () => {
      const groups = groupResults([result('a', 'B', 'pass'), result('b', 'A', 'fail'), result('c', 'B', 'warning')]);

      expect(groups.map((g) => g.category)).toEqual(['B', 'A']);
      expect(groups[0].rows.map((r) => r.id)).toEqual(['a', 'c']);
      expect(groups[0].rows[1]).toMatchObject({ statusLabel: 'Warning', linkLabel: 'Open Permission Sets', key: 'c' });
    });

    it('gives each row its status badge, whether it is a problem and a link text naming the row', () => {
      const [group] = groupResults([result('a', 'B', 'pass'), result('b', 'B', 'fail'), result('c', 'B', 'maybe')]);

      expect(group.rows.map((r) => [r.statusBadgeClass, r.isProblem])).toEqual([
        ['slds-badge slds-m-left_x-small slds-theme_success', false],
        ['slds-badge slds-m-left_x-small slds-theme_error', true],
        // Unknown is neutral, and treated as a problem so its fix stays visible.
        ['slds-badge slds-m-left_x-small', true],
      ]);
      expect(group.rows[1].linkAssistiveText).toBe(' for Title b, opens in a new tab');
      expect(groupResults([result('d', 'B', 'warning')])[0].rows[0].statusBadgeClass).toBe(
        'slds-badge slds-m-left_x-small slds-theme_warning',
      );
    });

    it('keeps only problems, and drops categories left empty, when asked', () => {
      const groups = groupResults([result('a', 'B', 'pass'), result('b', 'A', 'fail'), result('c', 'B', 'pass')], true);

      expect(groups.map((g) => g.category)).toEqual(['A']);
    });

    it('returns nothing for no results', () => {
      expect(groupResults(undefined)).toEqual([]);
      expect(groupResults([])).toEqual([]);
    });
  });

  describe('words', () => {
    it('says all passed, or how many problems, counting warnings as problems', () => {
      expect(overallMessage({ passCount: 1, warningCount: 0, failCount: 0 })).toBe('All 1 check passed');
      expect(overallMessage({ passCount: 5, warningCount: 0, failCount: 0 })).toBe('All 5 checks passed');
      expect(overallMessage({ passCount: 5, warningCount: 1, failCount: 0 })).toBe('1 problem to fix');
      expect(overallMessage({ passCount: 5, warningCount: 1, failCount: 2 })).toBe('3 problems to fix');
    });

    it('explains each selection reason', () => {
      expect(selectionReasonText('requested')).toBe('You picked this user.');
      expect(selectionReasonText('integrationPermissionSet')).toContain('Rox Integration User Access');
      expect(selectionReasonText('currentUser')).toContain('your own user');
      expect(selectionReasonText('somethingNew')).toBe('');
    });

    it('maps the overall status to an SLDS theme', () => {
      expect(themeClass('pass')).toBe('slds-theme_success');
      expect(themeClass('warning')).toBe('slds-theme_warning');
      expect(themeClass('fail')).toBe('slds-theme_error');
    });

    it('themes a count badge only when its count is above 0', () => {
      expect(countBadgeClass(2, 'fail')).toBe('slds-theme_error');
      expect(countBadgeClass(1, 'warning')).toBe('slds-theme_warning');
      expect(countBadgeClass(3, 'pass')).toBe('slds-theme_success');
      expect(countBadgeClass(0, 'fail')).toBe('');
      expect(countBadgeClass(0, 'warning')).toBe('');
      expect(countBadgeClass(0, 'pass')).toBe('');
    });

    it('recognises error messages that say a permission or access is missing', () => {
      expect(isPermissionError(["You need the 'View Setup and Configuration' permission to run the check."])).toBe(
        true,
      );
      expect(isPermissionError(['You need View Setup and Configuration to check another user.'])).toBe(true);
      expect(isPermissionError(['You do not have access to the Apex class named RoxSetupController.'])).toBe(true);
      expect(isPermissionError(['Other', 'Insufficient access to User'])).toBe(true);
      expect(isPermissionError(['Network failure'])).toBe(false);
      expect(isPermissionError(['The Rox setup check failed: Attempt to de-reference a null object'])).toBe(false);
      expect(isPermissionError([])).toBe(false);
      expect(isPermissionError(undefined)).toBe(false);
    });

    it('recognises error messages that already advise a refresh', () => {
      const { checkFailed, viewSetupMissing } = require('./data/apexErrors.json');
      expect(givesRefreshAdvice([checkFailed.body.message])).toBe(true);
      expect(givesRefreshAdvice([viewSetupMissing.body.message])).toBe(false);
      expect(givesRefreshAdvice(['Network failure'])).toBe(false);
      expect(givesRefreshAdvice(undefined)).toBe(false);
    });
  });

  describe('toUserOptions', () => {
    it('labels users with name and username, and marks the permission set and inactive users', () => {
      expect(
        toUserOptions([
          { id: '1', name: 'A', username: 'a@x', isActive: true, hasIntegrationPermissionSet: true },
          { id: '2', name: 'B', username: 'b@x', isActive: false, hasIntegrationPermissionSet: false },
        ]),
      ).toEqual([
        { label: 'A (a@x) (Rox Integration User Access)', value: '1' },
        { label: 'B (b@x) (inactive)', value: '2' },
      ]);
      expect(toUserOptions(undefined)).toEqual([]);
    });
  });

  describe('absoluteUrl', () => {
    it('joins the origin and a relative Setup path', () => {
      expect(absoluteUrl('https://acme.lightning.force.com', '/lightning/setup/PermSets/home')).toBe(
        'https://acme.lightning.force.com/lightning/setup/PermSets/home',
      );
      expect(absoluteUrl('https://acme.lightning.force.com', 'lightning/setup/PermSets/home')).toBe(
        'https://acme.lightning.force.com/lightning/setup/PermSets/home',
      );
    });

    it('keeps a full URL and returns nothing for no path', () => {
      expect(absoluteUrl('https://a', 'https://help.salesforce.com/x')).toBe('https://help.salesforce.com/x');
      expect(absoluteUrl('https://a', null)).toBe('');
    });
  });

  describe('buildTextReport', () => {
    const ORIGIN = 'https://acme.lightning.force.com';

    it('writes the header, then one line per row under its category', () => {
      const report = {
        checkedAt: '2025-11-21T14:03:12.000Z',
        selectionReason: 'requested',
        user: { name: 'Rox', username: 'rox@acme.example', profileName: 'P', licenseName: 'L', isActive: true },
        summary: { passCount: 1, warningCount: 0, failCount: 1, overall: 'fail' },
        results: [result('a', 'Cat 1', 'fail'), result('b', 'Cat 2', 'pass', { found: null, setupUrl: null })],
      };

      expect(buildTextReport(report, ORIGIN)).toBe(
        [
          'Rox Setup Checker',
          'User: Rox (rox@acme.example), profile P, license L',
          'Why this user: You picked this user.',
          'Checked at: 2025-11-21T14:03:12.000Z',
          'Result: 1 problem to fix (1 failed, 0 warnings, 1 passed)',
          '',
          'Cat 1',
          `[FAIL] Title a — Found a — Fix: Fix a — Setup: ${ORIGIN}/lightning/setup/PermSets/home`,
          '',
          'Cat 2',
          '[PASS] Title b — Fix: Fix b',
          '',
        ].join('\n'),
      );
    });

    it('marks an inactive user and has one line per result of a real report', () => {
      const text = buildTextReport(WITH_PROBLEMS, ORIGIN);

      expect(text).toContain(', INACTIVE\n');
      expect(text.match(/^\[(PASS|WARNING|FAIL)\] /gm)).toHaveLength(WITH_PROBLEMS.results.length);
    });

    it('says so when no requirements were returned', () => {
      const text = buildTextReport(
        {
          checkedAt: 'x',
          selectionReason: 'currentUser',
          user: { name: 'A', username: 'a', profileName: 'P', licenseName: 'L', isActive: true },
          summary: { passCount: 0, warningCount: 0, failCount: 0, overall: 'pass' },
          results: [],
        },
        ORIGIN,
      );

      expect(text).toContain('Result: no requirements were returned');
      expect(text).not.toContain('[');
    });
  });
});
