/**
 * The companion's doctor: checks the integration user against the one requirement list shared with the
 * in-org Rox Setup tab, over the API, and returns the same pass / warning / fail rows.
 */
import { evaluateRequirement } from './doctor-checks.js';
import { collectFacts } from './doctor-collector.js';
import { countRows } from './doctor-report.js';
import type { DoctorOptions, DoctorReport, DoctorSalesforce } from './doctor-types.js';
import { loadRequirements, namespacePrefixOf } from './requirements.js';
import { isSalesforceId } from './doctor-soql.js';

export type {
  DoctorObjectDescribe,
  DoctorOptions,
  DoctorReport,
  DoctorRow,
  DoctorSalesforce,
  DoctorStatus,
} from './doctor-types.js';
export { formatDoctorReport, formatDoctorReportJson, overallStatus } from './doctor-report.js';
export { loadRequirements, RequirementsError, REQUIREMENTS_FILE } from './requirements.js';

/**
 * Checks one user (the connected user unless `userId` is given). Salesforce refusing a query turns only the
 * rows that depend on it into warnings; it throws only when the requirement list itself is invalid, the
 * `userId` is not a Salesforce Id, or the connected user's identity cannot be read (nothing can be checked).
 */
export async function runDoctor(sf: DoctorSalesforce, options: DoctorOptions = {}): Promise<DoctorReport> {
  const requirements = options.requirements ?? loadRequirements();
  if (options.userId !== undefined && !isSalesforceId(options.userId)) {
    throw new Error(`'${options.userId}' is not a Salesforce user Id.`);
  }
  const identity = await sf.identity();
  const userId = options.userId ?? identity.userId;
  const facts = await collectFacts(sf, requirements, {
    userId,
    connectedUserId: identity.userId,
    namespacePrefix: namespacePrefixOf(options.namespace ?? requirements.namespace),
  });
  const ctx = { requirements, facts };
  const rows = requirements.requirements.map((item) => evaluateRequirement(ctx, item, options.instanceUrl));
  return {
    userId: facts.userId,
    username: facts.username || (facts.isConnectedUser ? identity.username : ''),
    counts: countRows(rows),
    rows,
  };
}
