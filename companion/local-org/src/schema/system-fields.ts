/**
 * Standard system fields every object carries (Id, IsDeleted, audit fields, SystemModstamp) plus
 * OwnerId where the object is owned, and the ObjectDef builder used by every object module.
 */
import type { FieldDef, ObjectDef, ValidationRuleDef } from '../schema-types.js';
import { f, makeField } from './field-builders.js';

const SYSTEM = {
  createable: false,
  updateable: false,
  nillable: false,
  defaultedOnCreate: true,
  permissionable: false,
};

export function idField(objectLabel: string): FieldDef {
  return makeField('Id', 'id', { label: `${objectLabel} ID`, ...SYSTEM, idLookup: true, groupable: true });
}

export interface SystemFieldOptions {
  /** Has IsDeleted and a recycle bin. Setup objects such as PermissionSet do not (deletes are hard). */
  recycleBin?: boolean;
  /** Has CreatedDate/CreatedById/LastModifiedDate/LastModifiedById (PermissionSetAssignment has only SystemModstamp). */
  audit?: boolean;
  /** OwnerId referencing these objects; omit for unowned objects. */
  owner?: string[];
}

export function auditFields(): FieldDef[] {
  return [
    f.datetime('CreatedDate', 'Created Date', SYSTEM),
    f.reference('CreatedById', 'Created By ID', ['User'], 'CreatedBy', SYSTEM),
    f.datetime('LastModifiedDate', 'Last Modified Date', SYSTEM),
    f.reference('LastModifiedById', 'Last Modified By ID', ['User'], 'LastModifiedBy', SYSTEM),
  ];
}

export function systemModstamp(): FieldDef {
  return f.datetime('SystemModstamp', 'System Modstamp', SYSTEM);
}

export function ownerField(referenceTo: string[]): FieldDef {
  return f.reference('OwnerId', 'Owner ID', referenceTo, 'Owner', {
    createable: true,
    updateable: true,
    nillable: false,
    defaultedOnCreate: true,
    permissionable: false,
  });
}

export function isDeletedField(): FieldDef {
  return f.boolean('IsDeleted', 'Deleted', { createable: false, updateable: false, permissionable: false });
}

export interface ObjectSpec {
  name: string;
  label: string;
  labelPlural: string;
  keyPrefix: string;
  custom?: boolean;
  createable?: boolean;
  updateable?: boolean;
  deletable?: boolean;
  queryable?: boolean;
  replicateable?: boolean;
  system?: SystemFieldOptions;
  fields: FieldDef[];
  validationRules?: ValidationRuleDef[];
}

/** Builds an ObjectDef: Id first, then the object's fields, then owner and system fields. */
export function defineObject(spec: ObjectSpec): ObjectDef {
  const sys = spec.system ?? {};
  const recycleBin = sys.recycleBin ?? true;
  const fields: FieldDef[] = [idField(spec.label)];
  if (recycleBin) fields.push(isDeletedField());
  fields.push(...spec.fields);
  if (sys.owner) fields.push(ownerField(sys.owner));
  if (sys.audit ?? true) fields.push(...auditFields());
  fields.push(systemModstamp());
  return {
    name: spec.name,
    label: spec.label,
    labelPlural: spec.labelPlural,
    keyPrefix: spec.keyPrefix,
    custom: spec.custom ?? spec.name.endsWith('__c'),
    createable: spec.createable ?? true,
    updateable: spec.updateable ?? true,
    deletable: spec.deletable ?? true,
    queryable: spec.queryable ?? true,
    replicateable: spec.replicateable ?? recycleBin,
    fields,
    childRelationships: [],
    validationRules: spec.validationRules ?? [],
  };
}
