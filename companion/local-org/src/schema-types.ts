/**
 * The local org's schema model: one ObjectDef per sObject, one FieldDef per field.
 * FieldDef carries exactly the describe properties a real org reports (see
 * shared/notes/salesforce-api-facts.md §A2) plus the local-only `formula` evaluator.
 * Every module of the local org (describe, SOQL, validation, Bulk) reads this model.
 */

export type FieldType =
  | 'id'
  | 'string'
  | 'textarea'
  | 'email'
  | 'phone'
  | 'url'
  | 'picklist'
  | 'multipicklist'
  | 'combobox'
  | 'boolean'
  | 'int'
  | 'double'
  | 'currency'
  | 'percent'
  | 'date'
  | 'datetime'
  | 'time'
  | 'reference'
  | 'address'
  | 'base64';

export interface PicklistValue {
  value: string;
  label: string;
  active: boolean;
  defaultValue: boolean;
}

/** A stored record: field API name → value. Values are JSON-shaped (dates as ISO strings). */
export type StoredRecord = Record<string, unknown> & { Id: string };

export interface FormulaContext {
  /** Look up any record by Id (for formulas that read a parent). */
  getById(id: string): StoredRecord | undefined;
  now(): Date;
}

export interface FieldDef {
  name: string;
  label: string;
  type: FieldType;
  soapType: string;
  length: number;
  byteLength: number;
  digits: number;
  precision: number;
  scale: number;
  nillable: boolean;
  createable: boolean;
  updateable: boolean;
  calculated: boolean;
  calculatedFormula: string | null;
  autoNumber: boolean;
  externalId: boolean;
  idLookup: boolean;
  unique: boolean;
  caseSensitive: boolean;
  custom: boolean;
  defaultValue: unknown;
  defaultedOnCreate: boolean;
  referenceTo: string[];
  relationshipName: string | null;
  picklistValues: PicklistValue[];
  restrictedPicklist: boolean;
  dependentPicklist: boolean;
  filterable: boolean;
  sortable: boolean;
  groupable: boolean;
  nameField: boolean;
  permissionable: boolean;
  htmlFormatted: boolean;
  /** Local only, never serialised: computes a calculated field on read. */
  formula?: (record: StoredRecord, ctx: FormulaContext) => unknown;
}

export interface ValidationRuleDef {
  /** Developer name, e.g. 'Amount_Not_Negative'. */
  name: string;
  /** Returns true when the record is INVALID (like a Salesforce validation rule formula). */
  errorWhen: (record: StoredRecord) => boolean;
  message: string;
  /** Field the error is shown at, or null for the top of the page. */
  errorField: string | null;
}

export interface ChildRelationshipDef {
  childSObject: string;
  field: string;
  relationshipName: string | null;
  cascadeDelete: boolean;
}

export interface ObjectDef {
  name: string;
  label: string;
  labelPlural: string;
  keyPrefix: string;
  custom: boolean;
  createable: boolean;
  updateable: boolean;
  deletable: boolean;
  queryable: boolean;
  /** Supports the recycle bin / IsDeleted (false for setup objects such as PermissionSet). */
  replicateable: boolean;
  fields: FieldDef[];
  childRelationships: ChildRelationshipDef[];
  validationRules: ValidationRuleDef[];
}

/** Object permissions as a permission set grants them (ObjectPermissions / metadata objectPermissions). */
export interface ObjectAccess {
  read: boolean;
  create: boolean;
  edit: boolean;
  delete: boolean;
  viewAll: boolean;
  modifyAll: boolean;
}
