/**
 * Judges one requirement against the facts about one user: the doctor's twin of RoxSetupChecks.cls, with
 * the same pass / warning / fail rules and "found" wording. Pure: it reads only the requirement list and the
 * facts, so every path is testable with hand-built facts. A fact that could not be read gives a warning
 * that says what to check by hand; nothing here throws.
 */
import {
  checkActivityField,
  checkFieldAccess,
  checkGovernedObject,
  checkObjectAccess,
} from './doctor-access-checks.js';
import {
  blockedBy,
  containsIgnoreCase,
  fail,
  isAdminProfile,
  licenseShown,
  joinAnd,
  joinOr,
  judgePermission,
  pass,
  quoted,
  warn,
  type CheckContext,
  type Outcome,
} from './doctor-outcome.js';
import type { DoctorRow } from './doctor-types.js';
import { checksOfType, INTEGRATION_LICENSE_NAME, qualify, type CheckOf, type Requirement } from './requirements.js';

export function evaluateRequirement(ctx: CheckContext, item: Requirement, instanceUrl?: string): DoctorRow {
  let outcome: Outcome;
  try {
    outcome = applicability(ctx, item) ?? dispatch(ctx, item);
  } catch (e) {
    outcome = warn(
      `The checker could not evaluate this requirement (${(e as Error)?.message ?? String(e)}). Check it by hand.`,
    );
  }
  const base = (instanceUrl ?? '').replace(/\/+$/, '');
  return {
    id: item.id,
    category: item.category,
    title: item.title,
    status: outcome.status,
    found: outcome.found,
    why: item.why,
    fix: item.fix,
    setupUrl: base + item.setup.path.replaceAll('{userId}', ctx.facts.userId),
    setupLabel: item.setup.label,
  };
}

/** A pass or warning when the requirement does not apply to this user; null when it does. */
function applicability(ctx: CheckContext, item: Requirement): Outcome | null {
  if (!item.appliesTo) return null;
  const userProblem = blockedBy(ctx, item, 'user');
  if (userProblem) return userProblem;
  const { facts } = ctx;
  if (item.appliesTo === 'restrictedProfile') {
    return isAdminProfile(ctx) ? pass(`Not needed: ${facts.profileName} profile`) : null;
  }
  if (item.appliesTo === 'integrationLicense') {
    if (containsIgnoreCase([ctx.requirements.integrationLicenseKey], facts.licenseKey)) return null;
    return pass(`Not needed: the license is ${licenseShown(ctx)}, not ${INTEGRATION_LICENSE_NAME}`);
  }
  return warn(`This version of the checker does not know appliesTo ${String(item.appliesTo)}; check this by hand.`);
}

function dispatch(ctx: CheckContext, item: Requirement): Outcome {
  const check = item.check;
  switch (check.type) {
    case 'userActive':
      return blockedBy(ctx, item, 'user') ?? (ctx.facts.isActive ? pass('Active') : fail(item, 'Inactive'));
    case 'userLicense':
      return blockedBy(ctx, item, 'user') ?? checkUserLicense(ctx, item, check);
    case 'profile':
      return blockedBy(ctx, item, 'user') ?? checkProfile(ctx, item);
    case 'userPermission':
      return checkUserPermission(ctx, item, check);
    case 'packageInstalled':
      return checkPackageInstalled(ctx, item);
    case 'packageLicense':
      return checkPackageLicense(ctx, item);
    case 'permissionSetAssigned':
      return checkPermissionSetAssigned(ctx, item, check);
    case 'objectAccess':
      return check.governedBy ? checkGovernedObject(ctx, item, check) : checkObjectAccess(ctx, item, check);
    case 'activityField':
      return checkActivityField(ctx, item, check);
    case 'fieldAccess':
      return checkFieldAccess(ctx, item, check);
    case 'permissionSetLicense':
      return checkPermissionSetLicense(ctx, item, check);
    case 'connectedApp':
      return checkConnectedApp(ctx, item, check);
    case 'licenseChangeAdvice':
      return checkLicenseChangeAdvice(ctx, item);
    default: {
      const unknown: never = check;
      return warn(`This version of the checker does not know check type ${(unknown as { type: string }).type}`);
    }
  }
}

function checkUserLicense(ctx: CheckContext, item: Requirement, check: CheckOf<'userLicense'>): Outcome {
  const key = ctx.facts.licenseKey;
  const found = `License: ${licenseShown(ctx)}`;
  if (containsIgnoreCase(check.passKeys, key)) return pass(found);
  if (containsIgnoreCase(check.warnKeys, key)) return warn(found);
  return fail(item, found);
}

function checkProfile(ctx: CheckContext, item: Requirement): Outcome {
  const found = `Profile: ${ctx.facts.profileName}`;
  if (isAdminProfile(ctx)) return pass(found);
  return fail(item, `${found}; the access Rox needs must come from permission sets (see the checks below)`);
}

function checkUserPermission(ctx: CheckContext, item: Requirement, check: CheckOf<'userPermission'>): Outcome {
  const label = check.label || check.permission;
  return judgePermission(
    ctx,
    item,
    check.permission,
    `This org has no user permission ${check.permission}, so it could not be read; check '${label}' by hand.`,
    (sources) => `Granted by ${sources}`,
    'Not granted by the profile or any assigned permission set',
  );
}

const isExpired = (status: string) => status.toLowerCase() === 'expired';

function checkPackageInstalled(ctx: CheckContext, item: Requirement): Outcome {
  const blocked = blockedBy(ctx, item, 'packageLicense');
  if (blocked) return blocked;
  const { facts, requirements } = ctx;
  const state = facts.packageState;
  if (state) {
    if (isExpired(state.status)) return fail(item, 'Installed, but the package license has expired');
    return pass(`Installed (package license status: ${state.status})`);
  }
  // The Apex checker runs inside the package, which proves it is there; the doctor looks for a package object.
  const namespace = facts.namespacePrefix.replace(/__$/, '') || requirements.namespace;
  const probe = checksOfType(requirements, 'objectAccess').find((c) => c.namespaced === true);
  const probeName = probe ? qualify(probe, facts.namespacePrefix, probe.object) : undefined;
  const schema = probeName ? facts.objectSchema(probeName) : undefined;
  if (schema?.state === 'visible') {
    return pass(
      `No package license record, but ${schema.apiName} exists: the Rox components are deployed directly (development, scratch or packaging org)`,
    );
  }
  return warn(
    `No package license record for the ${namespace} namespace was found, so the package is either not installed or deployed unpackaged${
      probeName ? `, and ${probeName} is not visible to the connected user` : ''
    }. Check Installed Packages by hand.`,
  );
}

function checkPackageLicense(ctx: CheckContext, item: Requirement): Outcome {
  const blocked = blockedBy(ctx, item, 'packageLicense');
  if (blocked) return blocked;
  const state = ctx.facts.packageState;
  if (!state) return pass('No package license record: package licenses are not enforced in this org');
  if (isExpired(state.status)) return fail(item, 'The package license has expired');
  if (state.allowedLicenses === -1) return pass('Licensed: the package is licensed for all users');
  if (state.userHasLicense) return pass('Licensed: a package license is assigned to the user');
  return fail(item, `No package license assigned (${state.usedLicenses} of ${state.allowedLicenses} licenses in use)`);
}

function isExpectedNamespace(ctx: CheckContext, namespaced: boolean, actual: string | null | undefined): boolean {
  if (!namespaced) return true;
  const expected = ctx.facts.namespacePrefix.replace(/__$/, '');
  return expected ? expected.toLowerCase() === (actual ?? '').toLowerCase() : !actual;
}

function checkPermissionSetAssigned(
  ctx: CheckContext,
  item: Requirement,
  check: CheckOf<'permissionSetAssigned'>,
): Outcome {
  const blocked = blockedBy(ctx, item, 'permissionSets');
  if (blocked) return blocked;
  const through: string[] = [];
  for (const grant of ctx.facts.grants) {
    if (
      !grant.isProfile &&
      check.permissionSet.toLowerCase() === (grant.name ?? '').toLowerCase() &&
      isExpectedNamespace(ctx, check.namespaced, grant.namespacePrefix) &&
      !through.includes(grant.displayName)
    )
      through.push(grant.displayName);
  }
  const groupProblem = ctx.facts.unavailableReason('permissionSetGroups');
  if (through.length > 0) return pass(`Assigned through ${joinAnd(through)}`);
  // What matters is the access the set gives, not the assignment: a user who has all of it another way
  // (an administrator on the setup guide's recommended path, with RoxActivityId made by hand) is fine.
  const covered = accessTheSetGives(ctx);
  if (covered.length > 0 && covered.every((r) => r.status === 'pass'))
    return pass(
      `Not assigned, but the user already has the access it gives (${joinAnd(covered.map((r) => r.title))}); assign it to keep that access as the package grows`,
    );
  if (groupProblem)
    return warn(`Not assigned directly. ${groupProblem} Check the user's permission set groups by hand.`);
  return fail(item, 'Not assigned');
}

/** The list's rows for the package's own objects and fields: the access the package permission set exists to give. */
function accessTheSetGives(ctx: CheckContext): Array<{ title: string; status: string }> {
  return ctx.requirements.requirements
    .filter((r) => (r.check.type === 'objectAccess' || r.check.type === 'fieldAccess') && r.check.namespaced === true)
    .map((r) => ({ title: r.title, status: dispatch(ctx, r).status }));
}

function checkPermissionSetLicense(
  ctx: CheckContext,
  item: Requirement,
  check: CheckOf<'permissionSetLicense'>,
): Outcome {
  const blocked = blockedBy(ctx, item, 'permissionSetLicenses');
  if (blocked) return blocked;
  const label = check.label || check.developerName;
  return ctx.facts.hasPermissionSetLicense(check.developerName)
    ? pass(`Assigned: ${label}`)
    : fail(item, `Not assigned: ${label}`);
}

function checkConnectedApp(ctx: CheckContext, item: Requirement, check: CheckOf<'connectedApp'>): Outcome {
  const blocked = blockedBy(ctx, item, 'connectedApp');
  if (blocked) return blocked;
  const apps = ctx.facts.connectedApps;
  if (apps.length === 0) {
    return fail(
      item,
      `No connected app named ${joinOr(quoted(check.appNames))} was found. It appears after Rox first signs in; if Rox uses an app with another name, check that app by hand.`,
    );
  }
  const problems: string[] = [];
  const fine: string[] = [];
  for (const app of apps) {
    const name = `'${app.name}'`;
    if (!app.adminApprovedOnly) fine.push(`${name}: all users may self-authorize`);
    else if (app.approvedThrough.length > 0)
      fine.push(`${name}: admin-approved users only; approved through ${joinAnd(app.approvedThrough)}`);
    else
      problems.push(
        `${name}: admin-approved users only, and neither the user's profile nor its permission sets are approved`,
      );
  }
  if (problems.length === 0) {
    return pass(
      `${fine.join('; ')}. Whether the app is blocked cannot be read here; check Connected Apps OAuth Usage.`,
    );
  }
  return fail(item, [...problems, ...fine].join('; '));
}

function checkLicenseChangeAdvice(ctx: CheckContext, item: Requirement): Outcome {
  const blocked = blockedBy(ctx, item, 'permissionSets') ?? blockedBy(ctx, item, 'user');
  if (blocked) return blocked;
  const { facts } = ctx;
  const removed: string[] = [];
  for (const grant of facts.grants) {
    if (!grant.isProfile && !removed.includes(grant.displayName)) removed.push(grant.displayName);
  }
  if (!facts.unavailableReason('permissionSetLicenses')) {
    facts.permissionSetLicenseLabels().forEach((label) => removed.push(`permission set license '${label}'`));
  }
  const impact =
    removed.length === 0
      ? 'The user has no permission sets that a license change would remove.'
      : `A license change would remove ${joinAnd(removed)}.`;
  const license = `License: ${licenseShown(ctx)}`;
  const licenseFine = checksOfType(ctx.requirements, 'userLicense').every((c) =>
    containsIgnoreCase(c.passKeys, facts.licenseKey),
  );
  return licenseFine
    ? pass(`No license change needed (${license}). ${impact}`)
    : fail(item, `${license}, so a license change is likely. ${impact}`);
}
