/** Shared pieces of the doctor's checks: outcomes, the context they read, and the wording helpers of RoxSetupChecks.cls. */
import type { DoctorArea, DoctorFacts } from './doctor-facts.js';
import type { DoctorStatus } from './doctor-types.js';
import type { Requirement, RequirementsFile } from './requirements.js';

export interface Outcome {
  status: DoctorStatus;
  found: string;
}

export interface CheckContext {
  requirements: RequirementsFile;
  facts: DoctorFacts;
}

export const pass = (found: string): Outcome => ({ status: 'pass', found });
export const warn = (found: string): Outcome => ({ status: 'warning', found });
/** A failed check gets the requirement's severity. */
export const fail = (item: Requirement, found: string): Outcome => ({ status: item.severity, found });

export const ACCESS_LABELS: Record<string, string> = {
  read: 'Read',
  create: 'Create',
  edit: 'Edit',
  delete: 'Delete',
  viewAll: 'View All',
  modifyAll: 'Modify All',
};

export function containsIgnoreCase(values: readonly string[] | undefined, value: string | null | undefined): boolean {
  if (value == null || !values) return false;
  const lower = value.toLowerCase();
  return values.some((v) => v.toLowerCase() === lower);
}

/**
 * An administrator's profile: it grants every permission of the list's adminPermissions (Modify All
 * Data, View Setup, …). Judged by permissions, never by the profile's name, which orgs translate and
 * rename. When the permission sets could not be read, the user's effective permissions decide.
 */
export function isAdminProfile(ctx: CheckContext): boolean {
  const { facts, requirements } = ctx;
  const profile = facts.profileSource();
  return requirements.adminPermissions.every((p) =>
    profile ? facts.permissionSources(p).includes(profile) : facts.hasPermission(p),
  );
}

/** The user's license as shown: its name and definition key. */
export function licenseShown(ctx: CheckContext): string {
  const { licenseName, licenseKey } = ctx.facts;
  if (!licenseName && !licenseKey) return 'unknown';
  return licenseKey && licenseName ? `${licenseName} (${licenseKey})` : (licenseName ?? licenseKey)!;
}

function joinWith(values: readonly string[], lastSeparator: string): string {
  if (values.length <= 1) return values[0] ?? '';
  return `${values.slice(0, -1).join(', ')}${lastSeparator}${values[values.length - 1]}`;
}

export const joinAnd = (values: readonly string[]): string => joinWith(values, ' and ');
export const joinOr = (values: readonly string[]): string => joinWith(values, ' or ');
export const quoted = (values: readonly string[]): string[] => values.map((v) => `'${v}'`);
export const accessLabels = (kinds: readonly string[]): string => joinAnd(kinds.map((k) => ACCESS_LABELS[k] ?? k));

/** The warning of a check whose facts could not be read (RoxSetupChecks.isBlocked). */
export function blockedBy(ctx: CheckContext, item: Requirement, area: DoctorArea): Outcome | null {
  const reason = ctx.facts.unavailableReason(area);
  return reason ? unreadable(item, reason) : null;
}

export function unreadable(item: Requirement, reason: string): Outcome {
  return warn(
    `Could not check: ${reason}${item.setup.label ? ` Check it by hand in Setup: ${item.setup.label}.` : ' Check it by hand.'}`,
  );
}

/**
 * A user permission granted by the profile or a permission set. When the permission sets cannot be read and
 * the checked user is the connected user, its effective permissions (UserPermissionAccess) decide.
 */
export function judgePermission(
  ctx: CheckContext,
  item: Requirement,
  permission: string,
  unknownText: string,
  granted: (sources: string) => string,
  missing: string,
): Outcome {
  const { facts } = ctx;
  const effective = facts.effectivePermissions?.get(permission.toLowerCase());
  const problem = facts.unavailableReason('permissionSets');
  if (problem) {
    if (effective === undefined) return unreadable(item, problem);
    return effective
      ? pass(granted("the user's effective permissions (which profile or permission set grants it could not be read)"))
      : fail(item, `${missing} (read from the user's effective permissions)`);
  }
  if (!facts.isPermissionKnown(permission)) return warn(unknownText);
  const sources = facts.permissionSources(permission);
  if (sources.length > 0) return pass(granted(joinAnd(sources)));
  if (effective === true)
    return pass(granted("a source the checker could not name (read from the user's effective permissions)"));
  return fail(item, missing);
}
