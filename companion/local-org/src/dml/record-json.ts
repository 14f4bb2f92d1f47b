/**
 * A stored record as the REST API returns it: `attributes` {type, url} then the fields the caller
 * can see (or the ones asked for), formula values computed on read.
 */
import { OrgError } from '../core/errors.js';
import type { FormulaContext, ObjectDef, StoredRecord } from '../schema-types.js';
import { readField } from '../soql-source.js';

export function recordUrl(apiVersion: string, objectName: string, id: string): string {
  return `/services/data/v${apiVersion}/sobjects/${objectName}/${id}`;
}

export function recordJson(
  visible: ObjectDef,
  record: StoredRecord,
  apiVersion: string,
  ctx: FormulaContext,
  fieldNames?: string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    attributes: { type: visible.name, url: recordUrl(apiVersion, visible.name, record.Id) },
  };
  const fields = fieldNames
    ? fieldNames.map((n) => {
        const fd = visible.fields.find((x) => x.name.toLowerCase() === n.trim().toLowerCase());
        if (!fd) {
          throw new OrgError(
            'INVALID_FIELD',
            `No such column '${n.trim()}' on entity '${visible.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
          );
        }
        return fd;
      })
    : visible.fields;
  for (const fd of fields) out[fd.name] = readField(record, fd, ctx);
  return out;
}
