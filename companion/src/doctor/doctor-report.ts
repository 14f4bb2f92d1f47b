/** Summaries and CLI output of a doctor report: plain text like the in-org Rox Setup tab, or JSON. */
import type { DoctorReport, DoctorRow } from './doctor-types.js';

const LABELS: Record<DoctorRow['status'], string> = { pass: 'PASS', warning: 'WARN', fail: 'FAIL' };

export function countRows(rows: readonly DoctorRow[]): DoctorReport['counts'] {
  const counts = { pass: 0, warning: 0, fail: 0 };
  for (const row of rows) counts[row.status]++;
  return counts;
}

/** The worst status of the report: what a CLI turns into its exit code. */
export function overallStatus(report: DoctorReport): DoctorRow['status'] {
  if (report.counts.fail > 0) return 'fail';
  return report.counts.warning > 0 ? 'warning' : 'pass';
}

/**
 * One block per category, in list order; each row shows its status, title and what was found, and a row
 * that is not a pass adds the fix and the Setup link.
 */
export function formatDoctorReport(report: DoctorReport): string {
  const { pass, warning, fail } = report.counts;
  const lines = [
    `Rox doctor: ${report.username || 'unknown user'} (${report.userId})`,
    `${pass} pass, ${warning} ${warning === 1 ? 'warning' : 'warnings'}, ${fail} fail`,
  ];
  let category: string | undefined;
  for (const row of report.rows) {
    if (row.category !== category) {
      category = row.category;
      lines.push('', category);
    }
    lines.push(`  ${LABELS[row.status]}  ${row.title}`, `        ${row.found}`);
    if (row.status !== 'pass') {
      lines.push(`        Fix: ${row.fix}`);
      if (row.setupUrl) lines.push(`        Setup: ${row.setupUrl}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

export function formatDoctorReportJson(report: DoctorReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
