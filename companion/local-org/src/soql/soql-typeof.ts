/**
 * TYPEOF (SOQL reference, TYPEOF; API 46.0 and later):
 *   SELECT TYPEOF What WHEN Account THEN Phone, Name WHEN Opportunity THEN Amount ELSE Name END FROM Task
 * typeOfField is a polymorphic relationship (referenceTo has several objects); per record, the
 * fields of the WHEN branch for the parent's real object are returned, else the ELSE fields, else
 * none. The nested record's attributes.type is the parent's real object (it is "Name" only for the
 * plain What.Name form) (UNCONFIRMED: recalled from real responses). ELSE fields are checked against
 * the polymorphic Name entity, WHEN fields against the WHEN object.
 * Errors: an unknown relationship is INVALID_FIELD "Didn't understand relationship"; a relationship
 * that is not polymorphic and a WHEN object the relationship cannot point to are MALFORMED_QUERY
 * (UNCONFIRMED wording). Not checked: "typeOfField cannot reference a relationship field that is also
 * referenced in the fieldList". Before API 46.0 TYPEOF was a Developer Preview; the local org takes
 * it in every version.
 */
import type { FieldTypeOf } from '@jetstreamapp/soql-parser-js';
import type { FieldDef, ObjectDef } from '../schema-types.js';
import type { QueryEnv } from './soql-env.js';
import { relationshipNotUnderstood } from './soql-error.js';
import type { Scope } from './soql-positions.js';
import { addPath, newNode, type ProjectionNode } from './soql-projection.js';

export interface TypeofColumn {
  /** Result key: the relationship name (What). */
  key: string;
  /** The polymorphic reference field (WhatId). */
  reference: FieldDef;
  /** The fields to project for a parent of this object. */
  nodeFor(objectName: string): ProjectionNode;
}

export function compileTypeof(
  env: QueryEnv,
  object: ObjectDef,
  alias: string | undefined,
  item: FieldTypeOf,
  selectScope: Scope | undefined,
): TypeofColumn {
  const at = env.positions.find(selectScope, 'TYPEOF');
  const fieldOffset = env.positions.findAfter(at, item.field);
  const reference = env.ctx.relationship(object, item.field);
  if (!reference) return env.fail('INVALID_FIELD', fieldOffset, relationshipNotUnderstood(item.field));
  if (reference.referenceTo.length < 2) {
    return env.fail('MALFORMED_QUERY', fieldOffset, `TYPEOF requires a polymorphic relationship: ${item.field}`);
  }
  const key = reference.relationshipName ?? item.field;
  const branches = new Map<string, ProjectionNode>();
  let otherwise: ProjectionNode = newNode();
  for (const condition of item.conditions) {
    const node = newNode();
    if (condition.type === 'WHEN' && condition.objectType) {
      const objectType = condition.objectType;
      const whenOffset = env.positions.findAfter(at, objectType);
      const target = reference.referenceTo.find((t) => t.toLowerCase() === objectType.toLowerCase());
      if (!target) {
        env.fail(
          'MALFORMED_QUERY',
          whenOffset,
          `${condition.objectType} is not a valid object type for the relationship ${key}`,
        );
      }
      const whenObject = env.object(target, whenOffset);
      for (const f of condition.fieldList) {
        addPath(node, env.field(whenObject, undefined, f.split('.'), env.positions.findAfter(whenOffset, f)));
      }
      branches.set(whenObject.name.toLowerCase(), node);
    } else {
      const elseOffset = env.positions.findAfter(at, 'ELSE');
      for (const f of condition.fieldList) {
        addPath(node, env.field(object, alias, [item.field, ...f.split('.')], env.positions.findAfter(elseOffset, f)));
      }
      // The ELSE fields hang under the relationship step; keep only that step's node.
      const rel = node.entries[0];
      otherwise = rel && rel.kind === 'rel' ? rel.node : node;
    }
  }
  return {
    key,
    reference,
    nodeFor: (objectName) => branches.get(objectName.toLowerCase()) ?? otherwise,
  };
}
