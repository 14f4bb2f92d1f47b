/**
 * Field paths (Name, Account.Name, Account.Owner.Name, What.Name) resolved against the schema the
 * calling user sees, and turned into readers over stored rows.
 *
 * - Names are case-insensitive; results use the schema's canonical API names.
 * - A relationship segment matches a reference field's relationshipName.
 * - A polymorphic reference (referenceTo has several objects, e.g. Task.What, Task.Who) leads to
 *   Salesforce's "Name" entity, which only has a fixed set of fields (What.Industry is
 *   "No such column 'Industry' on entity 'Name'"); at run time the parent's real object comes from
 *   source.objectNameForId and the field is read from that object when it has it, else null.
 */
import type { ChildRelationshipDef, FieldDef, FieldType, ObjectDef, StoredRecord } from '../schema-types.js';
import type { SoqlDataSource } from './soql-types.js';
import { makeField } from '../schema/field-builders.js';
import { valueKindOf, type ValueKind } from './soql-values.js';

/** Fields of the polymorphic "Name" entity (SOAP API object reference, "Name"). */
const NAME_ENTITY_FIELDS: ReadonlyArray<[string, FieldType]> = [
  ['Id', 'id'],
  ['Name', 'string'],
  ['Type', 'string'],
  ['Alias', 'string'],
  ['FirstName', 'string'],
  ['LastName', 'string'],
  ['Email', 'email'],
  ['Phone', 'phone'],
  ['Title', 'string'],
  ['IsActive', 'boolean'],
  ['UserRoleId', 'reference'],
  ['ProfileId', 'reference'],
  ['RecordTypeId', 'reference'],
  ['NameOrAlias', 'string'],
  ['CommunityNickname', 'string'],
  ['LastReferencedDate', 'datetime'],
  ['LastViewedDate', 'datetime'],
];

export const NAME_ENTITY = 'Name';

export function syntheticField(name: string, type: FieldType): FieldDef {
  return makeField(name, type, {
    createable: false,
    updateable: false,
    nillable: type !== 'id' && type !== 'boolean',
    nameField: name === 'Name',
    permissionable: false,
    custom: false,
  });
}

const NAME_FIELDS = new Map(NAME_ENTITY_FIELDS.map(([name, type]) => [name.toLowerCase(), syntheticField(name, type)]));
const ID_FIELD = syntheticField('Id', 'id');

interface ObjectIndex {
  fields: Map<string, FieldDef>;
  relationships: Map<string, FieldDef>;
  children: Map<string, ChildRelationshipDef>;
}

/** Per-query cache of the schema as the calling user sees it. */
export class SchemaContext {
  private readonly objects = new Map<string, ObjectDef | undefined>();
  private readonly indexes = new WeakMap<ObjectDef, ObjectIndex>();

  constructor(readonly source: SoqlDataSource) {}

  getObject(name: string): ObjectDef | undefined {
    const key = name.toLowerCase();
    if (!this.objects.has(key)) this.objects.set(key, this.source.getObject(name));
    return this.objects.get(key);
  }

  field(object: ObjectDef, name: string): FieldDef | undefined {
    const found = this.index(object).fields.get(name.toLowerCase());
    return found ?? (name.toLowerCase() === 'id' ? ID_FIELD : undefined);
  }

  relationship(object: ObjectDef, name: string): FieldDef | undefined {
    return this.index(object).relationships.get(name.toLowerCase());
  }

  childRelationship(object: ObjectDef, name: string): ChildRelationshipDef | undefined {
    return this.index(object).children.get(name.toLowerCase());
  }

  /** A field of a record whose object is only known at run time (behind a polymorphic lookup). */
  fieldOfObject(objectName: string | undefined, fieldName: string): FieldDef | undefined {
    if (!objectName) return undefined;
    const object = this.getObject(objectName);
    return object ? this.field(object, fieldName) : undefined;
  }

  private index(object: ObjectDef): ObjectIndex {
    let index = this.indexes.get(object);
    if (!index) {
      index = { fields: new Map(), relationships: new Map(), children: new Map() };
      for (const f of object.fields) {
        index.fields.set(f.name.toLowerCase(), f);
        if (f.type === 'reference' && f.relationshipName) index.relationships.set(f.relationshipName.toLowerCase(), f);
      }
      for (const c of object.childRelationships) {
        if (c.relationshipName) index.children.set(c.relationshipName.toLowerCase(), c);
      }
      this.indexes.set(object, index);
    }
    return index;
  }
}

/** One hop from a record to its parent through a reference field. */
export interface RelationshipStep {
  /** The reference field on the current object (e.g. Contact.AccountId). */
  reference: FieldDef;
  /** Canonical relationship name, the key of the nested object in results (e.g. 'Account'). */
  key: string;
  /** Parent object name, or undefined for polymorphic lookups (known per row). */
  target: string | undefined;
}

export interface ResolvedPath {
  steps: RelationshipStep[];
  field: FieldDef;
  /** True when the field belongs to the polymorphic Name entity. */
  nameEntity: boolean;
  /** Canonical spelling, e.g. 'Account.Name'. */
  canonical: string;
  kind: ValueKind;
}

export type ResolveError =
  { type: 'relationship'; segment: string } | { type: 'column'; field: string; entity: string };

/** Resolve `segments` from `base`; returns the path or what went wrong (the caller adds the position). */
export function resolvePath(ctx: SchemaContext, base: ObjectDef, segments: string[]): ResolvedPath | ResolveError {
  const steps: RelationshipStep[] = [];
  let current: ObjectDef | typeof NAME_ENTITY = base;
  for (const segment of segments.slice(0, -1)) {
    if (current === NAME_ENTITY) return { type: 'relationship', segment };
    const reference = ctx.relationship(current, segment);
    if (!reference || reference.referenceTo.length === 0) return { type: 'relationship', segment };
    const polymorphic = reference.referenceTo.length > 1;
    const target: ObjectDef | undefined = polymorphic ? undefined : ctx.getObject(reference.referenceTo[0]);
    if (!polymorphic && !target) return { type: 'relationship', segment };
    steps.push({ reference, key: reference.relationshipName ?? segment, target: target?.name });
    current = target ?? NAME_ENTITY;
  }
  const fieldName = segments[segments.length - 1];
  const nameEntity = current === NAME_ENTITY;
  const field = current === NAME_ENTITY ? NAME_FIELDS.get(fieldName.toLowerCase()) : ctx.field(current, fieldName);
  if (!field) return { type: 'column', field: fieldName, entity: current === NAME_ENTITY ? NAME_ENTITY : current.name };
  const canonical = [...steps.map((s) => s.key), field.name].join('.');
  return { steps, field, nameEntity, canonical, kind: valueKindOf(field.type) };
}

export function isResolveError(value: ResolvedPath | ResolveError): value is ResolveError {
  return 'type' in value && (value.type === 'relationship' || value.type === 'column');
}

/** The record at the end of the path's relationships, with its object name, or null. */
export type ParentHop = (row: StoredRecord) => { record: StoredRecord; objectName: string } | null;

export function parentReader(ctx: SchemaContext, baseObject: string, steps: RelationshipStep[]): ParentHop {
  const { source } = ctx;
  return (row) => {
    let record = row;
    let objectName = baseObject;
    for (const step of steps) {
      const id = source.fieldValue(objectName, record, step.reference);
      if (id === null || id === undefined || id === '') return null;
      const parent = source.getById(String(id));
      if (!parent) return null;
      const parentObject = step.target ?? source.objectNameForId(String(id));
      if (!parentObject) return null;
      record = parent;
      objectName = parentObject;
    }
    return { record, objectName };
  };
}

/** Reads a field of a record; for Name-entity fields the real object is looked up per record. */
export function readField(
  ctx: SchemaContext,
  objectName: string,
  record: StoredRecord,
  field: FieldDef,
  nameEntity: boolean,
): unknown {
  if (!nameEntity) return ctx.source.fieldValue(objectName, record, field);
  if (field.name === 'Type') return objectName;
  const real = ctx.fieldOfObject(objectName, field.name);
  return real ? ctx.source.fieldValue(objectName, record, real) : null;
}

/** A reader of the raw value at the end of a path (null when a relationship on the way is empty). */
export function pathReader(ctx: SchemaContext, baseObject: string, path: ResolvedPath): (row: StoredRecord) => unknown {
  const { field, nameEntity } = path;
  if (path.steps.length === 0) {
    const { source } = ctx;
    return (row) => source.fieldValue(baseObject, row, field);
  }
  const hop = parentReader(ctx, baseObject, path.steps);
  return (row) => {
    const parent = hop(row);
    return parent ? readField(ctx, parent.objectName, parent.record, field, nameEntity) : null;
  };
}
