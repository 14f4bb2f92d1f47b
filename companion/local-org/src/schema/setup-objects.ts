/**
 * User, Organization and the setup objects a setup checker reads (facts §E): Profile, UserLicense,
 * PermissionSet (Permissions* booleans), PermissionSetAssignment, ObjectPermissions,
 * FieldPermissions, PermissionSetLicense(Assign), UserPermissionAccess, PackageLicense,
 * UserPackageLicense, ConnectedApplication, SetupEntityAccess.
 */
import type { FieldDef, ObjectDef } from '../schema-types.js';
import { f } from './field-builders.js';
import { defineObject } from './system-fields.js';

const RO = { createable: false, updateable: false } as const;

/** User permission names (the field is `Permissions<Name>`), facts §E1. */
export const USER_PERMISSIONS = [
  'ApiEnabled',
  'ApiUserOnly',
  'ActivitiesAccess',
  'EditTask',
  'EditEvent',
  'ViewSetup',
  'InstallPackaging',
  'ModifyAllData',
  'ViewAllData',
  'CustomizeApplication',
  'ManageUsers',
  'ManageRemoteAccess',
  'AuthorApex',
  'AssignPermissionSets',
  'PublishPackaging',
  'CreatePackaging',
] as const;
export type UserPermission = (typeof USER_PERMISSIONS)[number];

const PERMISSION_LABELS: Record<UserPermission, string> = {
  ApiEnabled: 'API Enabled',
  ApiUserOnly: 'API Only User',
  ActivitiesAccess: 'Access Activities',
  EditTask: 'Edit Tasks',
  EditEvent: 'Edit Events',
  ViewSetup: 'View Setup and Configuration',
  InstallPackaging: 'Download AppExchange Packages',
  ModifyAllData: 'Modify All Data',
  ViewAllData: 'View All Data',
  CustomizeApplication: 'Customize Application',
  ManageUsers: 'Manage Users',
  ManageRemoteAccess: 'Manage Connected Apps',
  AuthorApex: 'Author Apex',
  AssignPermissionSets: 'Assign Permission Sets',
  PublishPackaging: 'Upload AppExchange Packages',
  CreatePackaging: 'Create AppExchange Packages',
};

function permissionFields(writable: boolean): FieldDef[] {
  return USER_PERMISSIONS.map((p) =>
    f.boolean(
      `Permissions${p}`,
      PERMISSION_LABELS[p],
      writable ? { permissionable: false } : { ...RO, permissionable: false },
    ),
  );
}

const NOT_PERMISSIONABLE = { permissionable: false } as const;

export function userObject(): ObjectDef {
  return defineObject({
    name: 'User',
    label: 'User',
    labelPlural: 'Users',
    keyPrefix: '005',
    deletable: false,
    system: { recycleBin: false },
    fields: [
      f.string('Username', 'Username', 80, { required: true, unique: true, idLookup: true }),
      f.string('LastName', 'Last Name', 80, { required: true }),
      f.string('FirstName', 'First Name', 40),
      f.string('Name', 'Full Name', 121, { ...RO, nillable: false, nameField: true, permissionable: false }),
      f.string('CompanyName', 'Company Name', 80),
      f.string('Title', 'Title', 80),
      f.email('Email', 'Email', { required: true }),
      f.string('Alias', 'Alias', 8, { required: true }),
      f.string('CommunityNickname', 'Nickname', 40, {
        defaultedOnCreate: true,
        nillable: false,
        permissionable: false,
      }),
      f.boolean('IsActive', 'Active', NOT_PERMISSIONABLE),
      f.picklist('TimeZoneSidKey', 'Time Zone', ['America/Los_Angeles', 'America/New_York', 'Europe/London', 'GMT'], {
        required: true,
        restrictedPicklist: true,
      }),
      f.picklist('LocaleSidKey', 'Locale', ['en_US', 'en_GB'], { required: true, restrictedPicklist: true }),
      f.picklist('EmailEncodingKey', 'Email Encoding', ['UTF-8', 'ISO-8859-1'], {
        required: true,
        restrictedPicklist: true,
      }),
      f.picklist('LanguageLocaleKey', 'Language', ['en_US'], { required: true, restrictedPicklist: true }),
      f.reference('ProfileId', 'Profile ID', ['Profile'], 'Profile', { required: true }),
      f.picklist('UserType', 'User Type', ['Standard', 'PowerPartner', 'CsnOnly', 'Guest'], {
        ...RO,
        defaultedOnCreate: true,
        nillable: true,
      }),
      f.datetime('LastLoginDate', 'Last Login', { ...RO, ...NOT_PERMISSIONABLE }),
    ],
  });
}

export function organizationObject(): ObjectDef {
  return defineObject({
    name: 'Organization',
    label: 'Organization',
    labelPlural: 'Organizations',
    keyPrefix: '00D',
    createable: false,
    deletable: false,
    system: { recycleBin: false },
    fields: [
      f.string('Name', 'Name', 80, { ...RO, nillable: false, nameField: true }),
      f.string('Division', 'Division', 80, RO),
      f.picklist(
        'OrganizationType',
        'Edition',
        ['Developer Edition', 'Enterprise Edition', 'Unlimited Edition', 'Professional Edition'],
        RO,
      ),
      f.string('InstanceName', 'Instance Name', 5, RO),
      f.boolean('IsSandbox', 'Is Sandbox', RO),
      f.string('NamespacePrefix', 'Namespace Prefix', 15, RO),
      f.picklist('LanguageLocaleKey', 'Language', ['en_US'], RO),
      f.picklist('TimeZoneSidKey', 'Time Zone', ['America/Los_Angeles', 'GMT'], RO),
      f.picklist('DefaultLocaleSidKey', 'Locale', ['en_US'], RO),
    ].map((fd) => ({ ...fd, permissionable: false })),
  });
}

export function profileObject(): ObjectDef {
  return defineObject({
    name: 'Profile',
    label: 'Profile',
    labelPlural: 'Profile',
    keyPrefix: '00e',
    deletable: false,
    system: { recycleBin: false },
    fields: [
      f.string('Name', 'Name', 255, { required: true, nameField: true }),
      f.reference('UserLicenseId', 'User License ID', ['UserLicense'], 'UserLicense', {
        required: true,
        updateable: false,
      }),
      f.picklist('UserType', 'User Type', ['Standard', 'PowerPartner', 'CsnOnly', 'Guest'], { ...RO, nillable: true }),
      f.string('Description', 'Description', 255),
      ...permissionFields(true),
    ].map((fd) => ({ ...fd, permissionable: false })),
  });
}

export function userLicenseObject(): ObjectDef {
  return defineObject({
    name: 'UserLicense',
    label: 'User License',
    labelPlural: 'User Licenses',
    keyPrefix: '100',
    createable: false,
    updateable: false,
    deletable: false,
    system: { recycleBin: false },
    fields: [
      f.string('Name', 'Name', 40, { ...RO, nillable: false, nameField: true }),
      f.string('LicenseDefinitionKey', 'License Definition Key', 40, RO),
      f.string('MasterLabel', 'Label', 80, RO),
      f.picklist('Status', 'Status', ['Active', 'Disabled'], RO),
      f.int('TotalLicenses', 'Total Licenses', 9, RO),
      f.int('UsedLicenses', 'Used Licenses', 9, RO),
    ].map((fd) => ({ ...fd, permissionable: false })),
  });
}

export function permissionSetObject(): ObjectDef {
  return defineObject({
    name: 'PermissionSet',
    label: 'Permission Set',
    labelPlural: 'Permission Sets',
    keyPrefix: '0PS',
    system: { recycleBin: false },
    fields: [
      f.string('Name', 'Name', 80, { required: true, idLookup: true }),
      f.string('Label', 'Label', 80, { required: true, nameField: true }),
      f.string('Description', 'Description', 255),
      f.boolean('IsOwnedByProfile', 'Is Owned By Profile', RO),
      f.reference('ProfileId', 'Profile ID', ['Profile'], 'Profile', RO),
      f.string('NamespacePrefix', 'Namespace Prefix', 15, RO),
      f.reference('LicenseId', 'License ID', ['PermissionSetLicense', 'UserLicense'], 'License'),
      f.picklist('Type', 'Type', ['Regular', 'Group', 'Profile', 'Session'], { ...RO, defaultedOnCreate: true }),
      f.boolean('HasActivationRequired', 'Session Activation Required'),
      ...permissionFields(true),
    ].map((fd) => ({ ...fd, permissionable: false })),
  });
}

export function permissionSetAssignmentObject(): ObjectDef {
  return defineObject({
    name: 'PermissionSetAssignment',
    label: 'Permission Set Assignment',
    labelPlural: 'Permission Set Assignments',
    keyPrefix: '0Pa',
    updateable: false,
    system: { recycleBin: false, audit: false },
    fields: [
      f.reference('AssigneeId', 'Assignee ID', ['User'], 'Assignee', { required: true, updateable: false }),
      f.reference('PermissionSetId', 'Permission Set ID', ['PermissionSet'], 'PermissionSet', {
        required: true,
        updateable: false,
      }),
      f.reference('PermissionSetGroupId', 'Permission Set Group ID', ['PermissionSetGroup'], 'PermissionSetGroup', {
        updateable: false,
      }),
      f.boolean('IsActive', 'Is Active', RO),
      f.datetime('ExpirationDate', 'Expiration Date'),
    ].map((fd) => ({ ...fd, permissionable: false })),
  });
}

export function objectPermissionsObject(): ObjectDef {
  return defineObject({
    name: 'ObjectPermissions',
    label: 'Object Permissions',
    labelPlural: 'Object Permissions',
    keyPrefix: '110',
    system: { recycleBin: false },
    fields: [
      f.reference('ParentId', 'Parent ID', ['PermissionSet'], 'Parent', { required: true, updateable: false }),
      f.string('SobjectType', 'Sobject Type Name', 40, { required: true, updateable: false }),
      f.boolean('PermissionsCreate', 'Create Records'),
      f.boolean('PermissionsRead', 'Read Records'),
      f.boolean('PermissionsEdit', 'Edit Records'),
      f.boolean('PermissionsDelete', 'Delete Records'),
      f.boolean('PermissionsViewAllRecords', 'View All Records'),
      f.boolean('PermissionsModifyAllRecords', 'Modify All Records'),
      f.boolean('PermissionsViewAllFields', 'View All Fields'),
    ].map((fd) => ({ ...fd, permissionable: false })),
  });
}

export function fieldPermissionsObject(): ObjectDef {
  return defineObject({
    name: 'FieldPermissions',
    label: 'Field Permissions',
    labelPlural: 'Field Permissions',
    keyPrefix: '01k',
    system: { recycleBin: false },
    fields: [
      f.reference('ParentId', 'Parent ID', ['PermissionSet'], 'Parent', { required: true, updateable: false }),
      f.string('SobjectType', 'Sobject Type Name', 40, { required: true, updateable: false }),
      f.string('Field', 'Field Name', 255, { required: true, updateable: false }),
      f.boolean('PermissionsRead', 'Read Access'),
      f.boolean('PermissionsEdit', 'Edit Access'),
    ].map((fd) => ({ ...fd, permissionable: false })),
  });
}

export function permissionSetLicenseObject(): ObjectDef {
  return defineObject({
    name: 'PermissionSetLicense',
    label: 'Permission Set License',
    labelPlural: 'Permission Set Licenses',
    keyPrefix: '0PL',
    createable: false,
    updateable: false,
    deletable: false,
    system: { recycleBin: false },
    fields: [
      f.string('DeveloperName', 'Permission Set License Name', 80, { ...RO, nillable: false }),
      f.string('MasterLabel', 'Label', 80, { ...RO, nillable: false, nameField: true }),
      f.picklist('Status', 'Status', ['Active', 'Disabled'], RO),
      f.int('TotalLicenses', 'Total Licenses', 9, RO),
      f.int('UsedLicenses', 'Used Licenses', 9, RO),
      f.date('ExpirationDate', 'Expiration Date', RO),
    ].map((fd) => ({ ...fd, permissionable: false })),
  });
}

export function permissionSetLicenseAssignObject(): ObjectDef {
  return defineObject({
    name: 'PermissionSetLicenseAssign',
    label: 'Permission Set License Assignment',
    labelPlural: 'Permission Set License Assignments',
    keyPrefix: '2LA',
    updateable: false,
    system: { recycleBin: false },
    fields: [
      f.reference('AssigneeId', 'Assignee ID', ['User'], 'Assignee', { required: true, updateable: false }),
      f.reference(
        'PermissionSetLicenseId',
        'Permission Set License ID',
        ['PermissionSetLicense'],
        'PermissionSetLicense',
        { required: true, updateable: false },
      ),
    ].map((fd) => ({ ...fd, permissionable: false })),
  });
}

/** One aggregated row for the calling user (facts §E2); the key prefix is UNCONFIRMED. */
export function userPermissionAccessObject(): ObjectDef {
  return defineObject({
    name: 'UserPermissionAccess',
    label: 'User Permission Access',
    labelPlural: 'User Permission Access',
    keyPrefix: '0Qx',
    createable: false,
    updateable: false,
    deletable: false,
    system: { recycleBin: false, audit: false },
    fields: [f.datetime('LastCacheUpdate', 'Last Cache Update', RO), ...permissionFields(false)].map((fd) => ({
      ...fd,
      permissionable: false,
    })),
  });
}

export function packageLicenseObject(): ObjectDef {
  return defineObject({
    name: 'PackageLicense',
    label: 'Package License',
    labelPlural: 'Package Licenses',
    keyPrefix: '050',
    createable: false,
    deletable: false,
    system: { recycleBin: false },
    fields: [
      f.string('NamespacePrefix', 'Namespace Prefix', 15, { ...RO, nillable: false }),
      f.picklist('Status', 'Status', ['Active', 'Expired', 'Free', 'Trial'], RO),
      f.int('AllowedLicenses', 'Allowed Licenses', 9, RO),
      f.int('UsedLicenses', 'Used Licenses', 9, RO),
      f.datetime('ExpirationDate', 'Expiration Date', RO),
      f.boolean('IsProvisioned', 'Is Provisioned', RO),
    ].map((fd) => ({ ...fd, permissionable: false })),
  });
}

export function userPackageLicenseObject(): ObjectDef {
  return defineObject({
    name: 'UserPackageLicense',
    label: 'User Package License',
    labelPlural: 'User Package Licenses',
    keyPrefix: '051',
    updateable: false,
    system: { recycleBin: false },
    fields: [
      f.reference('PackageLicenseId', 'Package License ID', ['PackageLicense'], 'PackageLicense', {
        required: true,
        updateable: false,
      }),
      f.reference('UserId', 'User ID', ['User'], 'User', { required: true, updateable: false }),
    ].map((fd) => ({ ...fd, permissionable: false })),
  });
}

export function connectedApplicationObject(): ObjectDef {
  return defineObject({
    name: 'ConnectedApplication',
    label: 'Connected App',
    labelPlural: 'Connected Apps',
    keyPrefix: '0H4',
    createable: false,
    deletable: false,
    system: { recycleBin: false },
    fields: [
      f.string('Name', 'Name', 80, { ...RO, nillable: false, nameField: true }),
      f.boolean('OptionsAllowAdminApprovedUsersOnly', 'Admin Approved Users Are Pre-Authorized', RO),
      f.boolean('OptionsRefreshTokenValidityMetric', 'Refresh Token Validity Metric', RO),
      f.int('RefreshTokenValidityPeriod', 'Refresh Token Validity Period', 9, RO),
      f.string('StartUrl', 'Start URL', 255, RO),
    ].map((fd) => ({ ...fd, permissionable: false })),
  });
}

export function setupEntityAccessObject(): ObjectDef {
  return defineObject({
    name: 'SetupEntityAccess',
    label: 'Setup Entity Access',
    labelPlural: 'Setup Entity Access',
    keyPrefix: '0J0',
    updateable: false,
    system: { recycleBin: false },
    fields: [
      f.reference('ParentId', 'Parent ID', ['PermissionSet'], 'Parent', { required: true, updateable: false }),
      f.reference(
        'SetupEntityId',
        'Setup Entity ID',
        ['ApexClass', 'ApexPage', 'ConnectedApplication', 'CustomPermission'],
        'SetupEntity',
        {
          required: true,
          updateable: false,
        },
      ),
      f.picklist(
        'SetupEntityType',
        'Setup Entity Type',
        [
          'ApexClass',
          'ApexPage',
          'ConnectedApplication',
          'CustomPermission',
          'ServiceProvider',
          'TabSet',
          'CustomEntityDefinition',
        ],
        RO,
      ),
    ].map((fd) => ({ ...fd, permissionable: false })),
  });
}

export function setupObjects(): ObjectDef[] {
  return [
    userObject(),
    organizationObject(),
    profileObject(),
    userLicenseObject(),
    permissionSetObject(),
    permissionSetAssignmentObject(),
    objectPermissionsObject(),
    fieldPermissionsObject(),
    permissionSetLicenseObject(),
    permissionSetLicenseAssignObject(),
    userPermissionAccessObject(),
    packageLicenseObject(),
    userPackageLicenseObject(),
    connectedApplicationObject(),
    setupEntityAccessObject(),
  ];
}

/** Objects whose rows only users with View Setup and Configuration may read (facts §E3). */
export const VIEW_SETUP_OBJECTS = new Set([
  'PermissionSetAssignment',
  'ObjectPermissions',
  'FieldPermissions',
  'SetupEntityAccess',
]);
