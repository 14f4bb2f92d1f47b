/**
 * Effective permissions of one user, computed from the org's own setup data exactly as Salesforce
 * aggregates them: the profile's permission set (IsOwnedByProfile) plus every active, unexpired
 * PermissionSetAssignment; user permissions, ObjectPermissions and FieldPermissions are OR-ed.
 * Field-level security applies to permissionable fields only; required and system fields are
 * always visible. Task and Event follow Access Activities / Edit Tasks / Edit Events (UNCONFIRMED
 * that ObjectPermissions rows play no part for them, facts §E3).
 */
import type { ObjectAccess, ObjectDef, StoredRecord } from '../schema-types.js';
import type { SchemaRegistry } from '../schema/schema-registry.js';
import { USER_PERMISSIONS, type UserPermission, VIEW_SETUP_OBJECTS } from '../schema/setup-objects.js';
import type { RecordStore } from '../store/record-store.js';

export type { ObjectAccess };

export interface FieldAccess {
  read: boolean;
  edit: boolean;
}

const NONE: ObjectAccess = { read: false, create: false, edit: false, delete: false, viewAll: false, modifyAll: false };
const ALL: ObjectAccess = { read: true, create: true, edit: true, delete: true, viewAll: true, modifyAll: true };

/** Objects every API user can read regardless of ObjectPermissions (setup data and the user's own records). */
const ALWAYS_READABLE = new Set([
  'User',
  'Organization',
  'Profile',
  'UserLicense',
  'PermissionSet',
  'PermissionSetLicense',
  'PermissionSetLicenseAssign',
  'UserPermissionAccess',
  'PackageLicense',
  'UserPackageLicense',
]);
/** Setup objects written through the API by admins (Manage Users / Customize Application). */
const SETUP_WRITABLE = new Set([
  'User',
  'Profile',
  'PermissionSet',
  'PermissionSetAssignment',
  'ObjectPermissions',
  'FieldPermissions',
  'PermissionSetLicenseAssign',
  'UserPackageLicense',
  'SetupEntityAccess',
]);

/** What the DML service and the SOQL source need to know about the caller. */
export interface Access {
  readonly userId: string;
  has(permission: UserPermission): boolean;
  objectAccess(objectName: string): ObjectAccess;
  fieldAccess(objectName: string, fieldName: string): FieldAccess;
  visibleObject(objectName: string): ObjectDef | undefined;
}

/** The platform itself (seeding, admin hooks): sees and may write everything, as `userId`. */
export class SystemAccess implements Access {
  constructor(
    readonly userId: string,
    private readonly schema: SchemaRegistry,
  ) {}

  has(): boolean {
    return true;
  }

  objectAccess(): ObjectAccess {
    return ALL;
  }

  fieldAccess(): FieldAccess {
    return { read: true, edit: true };
  }

  visibleObject(objectName: string): ObjectDef | undefined {
    return this.schema.get(objectName);
  }
}

export class UserAccess implements Access {
  readonly userId: string;
  readonly user: StoredRecord;
  readonly permissionSetIds: string[];
  readonly userPermissions: Record<UserPermission, boolean>;
  private readonly objectPerms = new Map<string, ObjectAccess>();
  private readonly fieldPerms = new Map<string, FieldAccess>();
  private readonly visibleCache = new Map<string, ObjectDef | null>();

  constructor(
    user: StoredRecord,
    store: RecordStore,
    private readonly schema: SchemaRegistry,
    now: Date,
  ) {
    this.user = user;
    this.userId = user.Id;
    const setIds = new Set<string>();
    for (const ps of store.scan('PermissionSet')) {
      if (ps.IsOwnedByProfile === true && ps.ProfileId === user.ProfileId) setIds.add(ps.Id);
    }
    for (const psa of store.scan('PermissionSetAssignment')) {
      if (psa.AssigneeId !== user.Id) continue;
      if (typeof psa.ExpirationDate === 'string' && Date.parse(psa.ExpirationDate) <= now.getTime()) continue;
      if (typeof psa.PermissionSetId === 'string') setIds.add(psa.PermissionSetId);
    }
    this.permissionSetIds = [...setIds];
    const perms = Object.fromEntries(USER_PERMISSIONS.map((p) => [p, false])) as Record<UserPermission, boolean>;
    for (const id of setIds) {
      const ps = store.get('PermissionSet', id);
      if (!ps) continue;
      for (const p of USER_PERMISSIONS) if (ps[`Permissions${p}`] === true) perms[p] = true;
    }
    this.userPermissions = perms;
    for (const op of store.scan('ObjectPermissions')) {
      if (!setIds.has(String(op.ParentId))) continue;
      const key = String(op.SobjectType).toLowerCase();
      const cur = this.objectPerms.get(key) ?? { ...NONE };
      cur.read ||= op.PermissionsRead === true;
      cur.create ||= op.PermissionsCreate === true;
      cur.edit ||= op.PermissionsEdit === true;
      cur.delete ||= op.PermissionsDelete === true;
      cur.viewAll ||= op.PermissionsViewAllRecords === true;
      cur.modifyAll ||= op.PermissionsModifyAllRecords === true;
      this.objectPerms.set(key, cur);
    }
    for (const fp of store.scan('FieldPermissions')) {
      if (!setIds.has(String(fp.ParentId))) continue;
      const key = String(fp.Field).toLowerCase();
      const cur = this.fieldPerms.get(key) ?? { read: false, edit: false };
      cur.read ||= fp.PermissionsRead === true || fp.PermissionsEdit === true;
      cur.edit ||= fp.PermissionsEdit === true;
      this.fieldPerms.set(key, cur);
    }
  }

  has(permission: UserPermission): boolean {
    return this.userPermissions[permission];
  }

  objectAccess(objectName: string): ObjectAccess {
    const obj = this.schema.get(objectName);
    if (!obj) return NONE;
    const name = obj.name;
    if (name === 'Task' || name === 'Event') {
      const read = this.has('ActivitiesAccess');
      const edit = read && (this.has(name === 'Task' ? 'EditTask' : 'EditEvent') || this.has('ModifyAllData'));
      return {
        read,
        create: edit,
        edit,
        delete: edit,
        viewAll: this.has('ViewAllData'),
        modifyAll: this.has('ModifyAllData'),
      };
    }
    if (VIEW_SETUP_OBJECTS.has(name) || name === 'ConnectedApplication') {
      const read = this.has('ViewSetup') || this.has('ManageUsers') || this.has('AssignPermissionSets');
      const write = this.has('ManageUsers') || this.has('AssignPermissionSets') || this.has('CustomizeApplication');
      return {
        ...NONE,
        read,
        create: write && SETUP_WRITABLE.has(name),
        edit: write && SETUP_WRITABLE.has(name),
        delete: write && SETUP_WRITABLE.has(name),
      };
    }
    if (ALWAYS_READABLE.has(name)) {
      const write = SETUP_WRITABLE.has(name) && (this.has('ManageUsers') || this.has('CustomizeApplication'));
      return {
        ...NONE,
        read: true,
        create: write,
        edit: write,
        delete: write && name !== 'User' && name !== 'Profile',
      };
    }
    if (this.has('ModifyAllData')) return ALL;
    // Opportunity products follow Opportunity (and Product); price book entries follow Product and Price Book.
    if (name === 'OpportunityLineItem') {
      const opp = this.objectAccess('Opportunity');
      const read = opp.read && this.objectAccess('Product2').read;
      return { ...NONE, read, create: read && opp.edit, edit: read && opp.edit, delete: read && opp.edit };
    }
    if (name === 'PricebookEntry') {
      const read = this.objectAccess('Product2').read && this.objectAccess('Pricebook2').read;
      return { ...NONE, read };
    }
    const granted = this.objectPerms.get(name.toLowerCase()) ?? NONE;
    if (this.has('ViewAllData')) return { ...granted, read: true, viewAll: true };
    return granted;
  }

  fieldAccess(objectName: string, fieldName: string): FieldAccess {
    const field = this.schema.field(objectName, fieldName);
    if (!field) return { read: false, edit: false };
    if (!field.permissionable) return { read: true, edit: field.createable || field.updateable };
    const granted = this.fieldPerms.get(`${this.schema.get(objectName)!.name}.${field.name}`.toLowerCase()) ?? {
      read: false,
      edit: false,
    };
    return { read: granted.read, edit: granted.edit && (field.createable || field.updateable) };
  }

  /** The object as this user sees it: undefined when unreadable; FLS-hidden fields removed. */
  visibleObject(objectName: string): ObjectDef | undefined {
    const obj = this.schema.get(objectName);
    if (!obj) return undefined;
    const cached = this.visibleCache.get(obj.name);
    if (cached !== undefined) return cached ?? undefined;
    let visible: ObjectDef | null = null;
    const access = this.objectAccess(obj.name);
    if (access.read) {
      const fields = obj.fields
        .filter((fd) => this.fieldAccess(obj.name, fd.name).read)
        .map((fd) => {
          if (!fd.permissionable) return fd;
          const edit = this.fieldAccess(obj.name, fd.name).edit;
          return edit ? fd : { ...fd, createable: false, updateable: false };
        });
      visible = {
        ...obj,
        createable: obj.createable && access.create,
        updateable: obj.updateable && access.edit,
        deletable: obj.deletable && access.delete,
        fields,
        childRelationships: obj.childRelationships.filter(
          (cr) => this.objectAccess(cr.childSObject).read && this.fieldAccess(cr.childSObject, cr.field).read,
        ),
        validationRules: obj.validationRules,
      };
    }
    this.visibleCache.set(obj.name, visible);
    return visible ?? undefined;
  }
}

/** Caches UserAccess per user until setup data or the schema changes. */
export class AccessCache {
  private readonly cache = new Map<string, UserAccess>();
  private setupVersion = -1;
  private schemaVersion = -1;

  constructor(
    private readonly store: RecordStore,
    private readonly schema: SchemaRegistry,
    private readonly now: () => Date,
    private readonly currentSchemaVersion: () => number,
  ) {}

  forUser(userId: string): UserAccess | undefined {
    if (this.store.setupVersion !== this.setupVersion || this.currentSchemaVersion() !== this.schemaVersion) {
      this.cache.clear();
      this.setupVersion = this.store.setupVersion;
      this.schemaVersion = this.currentSchemaVersion();
    }
    const hit = this.cache.get(userId);
    if (hit) return hit;
    const user = this.store.get('User', userId);
    if (!user) return undefined;
    const access = new UserAccess(user, this.store, this.schema, this.now());
    this.cache.set(userId, access);
    return access;
  }
}
