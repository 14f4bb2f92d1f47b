/**
 * Gathers the facts about one user that the requirement list asks about, over the API: the doctor's twin of
 * RoxSetupFactsCollector.cls and RoxSetupSelector.cls (same queries, same order of reasoning). A query
 * Salesforce refuses marks only its area unavailable; the checks that depend on it then say what to check
 * by hand. Nothing here throws because of Salesforce.
 */
import { DoctorFacts, MODIFY_ALL_DATA, VIEW_ALL_DATA } from './doctor-facts.js';
import { collectSchema } from './doctor-collector-schema.js';
import {
  collectConnectedApps,
  collectFieldPermissions,
  collectObjectPermissions,
  collectPackageLicense,
  collectPermissionSetLicenses,
  type CollectorState,
} from './doctor-collector-setup.js';
import { failureText, field, queryWithKnownColumns, soqlList, soqlString, str } from './doctor-soql.js';
import type { DoctorSalesforce } from './doctor-types.js';
import { checksOfType, listUses, type RequirementsFile } from './requirements.js';

const VIEW_SETUP = 'PermissionsViewSetup';

export interface CollectOptions {
  userId: string;
  connectedUserId: string;
  namespacePrefix: string;
}

export async function collectFacts(
  sf: DoctorSalesforce,
  requirements: RequirementsFile,
  options: CollectOptions,
): Promise<DoctorFacts> {
  const facts = new DoctorFacts();
  facts.userId = options.userId;
  facts.namespacePrefix = options.namespacePrefix;
  facts.isConnectedUser = options.userId.slice(0, 15) === options.connectedUserId.slice(0, 15);
  const state: CollectorState = {
    sf,
    requirements,
    facts,
    canViewSetup: null,
    parentIds: null,
    profileId: null,
    displayNames: new Map(),
    failure: (what, e, setupObject = true) => {
      const hint =
        setupObject && state.canViewSetup === false
          ? " The connected user does not have 'View Setup and Configuration', which Salesforce requires to read it."
          : '';
      return `Salesforce did not let the checker read ${what} (${failureText(e)}).${hint}`;
    },
  };
  await collectEffectivePermissions(state);
  await collectUser(state);
  await collectSchema(state);
  await collectPermissionSets(state);
  if (listUses(requirements, ['objectAccess', 'fieldAccess'])) await collectObjectPermissions(state);
  if (listUses(requirements, ['fieldAccess'])) await collectFieldPermissions(state);
  if (listUses(requirements, ['permissionSetLicense', 'licenseChangeAdvice']))
    await collectPermissionSetLicenses(state);
  if (listUses(requirements, ['packageInstalled', 'packageLicense'])) await collectPackageLicense(state);
  if (listUses(requirements, ['connectedApp'])) await collectConnectedApps(state);
  return facts;
}

/** The user permission fields the list asks about, plus the two that grant every object access. */
function wantedPermissionFields(requirements: RequirementsFile): string[] {
  const wanted = new Map<string, string>();
  const add = (name: string | undefined) => name && wanted.set(name.toLowerCase(), name);
  [MODIFY_ALL_DATA, VIEW_ALL_DATA].forEach(add);
  checksOfType(requirements, 'userPermission').forEach((c) => add(c.permission));
  checksOfType(requirements, 'objectAccess').forEach((c) => add(c.governedBy));
  // An administrator's profile is recognised by these permissions, not by its (translated) name.
  requirements.adminPermissions.forEach(add);
  return [...wanted.values()];
}

/**
 * UserPermissionAccess: the connected user's effective user permissions, readable without View Setup
 * (facts §E2). They stand in for the permission sets when those cannot be read and the checked user is
 * the connected user; View Setup also explains why the setup objects may be unreadable.
 */
async function collectEffectivePermissions(state: CollectorState): Promise<void> {
  const listed = wantedPermissionFields(state.requirements);
  const wanted = listed.some((p) => p.toLowerCase() === VIEW_SETUP.toLowerCase()) ? listed : [...listed, VIEW_SETUP];
  try {
    const { rows, known } = await queryWithKnownColumns(
      state.sf,
      (columns) => `SELECT ${columns.join(', ')} FROM UserPermissionAccess`,
      wanted,
    );
    const row = rows[0];
    if (!row) return;
    const effective = new Map(known.map((c) => [c.toLowerCase(), row[c] === true]));
    state.canViewSetup = known.includes(VIEW_SETUP) ? row[VIEW_SETUP] === true : null;
    if (state.facts.isConnectedUser) state.facts.effectivePermissions = effective;
  } catch {
    // Not essential: the permission sets are the primary source, and their own failure is reported.
  }
}

async function collectUser(state: CollectorState): Promise<void> {
  const { facts } = state;
  try {
    const rows = await state.sf.query(
      `SELECT Id, Name, Username, IsActive, ProfileId, Profile.Name, Profile.UserLicense.Name, Profile.UserLicense.LicenseDefinitionKey FROM User WHERE Id = ${soqlString(facts.userId)}`,
    );
    const user = rows[0];
    if (!user) {
      facts.markUnavailable(
        'user',
        `No user with the Id ${facts.userId} was found, or the connected user cannot see it.`,
      );
      return;
    }
    facts.userId = str(user.Id) ?? facts.userId;
    facts.fullName = str(user.Name) ?? '';
    facts.username = str(user.Username) ?? '';
    facts.isActive = user.IsActive === true;
    facts.profileName = str(field(user, 'Profile', 'Name'));
    facts.licenseName = str(field(user, 'Profile', 'UserLicense', 'Name'));
    facts.licenseKey = str(field(user, 'Profile', 'UserLicense', 'LicenseDefinitionKey'));
    state.profileId = str(user.ProfileId);
  } catch (e) {
    facts.markUnavailable('user', state.failure('the user, its profile and license', e, false));
  }
}

interface AssignmentRow {
  PermissionSetId?: string;
  PermissionSetGroupId?: string | null;
  PermissionSet?: { Name?: string; NamespacePrefix?: string | null; Label?: string; IsOwnedByProfile?: boolean };
}

async function collectPermissionSets(state: CollectorState): Promise<void> {
  const { facts } = state;
  const profileDisplayName = `profile '${facts.profileName ?? 'unknown'}'`;
  try {
    const assignments = await state.sf.query<AssignmentRow>(
      `SELECT PermissionSetId, PermissionSetGroupId, PermissionSet.Name, PermissionSet.NamespacePrefix, PermissionSet.Label, PermissionSet.IsOwnedByProfile FROM PermissionSetAssignment WHERE AssigneeId = ${soqlString(facts.userId)}`,
    );
    const parentIds = new Set<string>();
    const groupIds = new Set<string>();
    for (const a of assignments) {
      if (a.PermissionSetId) parentIds.add(a.PermissionSetId);
      if (a.PermissionSetGroupId) groupIds.add(a.PermissionSetGroupId);
    }
    const groups = await readGroups(state, groupIds);
    for (const a of assignments) {
      if (!a.PermissionSetId || state.displayNames.has(a.PermissionSetId)) continue;
      if (!a.PermissionSetGroupId && a.PermissionSet?.IsOwnedByProfile === true) {
        addProfileGrant(state, a.PermissionSetId, profileDisplayName);
      } else {
        const displayName = a.PermissionSetGroupId
          ? `permission set group '${groups.labels.get(a.PermissionSetGroupId) ?? a.PermissionSetGroupId}'`
          : `permission set '${a.PermissionSet?.Label ?? a.PermissionSet?.Name ?? a.PermissionSetId}'`;
        state.displayNames.set(a.PermissionSetId, displayName);
        facts.addPermissionSet(a.PermissionSet?.Name, a.PermissionSet?.NamespacePrefix, displayName);
      }
    }
    for (const c of groups.components) {
      if (state.displayNames.has(c.id)) continue;
      state.displayNames.set(c.id, c.displayName);
      facts.addPermissionSet(c.name, c.namespacePrefix, c.displayName);
    }
    const userProblem = facts.unavailableReason('user');
    if (!state.profileId && userProblem && !facts.grants.some((g) => g.isProfile)) {
      // Without the profile its permissions would silently count as missing.
      facts.markUnavailable('permissionSets', userProblem);
      return;
    }
    state.parentIds = parentIds;
    await readUserPermissions(state, profileDisplayName);
  } catch (e) {
    state.parentIds = null;
    facts.markUnavailable('permissionSets', state.failure('the profile and permission set assignments of the user', e));
  }
}

function addProfileGrant(state: CollectorState, permissionSetId: string, displayName: string): void {
  if (state.displayNames.has(permissionSetId)) return;
  state.displayNames.set(permissionSetId, displayName);
  state.facts.addProfile(displayName);
}

interface GroupComponent {
  id: string;
  name?: string;
  namespacePrefix?: string | null;
  displayName: string;
}

/** The permission sets inside the user's permission set groups, and the groups' labels. */
async function readGroups(
  state: CollectorState,
  groupIds: Set<string>,
): Promise<{ labels: Map<string, string>; components: GroupComponent[] }> {
  const labels = new Map<string, string>();
  const components: GroupComponent[] = [];
  if (groupIds.size === 0) return { labels, components };
  try {
    const rows = await state.sf.query(
      `SELECT PermissionSetGroupId, PermissionSetGroup.MasterLabel, PermissionSetId, PermissionSet.Name, PermissionSet.NamespacePrefix, PermissionSet.Label FROM PermissionSetGroupComponent WHERE PermissionSetGroupId IN ${soqlList(groupIds)}`,
    );
    for (const row of rows) {
      const groupLabel = str(field(row, 'PermissionSetGroup', 'MasterLabel'));
      const groupId = str(row.PermissionSetGroupId);
      if (groupId && groupLabel) labels.set(groupId, groupLabel);
      const id = str(row.PermissionSetId);
      if (!id) continue;
      components.push({
        id,
        name: str(field(row, 'PermissionSet', 'Name')) ?? undefined,
        namespacePrefix: str(field(row, 'PermissionSet', 'NamespacePrefix')),
        displayName: `permission set '${str(field(row, 'PermissionSet', 'Label')) ?? id}' in group '${groupLabel ?? groupId}'`,
      });
    }
  } catch (e) {
    state.facts.markUnavailable(
      'permissionSetGroups',
      state.failure("the permission sets inside the user's permission set groups", e),
    );
  }
  return { labels, components };
}

/** User permissions of the profile and assigned permission sets; unknown permission fields stay unknown. */
async function readUserPermissions(state: CollectorState, profileDisplayName: string): Promise<void> {
  const parentIds = state.parentIds!;
  const where = [
    parentIds.size > 0 ? `Id IN ${soqlList(parentIds)}` : null,
    state.profileId ? `(IsOwnedByProfile = TRUE AND ProfileId = ${soqlString(state.profileId)})` : null,
  ].filter(Boolean);
  if (where.length === 0) return;
  const base = ['Id', 'Name', 'Label', 'NamespacePrefix', 'IsOwnedByProfile'];
  const wanted = wantedPermissionFields(state.requirements);
  const { rows, known } = await queryWithKnownColumns(
    state.sf,
    (columns) => `SELECT ${[...base, ...columns].join(', ')} FROM PermissionSet WHERE ${where.join(' OR ')}`,
    wanted,
  );
  known.forEach((p) => state.facts.markPermissionKnown(p));
  // The profile first, so "Granted by" reads profile, then permission sets.
  const ordered = [...rows].sort((a, b) => Number(b.IsOwnedByProfile === true) - Number(a.IsOwnedByProfile === true));
  for (const ps of ordered) {
    const id = str(ps.Id);
    if (!id) continue;
    if (!state.displayNames.has(id)) {
      // The profile's own permission set, when the assignment list did not include it.
      parentIds.add(id);
      addProfileGrant(state, id, profileDisplayName);
    }
    for (const permission of known) {
      if (ps[permission] === true) state.facts.grantUserPermission(permission, state.displayNames.get(id)!);
    }
  }
}
