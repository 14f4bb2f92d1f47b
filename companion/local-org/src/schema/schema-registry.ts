/**
 * The org's full schema (what a System Administrator would see before field-level security):
 * standard objects, the package's object and fields read from force-app, configured custom
 * objects and fields, computed child relationships. Look-ups are case-insensitive like the API.
 */
import type { ChildRelationshipDef, FieldDef, ObjectDef, ValidationRuleDef } from '../schema-types.js';
import { eventObject, taskObject } from './activity-objects.js';
import { crmObjects } from './crm-objects.js';
import { type SchemaConfig, defaultCustomFields, defaultValidationRules } from './custom-config.js';
import { DEFAULT_PACKAGE_SOURCE, type PackageMetadata, readPackageMetadata } from './package-metadata.js';
import { setupObjects } from './setup-objects.js';
import { defineObject } from './system-fields.js';
import { f } from './field-builders.js';

/** Child relationship names of the standard schema, keyed `Child.Field`; true = cascade delete. */
const CHILD_RELATIONSHIPS: Record<string, [string, boolean]> = {
  'Contact.AccountId': ['Contacts', true],
  'Opportunity.AccountId': ['Opportunities', true],
  'Account.ParentId': ['ChildAccounts', false],
  'Task.WhatId': ['Tasks', true],
  'Task.WhoId': ['Tasks', true],
  'Event.WhatId': ['Events', true],
  'Event.WhoId': ['Events', true],
  'OpportunityLineItem.OpportunityId': ['OpportunityLineItems', true],
  'OpportunityLineItem.PricebookEntryId': ['OpportunityLineItems', false],
  'PricebookEntry.Product2Id': ['PricebookEntries', true],
  'PricebookEntry.Pricebook2Id': ['PricebookEntries', true],
  'Opportunity.Pricebook2Id': ['Opportunities', false],
  'PermissionSetAssignment.PermissionSetId': ['Assignments', true],
  'PermissionSetAssignment.AssigneeId': ['PermissionSetAssignments', true],
  'ObjectPermissions.ParentId': ['ObjectPerms', true],
  'FieldPermissions.ParentId': ['FieldPerms', true],
  'SetupEntityAccess.ParentId': ['SetupEntityAccessItems', true],
  'PermissionSetLicenseAssign.AssigneeId': ['PermissionSetLicenseAssignments', true],
  'UserPackageLicense.UserId': ['UserPackageLicenses', true],
  'User.ProfileId': ['Users', false],
};

/** Compound address fields are read-only views of their component fields. */
function addressValue(fieldName: string) {
  const prefix = fieldName.replace(/Address$/, '');
  return (r: Record<string, unknown>) => {
    const part = (n: string) => (r[`${prefix}${n}`] ?? null) as unknown;
    const value = {
      city: part('City'),
      country: part('Country'),
      geocodeAccuracy: null,
      latitude: part('Latitude'),
      longitude: part('Longitude'),
      postalCode: part('PostalCode'),
      state: part('State'),
      street: part('Street'),
    };
    return Object.values(value).every((v) => v === null) ? null : value;
  };
}

export class SchemaRegistry {
  readonly namespace: string;
  private readonly objects = new Map<string, ObjectDef>();
  private readonly byPrefix = new Map<string, ObjectDef>();
  private readonly fieldIndex = new Map<string, Map<string, FieldDef>>();
  private readonly autoNumberFormats = new Map<string, string>();
  /** Bumped whenever validation rules change (visible-object caches key on it). */
  version = 0;
  readonly packageMetadata: PackageMetadata | undefined;

  constructor(config: SchemaConfig = {}) {
    this.namespace = config.namespace ?? 'RoxAI';
    const source = config.packageSourceDir === undefined ? DEFAULT_PACKAGE_SOURCE : config.packageSourceDir;
    this.packageMetadata = source === false ? undefined : readPackageMetadata(source, this.namespace);

    const customObjects: ObjectDef[] = [];
    let nextPrefix = 0;
    const prefix = () => `a0${'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[nextPrefix++ % 26]}`;
    for (const po of this.packageMetadata?.objects ?? []) {
      if (po.autoNumberFormat) this.autoNumberFormats.set(po.apiName, po.autoNumberFormat);
      customObjects.push(
        defineObject({
          name: po.apiName,
          label: po.label,
          labelPlural: po.labelPlural,
          keyPrefix: prefix(),
          custom: true,
          system: { owner: ['Group', 'User'] },
          fields: [po.nameField, ...(this.packageMetadata?.fields.get(po.apiName) ?? [])],
        }),
      );
    }
    for (const co of config.customObjects ?? []) {
      if (co.nameField?.autoNumber) this.autoNumberFormats.set(co.name, co.nameField.displayFormat ?? '{0}');
      const nameField = f.name(co.nameField?.label ?? `${co.label} Name`, co.nameField?.autoNumber ?? false);
      customObjects.push(
        defineObject({
          name: co.name,
          label: co.label,
          labelPlural: co.labelPlural,
          keyPrefix: co.keyPrefix ?? prefix(),
          custom: true,
          system: { owner: ['Group', 'User'] },
          fields: [nameField, ...co.fields],
        }),
      );
    }
    const activityTargets = [
      'Account',
      'Opportunity',
      ...(this.packageMetadata?.objects ?? []).filter((o) => o.enableActivities).map((o) => o.apiName),
      ...(config.customObjects ?? []).filter((o) => o.enableActivities).map((o) => o.name),
    ];

    const all = [
      ...crmObjects(),
      taskObject(activityTargets),
      eventObject(activityTargets),
      ...setupObjects(),
      ...customObjects,
    ];
    for (const obj of all) this.objects.set(obj.name.toLowerCase(), obj);

    // Package fields on standard objects (incl. Activity → Task and Event).
    for (const [objectName, fields] of this.packageMetadata?.fields ?? []) {
      const obj = this.objects.get(objectName.toLowerCase());
      if (obj && !obj.custom) this.insertFields(obj, fields);
    }
    const extraFields = [...(config.defaults === false ? [] : defaultCustomFields()), ...(config.customFields ?? [])];
    for (const { object, fields } of extraFields) {
      const obj = this.objects.get(object.toLowerCase());
      if (!obj) throw new Error(`custom fields configured for unknown object ${object}`);
      this.insertFields(obj, fields);
    }
    const rules = [...(config.defaults === false ? [] : defaultValidationRules()), ...(config.validationRules ?? [])];
    for (const { object, rule } of rules) this.addValidationRule(object, rule);

    for (const obj of this.objects.values()) {
      this.byPrefix.set(obj.keyPrefix, obj);
      this.fieldIndex.set(obj.name, new Map(obj.fields.map((fd) => [fd.name.toLowerCase(), fd])));
    }
    this.computeChildRelationships();
    for (const obj of this.objects.values())
      for (const fd of obj.fields) if (fd.type === 'address') fd.formula = addressValue(fd.name);
  }

  /** Appends custom fields after the standard ones (a real describe lists custom fields last too). */
  private insertFields(obj: ObjectDef, fields: FieldDef[]): void {
    for (const fd of fields) {
      if (obj.fields.some((x) => x.name.toLowerCase() === fd.name.toLowerCase())) {
        throw new Error(`duplicate field ${obj.name}.${fd.name}`);
      }
      obj.fields.push({ ...fd });
    }
    this.fieldIndex.set(obj.name, new Map(obj.fields.map((x) => [x.name.toLowerCase(), x])));
  }

  private computeChildRelationships(): void {
    for (const obj of this.objects.values()) obj.childRelationships = [];
    for (const child of this.objects.values()) {
      for (const fd of child.fields) {
        if (fd.type !== 'reference') continue;
        const known = CHILD_RELATIONSHIPS[`${child.name}.${fd.name}`];
        const customRel = fd.custom && fd.relationshipName ? fd.relationshipName : null;
        for (const target of fd.referenceTo) {
          const parent = this.objects.get(target.toLowerCase());
          if (!parent) continue;
          const rel: ChildRelationshipDef = {
            childSObject: child.name,
            field: fd.name,
            relationshipName: known ? known[0] : customRel,
            cascadeDelete: known ? known[1] : false,
          };
          parent.childRelationships.push(rel);
        }
      }
    }
  }

  get(name: string): ObjectDef | undefined {
    return this.objects.get(name.toLowerCase());
  }

  all(): ObjectDef[] {
    return [...this.objects.values()];
  }

  byKeyPrefix(prefix: string): ObjectDef | undefined {
    return this.byPrefix.get(prefix);
  }

  field(objectName: string, fieldName: string): FieldDef | undefined {
    return this.fieldIndex.get(this.get(objectName)?.name ?? '')?.get(fieldName.toLowerCase());
  }

  /**
   * Replaces a field's definition (an admin changing its type in Setup); returns the old one.
   * Stored values are converted by the caller (LocalOrg.retypeField).
   */
  replaceField(objectName: string, def: FieldDef): FieldDef {
    const obj = this.get(objectName);
    const old = obj && this.field(obj.name, def.name);
    if (!obj || !old) throw new Error(`${objectName}.${def.name} does not exist`);
    obj.fields[obj.fields.indexOf(old)] = def;
    this.fieldIndex.get(obj.name)!.set(def.name.toLowerCase(), def);
    this.version++;
    return old;
  }

  /** AutoNumber display format of an object's Name field (`IDM-{0000000}`), if it is an AutoNumber. */
  autoNumberFormat(objectName: string): string | undefined {
    return this.autoNumberFormats.get(objectName);
  }

  addValidationRule(objectName: string, rule: ValidationRuleDef): void {
    this.version++;
    const obj = this.objects.get(objectName.toLowerCase());
    if (!obj) throw new Error(`validation rule for unknown object ${objectName}`);
    obj.validationRules = [...obj.validationRules.filter((r) => r.name !== rule.name), rule];
  }

  removeValidationRule(objectName: string, ruleName: string): void {
    this.version++;
    const obj = this.objects.get(objectName.toLowerCase());
    if (obj) obj.validationRules = obj.validationRules.filter((r) => r.name !== ruleName);
  }
}
