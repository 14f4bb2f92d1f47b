/**
 * The setup-object reads of the doctor's collector that build on the user's permission sets: object and
 * field permissions, permission set licenses, the package license and the connected app (the queries of
 * RoxSetupSelector.cls, over the API).
 */
import type { DoctorFacts } from './doctor-facts.js';
import { field, soqlList, soqlString, str } from './doctor-soql.js';
import type { DoctorSalesforce } from './doctor-types.js';
import { checksOfType, qualify, type RequirementsFile } from './requirements.js';

export interface CollectorState {
  sf: DoctorSalesforce;
  requirements: RequirementsFile;
  facts: DoctorFacts;
  /** The connected user's View Setup and Configuration, from UserPermissionAccess; null when unknown. */
  canViewSetup: boolean | null;
  /** The user's permission sets, profile included; null when they could not be read. */
  parentIds: Set<string> | null;
  profileId: string | null;
  /** How the report names each of the user's permission sets, by Id. */
  displayNames: Map<string, string>;
  /** The reason text of an unreadable area. */
  failure(what: string, e: unknown, setupObject?: boolean): string;
}

const ACTIVITY_OBJECTS = ['task', 'event'];

/** Marks an area that depends on the permission sets unavailable when they could not be read. */
function requireParents(state: CollectorState, area: 'objectPermissions' | 'fieldPermissions'): Set<string> | null {
  if (state.parentIds) return state.parentIds;
  state.facts.markUnavailable(
    area,
    state.facts.unavailableReason('permissionSets') ?? 'The permission sets were not read.',
  );
  return null;
}

export async function collectObjectPermissions(state: CollectorState): Promise<void> {
  const parentIds = requireParents(state, 'objectPermissions');
  if (!parentIds) return;
  const prefix = state.facts.namespacePrefix;
  const objectNames = new Set<string>();
  for (const c of checksOfType(state.requirements, 'objectAccess')) {
    objectNames.add(qualify(c, prefix, c.object));
    if (c.inheritsFrom) objectNames.add(qualify(c, prefix, c.inheritsFrom));
  }
  for (const c of checksOfType(state.requirements, 'fieldAccess')) {
    c.objects.forEach((o) => objectNames.add(qualify(c, prefix, o)));
  }
  if (parentIds.size === 0 || objectNames.size === 0) return;
  try {
    const rows = await state.sf.query(
      `SELECT ParentId, SobjectType, PermissionsRead, PermissionsCreate, PermissionsEdit, PermissionsDelete, PermissionsViewAllRecords, PermissionsModifyAllRecords FROM ObjectPermissions WHERE ParentId IN ${soqlList(parentIds)} AND SobjectType IN ${soqlList(objectNames)}`,
    );
    const flags: Array<[string, string]> = [
      ['read', 'PermissionsRead'],
      ['create', 'PermissionsCreate'],
      ['edit', 'PermissionsEdit'],
      ['delete', 'PermissionsDelete'],
      ['viewAll', 'PermissionsViewAllRecords'],
      ['modifyAll', 'PermissionsModifyAllRecords'],
    ];
    for (const row of rows) {
      const objectName = str(row.SobjectType);
      if (!objectName) continue;
      for (const [kind, column] of flags) if (row[column] === true) state.facts.grantObjectAccess(objectName, kind);
    }
  } catch (e) {
    state.facts.markUnavailable('objectPermissions', state.failure('the object permissions', e));
  }
}

export async function collectFieldPermissions(state: CollectorState): Promise<void> {
  const parentIds = requireParents(state, 'fieldPermissions');
  if (!parentIds) return;
  const objectNames = new Set<string>();
  for (const c of checksOfType(state.requirements, 'fieldAccess')) {
    for (const o of c.objects) {
      objectNames.add(qualify(c, state.facts.namespacePrefix, o));
      // Field-level security of activity custom fields may be stored as Task.X, Event.X or Activity.X.
      if (ACTIVITY_OBJECTS.includes(o.toLowerCase())) ['Task', 'Event', 'Activity'].forEach((n) => objectNames.add(n));
    }
  }
  if (parentIds.size === 0 || objectNames.size === 0) return;
  try {
    const rows = await state.sf.query(
      `SELECT ParentId, SobjectType, Field, PermissionsRead, PermissionsEdit FROM FieldPermissions WHERE ParentId IN ${soqlList(parentIds)} AND SobjectType IN ${soqlList(objectNames)}`,
    );
    for (const row of rows) {
      const name = str(row.Field);
      if (!name) continue;
      if (row.PermissionsEdit === true) state.facts.grantFieldEdit(name);
      else if (row.PermissionsRead === true) state.facts.grantFieldRead(name);
    }
  } catch (e) {
    state.facts.markUnavailable('fieldPermissions', state.failure('the field-level security', e));
  }
}

export async function collectPermissionSetLicenses(state: CollectorState): Promise<void> {
  try {
    const rows = await state.sf.query(
      `SELECT PermissionSetLicenseId, PermissionSetLicense.DeveloperName, PermissionSetLicense.MasterLabel FROM PermissionSetLicenseAssign WHERE AssigneeId = ${soqlString(state.facts.userId)}`,
    );
    for (const row of rows) {
      const developerName = str(field(row, 'PermissionSetLicense', 'DeveloperName'));
      if (developerName)
        state.facts.addPermissionSetLicense(developerName, str(field(row, 'PermissionSetLicense', 'MasterLabel')));
    }
  } catch (e) {
    state.facts.markUnavailable(
      'permissionSetLicenses',
      state.failure('the permission set licence assignments of the user', e, false),
    );
  }
}

export async function collectPackageLicense(state: CollectorState): Promise<void> {
  const namespace = state.facts.namespacePrefix.replace(/__$/, '') || state.requirements.namespace;
  if (!namespace) return;
  try {
    const licenses = await state.sf.query(
      `SELECT Id, NamespacePrefix, Status, AllowedLicenses, UsedLicenses, ExpirationDate FROM PackageLicense WHERE NamespacePrefix = ${soqlString(namespace)} LIMIT 1`,
    );
    const license = licenses[0];
    if (!license) return;
    const allowed = typeof license.AllowedLicenses === 'number' ? license.AllowedLicenses : 0;
    let userHasLicense = false;
    if (allowed !== -1 && str(license.Id)) {
      const seats = await state.sf.query(
        `SELECT Id FROM UserPackageLicense WHERE PackageLicenseId = ${soqlString(str(license.Id)!)} AND UserId = ${soqlString(state.facts.userId)} LIMIT 1`,
      );
      userHasLicense = seats.length > 0;
    }
    state.facts.packageState = {
      status: str(license.Status) ?? 'unknown',
      allowedLicenses: allowed,
      usedLicenses: typeof license.UsedLicenses === 'number' ? license.UsedLicenses : 0,
      userHasLicense,
    };
  } catch (e) {
    state.facts.markUnavailable('packageLicense', state.failure(`the ${namespace} package licence`, e, false));
  }
}

export async function collectConnectedApps(state: CollectorState): Promise<void> {
  const appNames = new Set(checksOfType(state.requirements, 'connectedApp').flatMap((c) => c.appNames));
  if (appNames.size === 0) return;
  try {
    const apps = await state.sf.query(
      `SELECT Id, Name, OptionsAllowAdminApprovedUsersOnly FROM ConnectedApplication WHERE Name IN ${soqlList(appNames)}`,
    );
    const adminApproved = new Map<string, DoctorFacts['connectedApps'][number]>();
    for (const app of apps) {
      const appState = {
        name: str(app.Name) ?? '',
        adminApprovedOnly: app.OptionsAllowAdminApprovedUsersOnly === true,
        approvedThrough: [] as string[],
      };
      state.facts.connectedApps.push(appState);
      const id = str(app.Id);
      if (appState.adminApprovedOnly && id) adminApproved.set(id, appState);
    }
    if (adminApproved.size === 0) return;
    if (!state.parentIds) {
      state.facts.markUnavailable(
        'connectedApp',
        state.facts.unavailableReason('permissionSets') ?? 'The permission sets were not read.',
      );
      return;
    }
    if (state.parentIds.size === 0) return;
    const rows = await state.sf.query(
      `SELECT ParentId, SetupEntityId FROM SetupEntityAccess WHERE SetupEntityType = 'ConnectedApplication' AND SetupEntityId IN ${soqlList(adminApproved.keys())} AND ParentId IN ${soqlList(state.parentIds)}`,
    );
    for (const row of rows) {
      const appState = adminApproved.get(str(row.SetupEntityId) ?? '');
      const displayName = state.displayNames.get(str(row.ParentId) ?? '');
      if (appState && displayName && !appState.approvedThrough.includes(displayName))
        appState.approvedThrough.push(displayName);
    }
  } catch (e) {
    state.facts.markUnavailable('connectedApp', state.failure('the connected app settings', e));
  }
}
