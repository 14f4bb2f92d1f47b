/**
 * Projection: a stored row → the JSON record REST returns.
 *
 * { "attributes": { "type": "Contact", "url": "/services/data/v62.0/sobjects/Contact/003…" },
 *   "Id": "003…", "Account": { "attributes": {…}, "Name": "Acme" }, "Contacts": {…} }
 * - keys are canonical API names in SELECT order; a relationship's fields are grouped under one
 *   nested object placed where the relationship first appears; an empty relationship is null;
 * - every selected field is present, null when empty; selecting one twice is INVALID_FIELD;
 * - behind a polymorphic lookup (Task.What) the nested object's attributes.type is "Name" and its
 *   url uses the record's real object (UNCONFIRMED: recalled from real responses, not documented).
 */
import type { FieldSubquery, FieldType as SelectItem } from '@jetstreamapp/soql-parser-js';
import type { FieldDef, ObjectDef, StoredRecord } from '../schema-types.js';
import type { QueryEnv } from './soql-env.js';
import { SoqlError } from './soql-error.js';
import { fieldsOf } from './soql-clauses.js';
import { NAME_ENTITY, readField, type RelationshipStep, type ResolvedPath } from './soql-fields.js';
import type { Scope } from './soql-positions.js';
import { SELECT_FUNCTIONS, selectFunction, transformedOutput, type ValueTransform } from './soql-select-functions.js';
import { compileTypeof, type TypeofColumn } from './soql-typeof.js';

export type ProjectFn = (row: StoredRecord) => Record<string, unknown>;

/** A compiled child subquery: the relationship key and the value for one parent row. */
export interface ChildColumn {
  key: string;
  valueFor(parent: StoredRecord): unknown;
}

export type ChildCompiler = (
  parent: ObjectDef,
  subquery: FieldSubquery,
  scope: Scope | undefined,
  offset: number | undefined,
) => ChildColumn;

type Entry =
  | { kind: 'field'; key: string; field: FieldDef; nameEntity: boolean; transform?: ValueTransform }
  | { kind: 'rel'; key: string; step: RelationshipStep; node: ProjectionNode }
  | { kind: 'child'; key: string; child: ChildColumn }
  | { kind: 'typeof'; key: string; column: TypeofColumn };

export interface ProjectionNode {
  entries: Entry[];
  byKey: Map<string, Entry>;
}

export function newNode(): ProjectionNode {
  return { entries: [], byKey: new Map() };
}

/** Adds a resolved field path under its relationships; `key` overrides the field's own name (an alias). */
export function addPath(node: ProjectionNode, path: ResolvedPath, key?: string, transform?: ValueTransform): void {
  let at = node;
  for (const step of path.steps) {
    const entry = add(at, { kind: 'rel', key: step.key, step, node: newNode() });
    if (entry.kind !== 'rel') break;
    at = entry.node;
  }
  add(at, { kind: 'field', key: key ?? path.field.name, field: path.field, nameEntity: path.nameEntity, transform });
}

function add(node: ProjectionNode, entry: Entry): Entry {
  const id = entry.key.toLowerCase();
  const existing = node.byKey.get(id);
  if (existing) return existing;
  node.entries.push(entry);
  node.byKey.set(id, entry);
  return entry;
}

export function compileProjection(
  env: QueryEnv,
  object: ObjectDef,
  alias: string | undefined,
  items: SelectItem[],
  scope: Scope,
  compileChild: ChildCompiler,
): ProjectFn {
  const selectScope = env.positions.clause(scope, 'SELECT');
  const subScopes = env.positions.subqueries(selectScope);
  let subqueryIndex = 0;
  const root = newNode();
  const selected = new Set<string>();
  for (const item of items) {
    switch (item.type) {
      case 'Field':
      case 'FieldRelationship': {
        const raw = ('rawValue' in item && item.rawValue) || item.field;
        const offset = env.positions.find(selectScope, raw);
        if ('alias' in item && item.alias) {
          env.fail(
            'MALFORMED_QUERY',
            env.positions.find(selectScope, item.alias) ?? offset,
            'Only aggregate expressions use field aliasing',
          );
        }
        const segments = item.type === 'FieldRelationship' ? [...item.relationships, item.field] : [item.field];
        const path = env.field(object, alias, segments, offset);
        const pathKey = path.canonical.toLowerCase();
        if (selected.has(pathKey)) {
          // Documented in the SOQL reference (FIELDS()): [{"message":"duplicate field selected: Id","errorCode":"INVALID_FIELD"}].
          throw new SoqlError('INVALID_FIELD', `duplicate field selected: ${path.canonical}`);
        }
        selected.add(pathKey);
        addPath(root, path);
        break;
      }
      case 'FieldSubquery': {
        const subScope = subScopes[subqueryIndex];
        subqueryIndex += 1;
        const offset = env.positions.find(subScope, item.subquery.relationshipName);
        const child = compileChild(object, item, subScope, offset);
        add(root, { kind: 'child', key: child.key, child });
        break;
      }
      case 'FieldFunctionExpression': {
        const param = item.parameters[0];
        if (item.functionName.toUpperCase() === 'CONVERTTIMEZONE') {
          // "You can only use convertTimezone() in a date function" (SOQL reference); wording UNCONFIRMED.
          const at = env.positions.find(selectScope, item.functionName);
          return env.fail('MALFORMED_QUERY', at, 'convertTimezone() can only be used inside a date function');
        }
        if (SELECT_FUNCTIONS.has(item.functionName.toUpperCase()) && item.parameters.length === 1) {
          const offset = env.positions.find(selectScope, item.functionName);
          const inner = typeof param === 'object' && param !== null && 'functionName' in param ? param : undefined;
          const fieldText = inner ? inner.parameters?.[0] : param;
          if (typeof fieldText !== 'string') return env.unsupported(offset, `${item.rawValue ?? item.functionName}`);
          const path = env.field(
            object,
            alias,
            fieldText.split('.'),
            env.positions.findAfter(offset, fieldText.split('.')[0]),
          );
          const raw = item.rawValue ?? item.functionName;
          if (inner) selectFunction(env, inner.functionName, raw, path.field, offset);
          const transform = selectFunction(env, item.functionName, raw, path.field, offset);
          const key = item.alias ?? path.field.name;
          const pathKey = [...path.steps.map((st) => st.key), key].join('.').toLowerCase();
          if (selected.has(pathKey)) throw new SoqlError('INVALID_FIELD', `duplicate field selected: ${key}`);
          selected.add(pathKey);
          addPath(root, path, key, transform);
          break;
        }
        const expanded =
          item.functionName.toUpperCase() === 'FIELDS' && item.parameters.length === 1
            ? fieldsOf(object, String(item.parameters[0]))
            : undefined;
        if (!expanded) {
          return env.unsupported(
            env.positions.find(selectScope, item.functionName),
            `${item.rawValue ?? item.functionName} in SELECT`,
          );
        }
        // FIELDS() "respects field-level security": the object here is already the user's view of it.
        for (const fd of expanded) {
          const key = fd.name.toLowerCase();
          if (selected.has(key)) throw new SoqlError('INVALID_FIELD', `duplicate field selected: ${fd.name}`);
          selected.add(key);
          add(root, { kind: 'field', key: fd.name, field: fd, nameEntity: false });
        }
        break;
      }
      case 'FieldTypeof': {
        const column = compileTypeof(env, object, alias, item, selectScope);
        if (selected.has(column.key.toLowerCase())) {
          throw new SoqlError('INVALID_FIELD', `duplicate field selected: ${column.key}`);
        }
        selected.add(column.key.toLowerCase());
        add(root, { kind: 'typeof', key: column.key, column });
        break;
      }
    }
  }
  return projector(env, object.name, root);
}

function projector(env: QueryEnv, objectName: string, root: ProjectionNode): ProjectFn {
  const prefix = `/services/data/v${env.options.apiVersion}/sobjects/`;
  const { ctx, source } = env;
  const build = (
    node: ProjectionNode,
    type: string,
    realObject: string,
    record: StoredRecord,
  ): Record<string, unknown> => {
    const out: Record<string, unknown> = { attributes: { type, url: `${prefix}${realObject}/${record.Id}` } };
    for (const entry of node.entries) {
      if (entry.kind === 'field') {
        const value = readField(ctx, realObject, record, entry.field, entry.nameEntity);
        out[entry.key] = transformedOutput(entry.field, value, entry.transform);
      } else if (entry.kind === 'typeof') {
        const id = source.fieldValue(realObject, record, entry.column.reference);
        const parent = id === null || id === undefined || id === '' ? undefined : source.getById(String(id));
        const parentObject = parent ? source.objectNameForId(String(id)) : undefined;
        out[entry.key] =
          parent && parentObject ? build(entry.column.nodeFor(parentObject), parentObject, parentObject, parent) : null;
      } else if (entry.kind === 'child') {
        out[entry.key] = entry.child.valueFor(record);
      } else {
        const id = source.fieldValue(realObject, record, entry.step.reference);
        const parent = id === null || id === undefined || id === '' ? undefined : source.getById(String(id));
        const parentObject = parent ? (entry.step.target ?? source.objectNameForId(String(id))) : undefined;
        out[entry.key] =
          parent && parentObject ? build(entry.node, entry.step.target ?? NAME_ENTITY, parentObject, parent) : null;
      }
    }
    return out;
  };
  return (row) => build(root, objectName, objectName, row);
}
