/**
 * Everything the doctor knows about one user: the TypeScript twin of RoxSetupFacts.cls. Data only, so the
 * checks can be tested with hand-built facts. Lookups are case-insensitive, as API names are.
 *
 * Differences from the Apex facts, because the doctor sees the org through the API as the connected user:
 * - the schema comes from the connected user's describe, so a field can be "not visible" (missing, or
 *   hidden from that user by field-level security) rather than known to be missing;
 * - when the checked user is the connected user, UserPermissionAccess gives its effective user permissions
 *   even where the permission sets themselves cannot be read.
 */
export type DoctorArea =
  | 'user'
  | 'permissionSets'
  | 'permissionSetGroups'
  | 'objectPermissions'
  | 'fieldPermissions'
  | 'permissionSetLicenses'
  | 'packageLicense'
  | 'connectedApp'
  | 'schema';

/** Modify All Data grants every object access; View All Data grants read on every object. */
export const MODIFY_ALL_DATA = 'PermissionsModifyAllData';
export const VIEW_ALL_DATA = 'PermissionsViewAllData';

export const ACCESS_KINDS = ['read', 'create', 'edit', 'delete', 'viewAll', 'modifyAll'] as const;

export interface Grant {
  /** Developer name; undefined for the profile. */
  name?: string;
  namespacePrefix?: string | null;
  /** How the report names it, e.g. `permission set 'Rox Integration User Access'`. */
  displayName: string;
  isProfile: boolean;
}

export interface FieldSchema {
  apiName: string;
  permissionable: boolean;
  externalId: boolean;
}

/** An object as the connected user's describe shows it. */
export type ObjectSchema =
  | { state: 'visible'; apiName: string; fields: Map<string, FieldSchema> }
  | { state: 'notVisible' }
  | { state: 'failed'; reason: string };

/** A field as the connected user's describe shows it; `unknown` carries why it could not be read. */
export type FieldLookup =
  { state: 'found'; field: FieldSchema } | { state: 'notVisible' } | { state: 'unknown'; reason: string };

export interface PackageState {
  status: string;
  allowedLicenses: number;
  usedLicenses: number;
  userHasLicense: boolean;
}

export interface ConnectedAppState {
  name: string;
  adminApprovedOnly: boolean;
  approvedThrough: string[];
}

export class DoctorFacts {
  userId = '';
  fullName = '';
  username = '';
  isActive = false;
  profileName: string | null = null;
  licenseName: string | null = null;
  /** UserLicense.LicenseDefinitionKey of the user's license (SFDC for Salesforce): what checks compare. */
  licenseKey: string | null = null;
  /** `RoxAI__`, or '' when the components run unnamespaced. */
  namespacePrefix = '';
  /** True when the checked user is the connected user (describe and UserPermissionAccess then speak for it). */
  isConnectedUser = true;
  grants: Grant[] = [];
  packageState: PackageState | null = null;
  connectedApps: ConnectedAppState[] = [];
  /** Effective user permissions of the checked user from UserPermissionAccess; null when not read. */
  effectivePermissions: Map<string, boolean> | null = null;

  private readonly unavailable = new Map<DoctorArea, string>();
  private readonly sourcesByPermission = new Map<string, string[]>();
  private readonly objectKinds = new Map<string, Set<string>>();
  private readonly fieldGrants = new Map<string, { read: boolean; edit: boolean }>();
  private readonly schemas = new Map<string, ObjectSchema>();
  private readonly permissionSetLicenses = new Map<string, string>();

  markUnavailable(area: DoctorArea, reason: string): void {
    this.unavailable.set(area, reason);
  }

  unavailableReason(area: DoctorArea): string | undefined {
    return this.unavailable.get(area);
  }

  markPermissionKnown(permissionField: string): void {
    const key = permissionField.toLowerCase();
    if (!this.sourcesByPermission.has(key)) this.sourcesByPermission.set(key, []);
  }

  grantUserPermission(permissionField: string, source: string): void {
    this.markPermissionKnown(permissionField);
    const sources = this.sourcesByPermission.get(permissionField.toLowerCase())!;
    if (!sources.includes(source)) sources.push(source);
  }

  isPermissionKnown(permissionField: string): boolean {
    return this.sourcesByPermission.has(permissionField.toLowerCase());
  }

  permissionSources(permissionField: string): string[] {
    return [...(this.sourcesByPermission.get(permissionField.toLowerCase()) ?? [])];
  }

  /** Granted by a profile or permission set that was read, or (failing that) by the effective permissions. */
  hasPermission(permissionField: string): boolean {
    if (this.permissionSources(permissionField).length > 0) return true;
    return this.effectivePermissions?.get(permissionField.toLowerCase()) === true;
  }

  grantObjectAccess(objectName: string, kind: string): void {
    const key = objectName.toLowerCase();
    const kinds = this.objectKinds.get(key) ?? new Set<string>();
    kinds.add(kind);
    this.objectKinds.set(key, kinds);
  }

  /** Object access from ObjectPermissions rows (without Modify / View All Data). */
  objectAccess(objectName: string): Set<string> {
    return new Set(this.objectKinds.get(objectName.toLowerCase()) ?? []);
  }

  grantFieldRead(qualifiedField: string): void {
    this.fieldGrantFor(qualifiedField).read = true;
  }

  grantFieldEdit(qualifiedField: string): void {
    const grant = this.fieldGrantFor(qualifiedField);
    grant.read = true;
    grant.edit = true;
  }

  fieldGrant(qualifiedField: string): { read: boolean; edit: boolean } {
    return { ...(this.fieldGrants.get(qualifiedField.toLowerCase()) ?? { read: false, edit: false }) };
  }

  setObjectSchema(objectName: string, schema: ObjectSchema): void {
    this.schemas.set(objectName.toLowerCase(), schema);
  }

  /** Describe facts of an object; undefined when it was never asked about. */
  objectSchema(objectName: string): ObjectSchema | undefined {
    return this.schemas.get(objectName.toLowerCase());
  }

  fieldSchema(objectName: string, fieldName: string): FieldLookup {
    const areaProblem = this.unavailableReason('schema');
    if (areaProblem) return { state: 'unknown', reason: areaProblem };
    const schema = this.objectSchema(objectName);
    if (!schema) return { state: 'unknown', reason: `The doctor did not describe ${objectName}.` };
    if (schema.state === 'failed') return { state: 'unknown', reason: schema.reason };
    if (schema.state === 'notVisible') return { state: 'notVisible' };
    const field = schema.fields.get(fieldName.toLowerCase());
    return field ? { state: 'found', field } : { state: 'notVisible' };
  }

  addPermissionSetLicense(developerName: string, label: string | null): void {
    this.permissionSetLicenses.set(developerName.toLowerCase(), label || developerName);
  }

  hasPermissionSetLicense(developerName: string): boolean {
    return this.permissionSetLicenses.has(developerName.toLowerCase());
  }

  permissionSetLicenseLabels(): string[] {
    return [...this.permissionSetLicenses.values()].sort();
  }

  /** How the profile's grant is named in permission sources, when the permission sets were read. */
  profileSource(): string | undefined {
    return this.grants.find((g) => g.isProfile)?.displayName;
  }

  addProfile(displayName: string): void {
    this.grants.push({ displayName, isProfile: true });
  }

  addPermissionSet(name: string | undefined, namespacePrefix: string | null | undefined, displayName: string): void {
    this.grants.push({ name, namespacePrefix, displayName, isProfile: false });
  }

  private fieldGrantFor(qualifiedField: string): { read: boolean; edit: boolean } {
    const key = qualifiedField.toLowerCase();
    let grant = this.fieldGrants.get(key);
    if (!grant) {
      grant = { read: false, edit: false };
      this.fieldGrants.set(key, grant);
    }
    return grant;
  }
}
