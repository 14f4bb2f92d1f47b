/**
 * sObject Tree (POST /composite/tree/{sObject}): a tree of new records, children nested under
 * their parent by child relationship name, created all or nothing.
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api/resources_composite_sobject_tree.htm
 * and the response body page (responses_composite_sobject_tree.htm): 201 with
 * `{hasErrors:false, results:[{referenceId, id}]}`, parents before their children (the documented
 * example lists ref1, ref4, ref2, ref3); on failure nothing is created and the results hold the
 * failing records' reference ids with `errors` (`statusCode`, `message`, `fields`), answered 400.
 * The request holds at most 200 records; the error for more is UNCONFIRMED. The documented limits on
 * depth and on the number of object types are not enforced here.
 */
import { Errors, OrgError } from '../core/errors.js';
import { runBatch } from '../dml/batch.js';
import type { ObjectDef } from '../schema-types.js';
import { visibleOrNotFound } from './routes-meta.js';
import { type RestCall, type RouteDef, jsonBody, ok } from './rest-types.js';

const MAX_RECORDS = 200;
const ROLLED_BACK = Errors.rolledBack().errorCode;

interface TreeNode {
  referenceId: string;
  object: ObjectDef;
  /** The record's own fields (children and attributes taken out). */
  fields: Record<string, unknown>;
  parentRef?: string;
  /** The child's lookup to its parent. */
  parentField?: string;
}

function records(value: unknown, where: string): Array<Record<string, unknown>> {
  const recs = (value as { records?: unknown } | null)?.records;
  if (!Array.isArray(recs) || recs.some((r) => r === null || typeof r !== 'object' || Array.isArray(r)))
    throw new OrgError('INVALID_INPUT', `${where}: expected {"records": [ ... ]}`);
  return recs as Array<Record<string, unknown>>;
}

/** Breadth first, so every parent is created before its children and listed before them. */
function flatten(call: RestCall, root: ObjectDef, top: Array<Record<string, unknown>>): TreeNode[] {
  const out: TreeNode[] = [];
  let level: Array<{ rec: Record<string, unknown>; object: ObjectDef; parentRef?: string; parentField?: string }> =
    top.map((rec) => ({ rec, object: root }));
  while (level.length > 0) {
    const next: typeof level = [];
    for (const { rec, object, parentRef, parentField } of level) {
      const attrs = (rec.attributes ?? {}) as Record<string, unknown>;
      const type = typeof attrs.type === 'string' ? attrs.type : object.name;
      if (type.toLowerCase() !== object.name.toLowerCase())
        throw new OrgError('INVALID_TYPE', `The record type ${type} does not match ${object.name}`);
      const referenceId = attrs.referenceId;
      if (typeof referenceId !== 'string' || referenceId === '')
        throw new OrgError('INVALID_INPUT', `Every record needs attributes.referenceId (a ${object.name} has none)`);
      const fields: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(rec)) {
        if (key === 'attributes') continue;
        const rel = object.childRelationships.find((c) => c.relationshipName?.toLowerCase() === key.toLowerCase());
        if (rel && value !== null && typeof value === 'object') {
          const child = visibleOrNotFound(call, rel.childSObject);
          for (const c of records(value, `${object.name}.${rel.relationshipName}`))
            next.push({ rec: c, object: child, parentRef: referenceId, parentField: rel.field });
        } else fields[key] = value;
      }
      out.push({ referenceId, object, fields, parentRef, parentField });
      if (out.length > MAX_RECORDS)
        throw new OrgError('LIMIT_EXCEEDED', `An sObject Tree request can hold at most ${MAX_RECORDS} records`);
    }
    level = next;
  }
  return out;
}

export const treeRoutes: RouteDef[] = [
  {
    methods: ['POST'],
    pattern: /^\/composite\/tree\/([^/]+)$/,
    kind: 'composite/tree',
    object: (m) => m[1],
    handle(call, m) {
      const root = visibleOrNotFound(call, m[1]);
      const nodes = flatten(call, root, records(jsonBody(call), 'The request body'));
      const ids = new Map<string, string>();
      const results = runBatch(call.org.store, nodes, { allOrNone: true }, (node) => {
        const fields = { ...node.fields };
        if (node.parentRef !== undefined) {
          const parentId = ids.get(node.parentRef);
          if (!parentId) throw Errors.rolledBack();
          fields[node.parentField!] = parentId;
        }
        // Prepared here, so a field the object lacks fails this record, named by its reference id.
        const id = call.org.dml.insertOne(call.ctx, call.org.dml.prepare(call.ctx, node.object.name, fields));
        ids.set(node.referenceId, id);
        return { id, success: true, errors: [] };
      });
      const failed = results
        .map((r, i) => ({ r, node: nodes[i] }))
        .filter(({ r }) => !r.success && r.errors.some((e) => e.errorCode !== ROLLED_BACK));
      if (failed.length > 0)
        return ok(
          {
            hasErrors: true,
            results: failed.map(({ r, node }) => ({
              referenceId: node.referenceId,
              errors: r.errors.map((e) => e.toSaveError()),
            })),
          },
          400,
        );
      return ok(
        { hasErrors: false, results: nodes.map((n, i) => ({ referenceId: n.referenceId, id: results[i].id })) },
        201,
      );
    },
  },
];
