/**
 * Reads the managed package's own metadata (force-app/main/default) so the local org carries the
 * package's object, fields and permission sets exactly as an installed package would:
 * names gain the namespace prefix (`ID_Mapping__c` → `RoxAI__ID_Mapping__c`), fields defined on
 * `Activity` appear on both Task and Event, and describe flags (length, externalId, unique,
 * caseSensitive, required) come from the XML.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import type { FieldDef, ObjectAccess } from '../schema-types.js';
import { f, makeField, picklistValues } from './field-builders.js';

export interface PackageObjectDef {
  apiName: string;
  label: string;
  labelPlural: string;
  nameField: FieldDef;
  /** AutoNumber display format such as `IDM-{0000000}`, when the name field is an AutoNumber. */
  autoNumberFormat: string | undefined;
  enableActivities: boolean;
}

export interface PackagePermissionSetDef {
  name: string;
  label: string;
  description: string;
  userPermissions: string[];
  objectPermissions: Array<{ object: string } & ObjectAccess>;
  /** `Object.Field` with namespaced names; Activity fields already expanded to Task and Event. */
  fieldPermissions: Array<{ field: string; readable: boolean; editable: boolean }>;
}

export interface PackageMetadata {
  namespace: string;
  objects: PackageObjectDef[];
  /** Fields by (namespaced) object API name; `Activity` fields are listed under Task and Event. */
  fields: Map<string, FieldDef[]>;
  permissionSets: PackagePermissionSetDef[];
}

/** The checkout's root: the nearest folder up from here with sfdx-project.json (this file may be compiled into a bundle elsewhere). */
function projectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'sfdx-project.json'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(from, '../../../..');
  }
}

export const DEFAULT_PACKAGE_SOURCE = path.join(projectRoot(__dirname), 'force-app/main/default');

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  isArray: (name) =>
    ['value', 'objectPermissions', 'fieldPermissions', 'userPermissions', 'referenceTo'].includes(name),
});

function readXml(file: string): Record<string, unknown> {
  return parser.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

function bool(v: unknown): boolean {
  return String(v).trim() === 'true';
}

function num(v: unknown, fallback: number): number {
  const n = Number(v);
  return Number.isFinite(n) ? n : fallback;
}

function str(v: unknown): string {
  return v === undefined || v === null ? '' : String(v);
}

/** Namespaces a custom API name (`Foo__c` → `RoxAI__Foo__c`); standard names stay as they are. */
export function namespaced(ns: string, name: string): string {
  if (!ns || !/__(c|r|mdt|e)$/.test(name)) return name;
  if (name.startsWith(`${ns}__`)) return name;
  return `${ns}__${name}`;
}

function fieldFromXml(ns: string, x: Record<string, unknown>): FieldDef {
  const name = namespaced(ns, str(x.fullName));
  const label = str(x.label) || name;
  const required = bool(x.required);
  const common = {
    required,
    externalId: bool(x.externalId),
    unique: bool(x.unique),
    caseSensitive: bool(x.caseSensitive),
    custom: true,
  };
  let field: FieldDef;
  switch (str(x.type)) {
    case 'Text':
      field = f.string(name, label, num(x.length, 255), common);
      break;
    case 'TextArea':
      field = f.textarea(name, label, 255, common);
      break;
    case 'LongTextArea':
    case 'Html':
      field = f.textarea(name, label, num(x.length, 32768), common);
      break;
    case 'Email':
      field = f.email(name, label, common);
      break;
    case 'Phone':
      field = f.phone(name, label, common);
      break;
    case 'Url':
      field = f.url(name, label, common);
      break;
    case 'Number':
      field = makeField(name, 'double', { label, precision: num(x.precision, 18), scale: num(x.scale, 0), ...common });
      break;
    case 'Currency':
      field = f.currency(name, label, num(x.precision, 18), num(x.scale, 2), common);
      break;
    case 'Percent':
      field = f.percent(name, label, num(x.precision, 3), num(x.scale, 0), common);
      break;
    case 'Checkbox':
      field = f.boolean(name, label, { custom: true, defaultValue: bool(x.defaultValue) });
      break;
    case 'Date':
      field = f.date(name, label, common);
      break;
    case 'DateTime':
      field = f.datetime(name, label, common);
      break;
    case 'Picklist':
    case 'MultiselectPicklist': {
      const valueSet = (x.valueSet ?? {}) as Record<string, unknown>;
      const def = (valueSet.valueSetDefinition ?? {}) as Record<string, unknown>;
      const values = ((def.value ?? []) as Array<Record<string, unknown>>).map((v) => str(v.fullName));
      const restricted = bool(valueSet.restricted);
      field =
        str(x.type) === 'Picklist'
          ? f.picklist(name, label, values, { ...common, restrictedPicklist: restricted })
          : f.multipicklist(name, label, values, { ...common, restrictedPicklist: restricted });
      field.picklistValues = picklistValues(values);
      break;
    }
    case 'Lookup':
    case 'MasterDetail': {
      const targets = ((x.referenceTo ?? []) as unknown[]).map((t) => namespaced(ns, str(t)));
      const rel = namespaced(ns, `${str(x.relationshipName) || str(x.fullName).replace(/__c$/, '')}__r`);
      field = f.reference(name, label, targets, rel, {
        ...common,
        required: required || str(x.type) === 'MasterDetail',
      });
      break;
    }
    default:
      field = f.string(name, label, num(x.length, 255), common);
  }
  return field;
}

function nameFieldFromXml(x: Record<string, unknown> | undefined): FieldDef {
  return f.name(str(x?.label) || 'Name', str(x?.type) === 'AutoNumber');
}

function listXml(dir: string, suffix: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => n.endsWith(suffix))
    .sort()
    .map((n) => path.join(dir, n));
}

function expandFieldRef(ns: string, ref: string): string[] {
  const [obj, field] = ref.split('.');
  const nsField = namespaced(ns, field);
  // A real org keeps an Activity field's security per child object (Task.X, Event.X); whether it accepts
  // `Activity.X` in a permission set is UNCONFIRMED, so it grants nothing here (the package must not rely on it).
  if (obj === 'Activity') return [];
  return [`${namespaced(ns, obj)}.${nsField}`];
}

export function readPackageMetadata(sourceDir: string, namespace: string): PackageMetadata {
  const result: PackageMetadata = { namespace, objects: [], fields: new Map(), permissionSets: [] };
  const objectsDir = path.join(sourceDir, 'objects');
  const objectDirs = existsSync(objectsDir) ? readdirSync(objectsDir).sort() : [];
  for (const dirName of objectDirs) {
    const apiName = namespaced(namespace, dirName);
    const objectFile = path.join(objectsDir, dirName, `${dirName}.object-meta.xml`);
    if (dirName.endsWith('__c') && existsSync(objectFile)) {
      const x = (readXml(objectFile).CustomObject ?? {}) as Record<string, unknown>;
      result.objects.push({
        apiName,
        label: str(x.label) || dirName,
        labelPlural: str(x.pluralLabel) || str(x.label) || dirName,
        nameField: nameFieldFromXml(x.nameField as Record<string, unknown> | undefined),
        autoNumberFormat:
          str((x.nameField as Record<string, unknown> | undefined)?.type) === 'AutoNumber'
            ? str((x.nameField as Record<string, unknown>).displayFormat) || '{0}'
            : undefined,
        enableActivities: bool(x.enableActivities),
      });
    }
    const fields = listXml(path.join(objectsDir, dirName, 'fields'), '.field-meta.xml').map((file) =>
      fieldFromXml(namespace, (readXml(file).CustomField ?? {}) as Record<string, unknown>),
    );
    if (fields.length === 0) continue;
    const targets = dirName === 'Activity' ? ['Task', 'Event'] : [apiName];
    for (const target of targets) {
      const list = result.fields.get(target) ?? [];
      // Each target gets its own copies: describe objects must not share mutable FieldDefs.
      list.push(...fields.map((fd) => ({ ...fd })));
      result.fields.set(target, list);
    }
  }
  for (const file of listXml(path.join(sourceDir, 'permissionsets'), '.permissionset-meta.xml')) {
    const x = (readXml(file).PermissionSet ?? {}) as Record<string, unknown>;
    const name = path.basename(file).replace('.permissionset-meta.xml', '');
    result.permissionSets.push({
      name,
      label: str(x.label) || name,
      description: str(x.description),
      userPermissions: ((x.userPermissions ?? []) as Array<Record<string, unknown>>)
        .filter((p) => bool(p.enabled))
        .map((p) => str(p.name)),
      objectPermissions: ((x.objectPermissions ?? []) as Array<Record<string, unknown>>).map((p) => ({
        object: namespaced(namespace, str(p.object)),
        read: bool(p.allowRead),
        create: bool(p.allowCreate),
        edit: bool(p.allowEdit),
        delete: bool(p.allowDelete),
        viewAll: bool(p.viewAllRecords),
        modifyAll: bool(p.modifyAllRecords),
      })),
      fieldPermissions: ((x.fieldPermissions ?? []) as Array<Record<string, unknown>>).flatMap((p) =>
        expandFieldRef(namespace, str(p.field)).map((field) => ({
          field,
          readable: bool(p.readable),
          editable: bool(p.editable),
        })),
      ),
    });
  }
  return result;
}
