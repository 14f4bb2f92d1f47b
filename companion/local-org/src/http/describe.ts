/**
 * Describe payloads (facts §A2, §A3): describeGlobal entries, the sObject describe with its fields
 * (every property jsforce types, local-only members such as `formula` left out) and child
 * relationships.
 */
import type { FieldDef, ObjectDef } from '../schema-types.js';

function objectUrls(apiVersion: string, name: string): Record<string, string> {
  const base = `/services/data/v${apiVersion}/sobjects/${name}`;
  return {
    compactLayouts: `${base}/describe/compactLayouts`,
    rowTemplate: `${base}/{ID}`,
    approvalLayouts: `${base}/describe/approvalLayouts`,
    defaultValues: `${base}/defaultValues?recordTypeId&fields`,
    listviews: `${base}/listviews`,
    describe: `${base}/describe`,
    quickActions: `${base}/quickActions`,
    layouts: `${base}/describe/layouts`,
    sobject: base,
  };
}

const SETUP_LIKE = new Set([
  'User',
  'Organization',
  'Profile',
  'UserLicense',
  'PermissionSet',
  'PermissionSetAssignment',
  'ObjectPermissions',
  'FieldPermissions',
  'PermissionSetLicense',
  'PermissionSetLicenseAssign',
  'UserPermissionAccess',
  'PackageLicense',
  'UserPackageLicense',
  'ConnectedApplication',
  'SetupEntityAccess',
]);

export function globalEntry(obj: ObjectDef, apiVersion: string): Record<string, unknown> {
  const data = !SETUP_LIKE.has(obj.name);
  return {
    activateable: false,
    associateEntityType: null,
    associateParentEntity: null,
    createable: obj.createable,
    custom: obj.custom,
    customSetting: false,
    deepCloneable: false,
    deletable: obj.deletable,
    deprecatedAndHidden: false,
    feedEnabled: data && !obj.custom,
    hasSubtypes: false,
    isInterface: false,
    isSubtype: false,
    keyPrefix: obj.keyPrefix,
    label: obj.label,
    labelPlural: obj.labelPlural,
    layoutable: data,
    mergeable: ['Account', 'Contact', 'Lead'].includes(obj.name),
    mruEnabled: data,
    name: obj.name,
    queryable: obj.queryable,
    replicateable: obj.replicateable,
    retrieveable: true,
    searchable: data,
    triggerable: data,
    undeletable: obj.replicateable && obj.deletable,
    updateable: obj.updateable,
    urls: objectUrls(apiVersion, obj.name),
  };
}

export function describeField(fd: FieldDef): Record<string, unknown> {
  const isRef = fd.type === 'reference';
  return {
    aggregatable: fd.type !== 'textarea' || fd.length <= 255,
    aiPredictionField: false,
    autoNumber: fd.autoNumber,
    byteLength: fd.byteLength,
    calculated: fd.calculated,
    calculatedFormula: fd.calculatedFormula,
    cascadeDelete: false,
    caseSensitive: fd.caseSensitive,
    compoundFieldName:
      /^(Billing|Shipping|Mailing|Other)?(Street|City|State|PostalCode|Country|Latitude|Longitude)$/.test(fd.name)
        ? `${fd.name.replace(/(Street|City|State|PostalCode|Country|Latitude|Longitude)$/, '')}Address`
        : null,
    controllerName: null,
    createable: fd.createable,
    custom: fd.custom,
    defaultValue: fd.type === 'boolean' ? (fd.defaultValue ?? false) : (fd.defaultValue ?? null),
    defaultValueFormula: null,
    defaultedOnCreate: fd.defaultedOnCreate,
    dependentPicklist: fd.dependentPicklist,
    deprecatedAndHidden: false,
    digits: fd.digits,
    displayLocationInDecimal: false,
    encrypted: false,
    externalId: fd.externalId,
    extraTypeInfo: fd.type === 'textarea' ? (fd.length > 255 ? 'plaintextarea' : 'plaintextarea') : null,
    filterable: fd.filterable,
    filteredLookupInfo: null,
    formulaTreatNullNumberAsZero: false,
    groupable: fd.groupable,
    highScaleNumber: false,
    htmlFormatted: fd.htmlFormatted,
    idLookup: fd.idLookup,
    inlineHelpText: null,
    label: fd.label,
    length: fd.length,
    mask: null,
    maskType: null,
    name: fd.name,
    nameField: fd.nameField,
    namePointing: isRef && fd.referenceTo.length > 1,
    nillable: fd.nillable,
    permissionable: fd.permissionable,
    picklistValues: fd.picklistValues.map((p) => ({ ...p, validFor: null })),
    polymorphicForeignKey: isRef && fd.referenceTo.length > 1,
    precision: fd.precision,
    queryByDistance: false,
    referenceTargetField: null,
    referenceTo: fd.referenceTo,
    relationshipName: fd.relationshipName,
    relationshipOrder: null,
    restrictedDelete: false,
    restrictedPicklist: fd.restrictedPicklist,
    scale: fd.scale,
    searchPrefilterable: isRef,
    soapType: fd.soapType,
    sortable: fd.sortable,
    type: fd.type,
    unique: fd.unique,
    updateable: fd.updateable,
    writeRequiresMasterRead: false,
  };
}

export function describeSObject(obj: ObjectDef, apiVersion: string): Record<string, unknown> {
  return {
    ...globalEntry(obj, apiVersion),
    actionOverrides: [],
    childRelationships: obj.childRelationships.map((cr) => ({
      cascadeDelete: cr.cascadeDelete,
      childSObject: cr.childSObject,
      deprecatedAndHidden: false,
      field: cr.field,
      junctionIdListNames: [],
      junctionReferenceTo: [],
      relationshipName: cr.relationshipName,
      restrictedDelete: false,
    })),
    compactLayoutable: true,
    defaultImplementation: null,
    extendedBy: null,
    extendsInterfaces: null,
    fields: obj.fields.map(describeField),
    implementedBy: null,
    implementsInterfaces: null,
    listviewable: null,
    lookupLayoutable: null,
    namedLayoutInfos: [],
    networkScopeFieldName: null,
    recordTypeInfos: [
      {
        active: true,
        available: true,
        defaultRecordTypeMapping: true,
        developerName: 'Master',
        master: true,
        name: 'Master',
        recordTypeId: '012000000000000AAA',
        urls: { layout: `/services/data/v${apiVersion}/sobjects/${obj.name}/describe/layouts/012000000000000AAA` },
      },
    ],
    searchLayoutable: true,
    sobjectDescribeOption: 'FULL',
    supportedScopes: [{ label: 'All records', name: 'everything' }],
  };
}
