/**
 * Setup data of a fresh local org: the Organization row, licenses, profiles (each with its
 * profile-owned permission set), the package's permission sets read from force-app, object and
 * field permissions, users, assignments, the RoxAI package license and the connected app with
 * its pre-authorisation. The integration user is realistic: Salesforce license, custom profile
 * "Rox Integration User" (API only, activities, View Setup), plus RoxAI__Rox_Integration_User_Access.
 * Its profile hides Task.Type and makes Account.Rating read-only, two FLS situations real
 * integration users meet. With `integrationUserProfile: 'System Administrator'` the integration user
 * instead has the System Administrator profile (same Salesforce license), as the setup guide recommends.
 */
import { toSfDateTime } from '../core/clock.js';
import type { LocalOrg } from '../org.js';
import type { StoredRecord } from '../schema-types.js';
import { USER_PERMISSIONS, type UserPermission } from '../schema/setup-objects.js';

/** Profiles the integration user can be seeded with: the realistic custom one (default) or the guide's recommendation. */
export const INTEGRATION_USER_PROFILES = ['Rox Integration User', 'System Administrator'] as const;
export type IntegrationUserProfile = (typeof INTEGRATION_USER_PROFILES)[number];

export interface SetupSeedOptions {
  /** Profile of the integration user (default 'Rox Integration User'); both use the Salesforce license. */
  integrationUserProfile?: IntegrationUserProfile;
}

export interface SeededUser {
  id: string;
  username: string;
}

export interface SeededUsers {
  admin: SeededUser;
  /**
   * Salesforce license, profile "Rox Integration User" (or "System Administrator" with
   * `integrationUserProfile`), permission set RoxAI Rox_Integration_User_Access.
   */
  integration: SeededUser;
  /** Salesforce Integration license, profile "Minimum Access - API Only Integrations" (not pre-authorised for the app). */
  integrationApiOnly: SeededUser;
  salesRep: SeededUser;
  inactive: SeededUser;
  profiles: Record<string, string>;
  permissionSets: Record<string, string>;
}

const USER_DOMAIN = 'rox-local-org.test';
const CRM_OBJECTS = [
  'Account',
  'Contact',
  'Lead',
  'Opportunity',
  'Product2',
  'Pricebook2',
  'PricebookEntry',
  'OpportunityLineItem',
];

function perms(enabled: readonly UserPermission[] | 'all'): Record<string, boolean> {
  return Object.fromEntries(USER_PERMISSIONS.map((p) => [`Permissions${p}`, enabled === 'all' || enabled.includes(p)]));
}

interface ObjectGrant {
  read: boolean;
  create?: boolean;
  edit?: boolean;
  delete?: boolean;
  viewAll?: boolean;
  modifyAll?: boolean;
}

export function seedSetup(org: LocalOrg, options: SetupSeedOptions = {}): SeededUsers {
  const now = org.clock.nextWriteTime();
  const placeholderUser = `005${'0'.repeat(12)}AAA`;
  // The Organization row carries the org's fixed Id, so it is written directly.
  const orgRow: StoredRecord = {
    Id: org.orgId,
    Name: 'Rox Local Org',
    Division: null,
    OrganizationType: 'Developer Edition',
    InstanceName: 'LO1',
    IsSandbox: false,
    NamespacePrefix: null,
    LanguageLocaleKey: 'en_US',
    TimeZoneSidKey: 'GMT',
    DefaultLocaleSidKey: 'en_US',
    CreatedDate: toSfDateTime(now),
    CreatedById: placeholderUser,
    LastModifiedDate: toSfDateTime(now),
    LastModifiedById: placeholderUser,
    SystemModstamp: toSfDateTime(now),
  };
  org.store.put('Organization', orgRow);
  const ins = (objectName: string, values: Record<string, unknown>) => org.insert(objectName, values, placeholderUser);

  const licenses = {
    salesforce: ins('UserLicense', {
      Name: 'Salesforce',
      LicenseDefinitionKey: 'SFDC',
      MasterLabel: 'Salesforce',
      Status: 'Active',
      TotalLicenses: 10,
      UsedLicenses: 4,
    }),
    integration: ins('UserLicense', {
      Name: 'Salesforce Integration',
      LicenseDefinitionKey: 'PID_Salesforce_Integration',
      MasterLabel: 'Salesforce Integration',
      Status: 'Active',
      TotalLicenses: 5,
      UsedLicenses: 1,
    }),
    platform: ins('UserLicense', {
      Name: 'Salesforce Platform',
      LicenseDefinitionKey: 'AUL',
      MasterLabel: 'Salesforce Platform',
      Status: 'Active',
      TotalLicenses: 10,
      UsedLicenses: 0,
    }),
  };

  const profiles: Record<string, string> = {};
  const permissionSets: Record<string, string> = {};
  const profile = (name: string, licenseId: string, userPerms: readonly UserPermission[] | 'all') => {
    const id = ins('Profile', { Name: name, UserLicenseId: licenseId, Description: null, ...perms(userPerms) });
    const psId = ins('PermissionSet', {
      Name: `X${id.slice(0, 15)}`,
      Label: `X${id.slice(0, 15)}`,
      IsOwnedByProfile: true,
      ProfileId: id,
      Type: 'Profile',
      LicenseId: licenseId,
      ...perms(userPerms),
    });
    profiles[name] = id;
    permissionSets[`profile:${name}`] = psId;
    return psId;
  };
  const adminPs = profile('System Administrator', licenses.salesforce, 'all');
  const standardPs = profile('Standard User', licenses.salesforce, [
    'ApiEnabled',
    'ActivitiesAccess',
    'EditTask',
    'EditEvent',
  ]);
  const roxProfilePs = profile('Rox Integration User', licenses.salesforce, [
    'ApiEnabled',
    'ApiUserOnly',
    'ActivitiesAccess',
    'EditTask',
    'EditEvent',
    'ViewSetup',
  ]);
  profile('Minimum Access - API Only Integrations', licenses.integration, ['ApiEnabled', 'ApiUserOnly']);

  const grantObject = (parentId: string, sobjectType: string, g: ObjectGrant) =>
    ins('ObjectPermissions', {
      ParentId: parentId,
      SobjectType: sobjectType,
      PermissionsRead: g.read,
      PermissionsCreate: g.create ?? false,
      PermissionsEdit: g.edit ?? false,
      PermissionsDelete: g.delete ?? false,
      PermissionsViewAllRecords: g.viewAll ?? false,
      PermissionsModifyAllRecords: g.modifyAll ?? false,
      PermissionsViewAllFields: false,
    });
  const grantFields = (
    parentId: string,
    objectName: string,
    rule: (field: string) => { read: boolean; edit: boolean } | null,
  ) => {
    const obj = org.schema.get(objectName);
    if (!obj) return;
    for (const fd of obj.fields) {
      if (!fd.permissionable) continue;
      const access = rule(fd.name);
      if (!access || !access.read) continue;
      const editable = access.edit && (fd.createable || fd.updateable);
      ins('FieldPermissions', {
        ParentId: parentId,
        SobjectType: obj.name,
        Field: `${obj.name}.${fd.name}`,
        PermissionsRead: true,
        PermissionsEdit: editable,
      });
    }
  };
  const ns = org.schema.namespace;
  const isPackageField = (name: string) => name.startsWith(`${ns}__`);
  const orgObjects = org.schema
    .all()
    .filter((o) => (CRM_OBJECTS.includes(o.name) || o.custom) && !o.name.startsWith(`${ns}__`));
  // A field installed by a package has no FLS for any profile, System Administrator included (facts §E3).
  for (const obj of [...orgObjects.map((o) => o.name), 'Task', 'Event']) {
    if (obj !== 'Task' && obj !== 'Event')
      grantObject(adminPs, obj, { read: true, create: true, edit: true, delete: true, viewAll: true, modifyAll: true });
    grantFields(adminPs, obj, (f) => (isPackageField(f) ? null : { read: true, edit: true }));
  }
  for (const obj of ['Account', 'Contact', 'Lead', 'Opportunity']) {
    grantObject(standardPs, obj, { read: true, create: true, edit: true, delete: true });
    grantFields(standardPs, obj, (f) => (isPackageField(f) ? null : { read: true, edit: true }));
  }
  for (const obj of ['Product2', 'Pricebook2']) grantObject(standardPs, obj, { read: true });
  for (const obj of ['Task', 'Event'])
    grantFields(standardPs, obj, (f) => (isPackageField(f) ? null : { read: true, edit: true }));

  for (const obj of ['Account', 'Contact', 'Lead', 'Opportunity'])
    grantObject(roxProfilePs, obj, { read: true, create: true, edit: true });
  for (const obj of ['Product2', 'Pricebook2']) grantObject(roxProfilePs, obj, { read: true });
  for (const obj of [
    'Account',
    'Contact',
    'Lead',
    'Opportunity',
    'OpportunityLineItem',
    'Product2',
    'Pricebook2',
    'PricebookEntry',
    'Task',
    'Event',
  ]) {
    grantFields(roxProfilePs, obj, (f) => {
      if (isPackageField(f)) return null;
      if (obj === 'Task' && f === 'Type') return null;
      if (obj === 'Account' && f === 'Rating') return { read: true, edit: false };
      return { read: true, edit: true };
    });
  }

  for (const ps of org.schema.packageMetadata?.permissionSets ?? []) {
    const id = ins('PermissionSet', {
      Name: ps.name,
      Label: ps.label,
      Description: ps.description.slice(0, 255),
      NamespacePrefix: ns,
      Type: 'Regular',
      ...perms(
        ps.userPermissions.filter((p): p is UserPermission => (USER_PERMISSIONS as readonly string[]).includes(p)),
      ),
    });
    permissionSets[ps.name] = id;
    for (const op of ps.objectPermissions) {
      grantObject(id, op.object, {
        read: op.read,
        create: op.create,
        edit: op.edit,
        delete: op.delete,
        viewAll: op.viewAll,
        modifyAll: op.modifyAll,
      });
    }
    for (const fp of ps.fieldPermissions) {
      const [objectName] = fp.field.split('.');
      ins('FieldPermissions', {
        ParentId: id,
        SobjectType: objectName,
        Field: fp.field,
        PermissionsRead: fp.readable || fp.editable,
        PermissionsEdit: fp.editable,
      });
    }
  }

  const psl = ins('PermissionSetLicense', {
    DeveloperName: 'SalesforceAPIIntegrationPsl',
    MasterLabel: 'Salesforce API Integration',
    Status: 'Active',
    TotalLicenses: 5,
    UsedLicenses: 1,
  });

  const user = (
    local: string,
    first: string,
    last: string,
    profileName: string,
    extra: Record<string, unknown> = {},
  ): SeededUser => {
    const username = `${local}@${USER_DOMAIN}`;
    const id = ins('User', {
      Username: username,
      FirstName: first,
      LastName: last,
      Email: username,
      Alias: local.replace(/[^a-z]/g, '').slice(0, 8),
      TimeZoneSidKey: 'GMT',
      LocaleSidKey: 'en_US',
      EmailEncodingKey: 'UTF-8',
      LanguageLocaleKey: 'en_US',
      ProfileId: profiles[profileName],
      ...extra,
    });
    return { id, username };
  };
  const admin = user('admin', 'Ada', 'Admin', 'System Administrator');
  const integration = user(
    'rox.integration',
    'Rox',
    'Integration',
    options.integrationUserProfile ?? 'Rox Integration User',
  );
  const integrationApiOnly = user('rox.api-only', 'Rox', 'API Only', 'Minimum Access - API Only Integrations');
  const salesRep = user('sales.rep', 'Sam', 'Seller', 'Standard User', { Title: 'Account Executive' });
  const inactive = user('former.employee', 'Fran', 'Former', 'Standard User', { IsActive: false });

  // Setup rows so far were created by a placeholder; a real org attributes them to its first admin.
  for (const objectName of [
    'Organization',
    'UserLicense',
    'Profile',
    'PermissionSet',
    'ObjectPermissions',
    'FieldPermissions',
    'PermissionSetLicense',
    'User',
  ]) {
    for (const row of [...org.store.scan(objectName)]) {
      if (row.CreatedById === placeholderUser)
        org.store.put(objectName, { ...row, CreatedById: admin.id, LastModifiedById: admin.id });
    }
  }
  const asAdmin = (objectName: string, values: Record<string, unknown>) => org.insert(objectName, values, admin.id);

  // An org without the package (schema.packageSourceDir false) has none of its permission sets.
  if (permissionSets.Rox_Integration_User_Access) {
    asAdmin('PermissionSetAssignment', {
      AssigneeId: integration.id,
      PermissionSetId: permissionSets.Rox_Integration_User_Access,
    });
    asAdmin('PermissionSetAssignment', {
      AssigneeId: integrationApiOnly.id,
      PermissionSetId: permissionSets.Rox_Integration_User_Access,
    });
  }
  if (permissionSets.Rox_Setup_Admin)
    asAdmin('PermissionSetAssignment', { AssigneeId: admin.id, PermissionSetId: permissionSets.Rox_Setup_Admin });
  asAdmin('PermissionSetLicenseAssign', { AssigneeId: integrationApiOnly.id, PermissionSetLicenseId: psl });

  if (org.schema.packageMetadata)
    asAdmin('PackageLicense', {
      NamespacePrefix: ns,
      Status: 'Active',
      AllowedLicenses: -1,
      UsedLicenses: 0,
      ExpirationDate: null,
      IsProvisioned: true,
    });

  for (const app of org.apps) {
    const appId = asAdmin('ConnectedApplication', {
      Name: app.name,
      OptionsAllowAdminApprovedUsersOnly: app.adminApprovedUsersOnly ?? true,
      OptionsRefreshTokenValidityMetric: false,
      RefreshTokenValidityPeriod: null,
      StartUrl: null,
    });
    // Pre-authorised for the System Administrator and Rox Integration User profiles.
    for (const ps of [adminPs, roxProfilePs]) {
      asAdmin('SetupEntityAccess', { ParentId: ps, SetupEntityId: appId, SetupEntityType: 'ConnectedApplication' });
    }
  }
  return { admin, integration, integrationApiOnly, salesRep, inactive, profiles, permissionSets };
}
