/**
 * Small builders for FieldDef so object definitions read like a describe listing. Defaults follow
 * what a real describe reports for each type (soapType, byteLength = 3 × length for text,
 * booleans non-nillable and defaulted, 18-character id/reference lengths).
 */
import type { FieldDef, FieldType, FormulaContext, PicklistValue, StoredRecord } from '../schema-types.js';

export interface FieldOptions {
  label?: string;
  length?: number;
  precision?: number;
  scale?: number;
  digits?: number;
  /** Required on create: createable, not nillable, not defaulted. */
  required?: boolean;
  nillable?: boolean;
  createable?: boolean;
  updateable?: boolean;
  defaultedOnCreate?: boolean;
  defaultValue?: unknown;
  externalId?: boolean;
  unique?: boolean;
  idLookup?: boolean;
  caseSensitive?: boolean;
  custom?: boolean;
  nameField?: boolean;
  permissionable?: boolean;
  filterable?: boolean;
  sortable?: boolean;
  groupable?: boolean;
  autoNumber?: boolean;
  htmlFormatted?: boolean;
  restrictedPicklist?: boolean;
}

const SOAP_TYPES: Record<FieldType, string> = {
  id: 'tns:ID',
  string: 'xsd:string',
  textarea: 'xsd:string',
  email: 'xsd:string',
  phone: 'xsd:string',
  url: 'xsd:string',
  picklist: 'xsd:string',
  multipicklist: 'xsd:string',
  combobox: 'xsd:string',
  boolean: 'xsd:boolean',
  int: 'xsd:int',
  double: 'xsd:double',
  currency: 'xsd:double',
  percent: 'xsd:double',
  date: 'xsd:date',
  datetime: 'xsd:dateTime',
  time: 'xsd:time',
  reference: 'tns:ID',
  address: 'urn:address',
  base64: 'xsd:base64Binary',
};

const TEXT_TYPES = new Set<FieldType>([
  'string',
  'textarea',
  'email',
  'phone',
  'url',
  'picklist',
  'multipicklist',
  'combobox',
]);

export function isTextType(type: FieldType): boolean {
  return TEXT_TYPES.has(type);
}

function defaultLength(type: FieldType): number {
  switch (type) {
    case 'id':
    case 'reference':
      return 18;
    case 'picklist':
    case 'multipicklist':
    case 'combobox':
      return 255;
    case 'email':
      return 80;
    case 'phone':
      return 40;
    case 'url':
      return 255;
    case 'string':
      return 255;
    case 'textarea':
      return 255;
    default:
      return 0;
  }
}

export function makeField(name: string, type: FieldType, opts: FieldOptions = {}): FieldDef {
  const length = opts.length ?? defaultLength(type);
  const isBoolean = type === 'boolean';
  const required = opts.required ?? false;
  const createable = opts.createable ?? true;
  const nillable = opts.nillable ?? (isBoolean ? false : !required);
  const defaultedOnCreate = opts.defaultedOnCreate ?? (isBoolean ? true : false);
  const isLongText = type === 'textarea' && length > 255;
  const numeric = type === 'double' || type === 'currency' || type === 'percent';
  return {
    name,
    label: opts.label ?? name,
    type,
    soapType: SOAP_TYPES[type],
    length,
    byteLength: type === 'id' || type === 'reference' ? 18 : isTextType(type) ? length * 3 : 0,
    digits: opts.digits ?? (type === 'int' ? 9 : 0),
    precision: opts.precision ?? (numeric ? 18 : 0),
    scale: opts.scale ?? (numeric ? 2 : 0),
    nillable,
    createable,
    updateable: opts.updateable ?? createable,
    calculated: false,
    calculatedFormula: null,
    autoNumber: opts.autoNumber ?? false,
    externalId: opts.externalId ?? false,
    idLookup: opts.idLookup ?? (type === 'id' || (opts.externalId ?? false)),
    unique: opts.unique ?? false,
    caseSensitive: opts.caseSensitive ?? false,
    custom: opts.custom ?? name.endsWith('__c'),
    defaultValue: opts.defaultValue ?? (isBoolean ? false : null),
    defaultedOnCreate,
    referenceTo: [],
    relationshipName: null,
    picklistValues: [],
    restrictedPicklist: opts.restrictedPicklist ?? false,
    dependentPicklist: false,
    filterable: opts.filterable ?? !isLongText,
    sortable: opts.sortable ?? !(isLongText || type === 'multipicklist' || type === 'address'),
    groupable:
      opts.groupable ??
      !(isLongText || numeric || type === 'datetime' || type === 'multipicklist' || type === 'address'),
    nameField: opts.nameField ?? false,
    // Required fields, system fields and name fields carry no field-level security in a real org.
    permissionable: opts.permissionable ?? !(required || (!nillable && !isBoolean && !defaultedOnCreate)),
    htmlFormatted: opts.htmlFormatted ?? false,
  };
}

export function picklistValues(values: readonly string[], defaultValue?: string): PicklistValue[] {
  return values.map((v) => ({ value: v, label: v, active: true, defaultValue: v === defaultValue }));
}

export const f = {
  /** An object's Name field: an auto-number (read-only, set on create) or a free-text name. */
  name(label: string, autoNumber = false): FieldDef {
    const common: FieldOptions = { label, length: 80, nameField: true, idLookup: true, permissionable: false };
    return autoNumber
      ? makeField('Name', 'string', {
          ...common,
          createable: false,
          updateable: false,
          nillable: false,
          defaultedOnCreate: true,
          autoNumber: true,
        })
      : makeField('Name', 'string', { ...common, nillable: true });
  },
  string: (name: string, label: string, length: number, opts: FieldOptions = {}) =>
    makeField(name, 'string', { label, length, ...opts }),
  textarea: (name: string, label: string, length: number, opts: FieldOptions = {}) =>
    makeField(name, 'textarea', { label, length, ...opts }),
  email: (name: string, label: string, opts: FieldOptions = {}) => makeField(name, 'email', { label, ...opts }),
  phone: (name: string, label: string, opts: FieldOptions = {}) => makeField(name, 'phone', { label, ...opts }),
  url: (name: string, label: string, opts: FieldOptions = {}) => makeField(name, 'url', { label, ...opts }),
  boolean: (name: string, label: string, opts: FieldOptions = {}) => makeField(name, 'boolean', { label, ...opts }),
  int: (name: string, label: string, digits: number, opts: FieldOptions = {}) =>
    makeField(name, 'int', { label, digits, ...opts }),
  double: (name: string, label: string, precision: number, scale: number, opts: FieldOptions = {}) =>
    makeField(name, 'double', { label, precision, scale, ...opts }),
  currency: (name: string, label: string, precision = 18, scale = 2, opts: FieldOptions = {}) =>
    makeField(name, 'currency', { label, precision, scale, ...opts }),
  percent: (name: string, label: string, precision = 3, scale = 0, opts: FieldOptions = {}) =>
    makeField(name, 'percent', { label, precision, scale, ...opts }),
  date: (name: string, label: string, opts: FieldOptions = {}) => makeField(name, 'date', { label, ...opts }),
  datetime: (name: string, label: string, opts: FieldOptions = {}) => makeField(name, 'datetime', { label, ...opts }),
  picklist(
    name: string,
    label: string,
    values: readonly string[],
    opts: FieldOptions & { defaultPick?: string } = {},
  ): FieldDef {
    const field = makeField(name, 'picklist', {
      label,
      defaultedOnCreate: opts.defaultPick !== undefined,
      ...opts,
    });
    field.picklistValues = picklistValues(values, opts.defaultPick);
    return field;
  },
  combobox(name: string, label: string, values: readonly string[], length: number, opts: FieldOptions = {}): FieldDef {
    const field = makeField(name, 'combobox', { label, length, ...opts });
    field.picklistValues = picklistValues(values);
    return field;
  },
  multipicklist(name: string, label: string, values: readonly string[], opts: FieldOptions = {}): FieldDef {
    const field = makeField(name, 'multipicklist', { label, length: 4099, ...opts });
    field.picklistValues = picklistValues(values);
    return field;
  },
  reference(
    name: string,
    label: string,
    referenceTo: string[],
    relationshipName: string,
    opts: FieldOptions = {},
  ): FieldDef {
    const field = makeField(name, 'reference', { label, ...opts });
    field.referenceTo = referenceTo;
    field.relationshipName = relationshipName;
    return field;
  },
  address(name: string, label: string): FieldDef {
    return makeField(name, 'address', {
      label,
      createable: false,
      updateable: false,
      filterable: false,
      groupable: false,
    });
  },
  /** A formula field: calculated, never createable or updateable, computed on read. */
  formula(
    name: string,
    label: string,
    type: FieldType,
    calculatedFormula: string,
    formula: (record: StoredRecord, ctx: FormulaContext) => unknown,
    opts: FieldOptions = {},
  ): FieldDef {
    const field = makeField(name, type, {
      label,
      createable: false,
      updateable: false,
      nillable: true,
      defaultedOnCreate: false,
      permissionable: true,
      length: type === 'string' ? 1300 : undefined,
      ...opts,
    });
    field.calculated = true;
    field.calculatedFormula = calculatedFormula;
    field.formula = formula;
    field.filterable = true;
    field.groupable = false;
    return field;
  },
};

export function withDefault(field: FieldDef, value: unknown): FieldDef {
  field.defaultValue = value;
  field.defaultedOnCreate = true;
  return field;
}
