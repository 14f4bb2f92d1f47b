/**
 * What every part of the compiler needs: the query text and its token positions, the schema as
 * the caller sees it, the options, and helpers that throw Salesforce-shaped positioned errors.
 */
import type { ObjectDef, StoredRecord } from '../schema-types.js';
import {
  noSuchColumn,
  positionedMessage,
  relationshipNotUnderstood,
  sObjectNotSupported,
  SoqlError,
  unsupported,
  type SoqlErrorCode,
} from './soql-error.js';
import { isResolveError, resolvePath, SchemaContext, type ResolvedPath } from './soql-fields.js';
import { SoqlPositions } from './soql-positions.js';
import type { SoqlDataSource, SoqlOptions } from './soql-types.js';

export type RowPredicate = (row: StoredRecord) => boolean;

export class QueryEnv {
  readonly positions: SoqlPositions;
  readonly ctx: SchemaContext;
  readonly now: Date;

  constructor(
    readonly soql: string,
    readonly source: SoqlDataSource,
    readonly options: SoqlOptions,
  ) {
    this.positions = new SoqlPositions(soql);
    this.ctx = new SchemaContext(source);
    this.now = source.now();
  }

  fail(errorCode: SoqlErrorCode, offset: number | undefined, text: string): never {
    throw new SoqlError(errorCode, positionedMessage(this.soql, offset ?? 0, text));
  }

  unsupported(offset: number | undefined, feature: string): never {
    throw unsupported(this.soql, offset ?? 0, feature);
  }

  /**
   * Error code for a bad filter value such as an invalid Id. Salesforce's Summer '24 (API 61.0)
   * release notes say MALFORMED_QUERY replaces INVALID_QUERY_FILTER_OPERATOR; that the change is
   * tied to the request's API version is UNCONFIRMED.
   */
  filterOperatorErrorCode(): SoqlErrorCode {
    return Number.parseFloat(this.options.apiVersion) >= 61 ? 'MALFORMED_QUERY' : 'INVALID_QUERY_FILTER_OPERATOR';
  }

  object(name: string, offset: number | undefined): ObjectDef {
    const object = this.ctx.getObject(name);
    if (!object) this.fail('INVALID_TYPE', offset, sObjectNotSupported(name));
    return object;
  }

  /**
   * Resolve a dotted field reference as written in the query. A leading segment equal to the FROM
   * alias, or to the object's own name when no relationship has that name, is a prefix, not a hop.
   */
  field(object: ObjectDef, alias: string | undefined, segments: string[], offset: number | undefined): ResolvedPath {
    let path = segments;
    if (path.length > 1) {
      const first = path[0].toLowerCase();
      const isAlias = alias !== undefined && first === alias.toLowerCase();
      const isSelf = first === object.name.toLowerCase() && !this.ctx.relationship(object, path[0]);
      if (isAlias || isSelf) path = path.slice(1);
    }
    const resolved = resolvePath(this.ctx, object, path);
    if (isResolveError(resolved)) {
      const text =
        resolved.type === 'relationship'
          ? relationshipNotUnderstood(resolved.segment)
          : noSuchColumn(resolved.field, resolved.entity);
      this.fail('INVALID_FIELD', offset, text);
    }
    return resolved;
  }

  /** query() hides deleted rows and archived activities; queryAll returns them. */
  visibility(): RowPredicate {
    if (this.options.includeDeleted) return () => true;
    return (row) => row.IsDeleted !== true && row.IsArchived !== true;
  }
}
