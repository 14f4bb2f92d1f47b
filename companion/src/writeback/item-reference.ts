/**
 * The README's reference of writeback items, generated from the same zod schemas that validate
 * them: every field of every item type, with its type, whether it is required, and what it means.
 */
import type { z } from 'zod';
import { jsonSchema } from '../http/openapi.js';
import { activityItemSchema } from './activities/activity-planner.js';
import { recordCreateSchema, recordUpdateSchema } from './writeback-schema.js';

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  description?: string;
  additionalProperties?: JsonSchema | boolean;
  format?: string;
}

function typeOf(s: JsonSchema): string {
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(' \\| ');
  if (s.anyOf) return [...new Set(s.anyOf.map(typeOf))].join(' \\| ');
  if (s.type === 'array') return `array of ${s.items ? typeOf(s.items) : 'any'}`;
  if (s.type === 'object' && !s.properties && s.additionalProperties && typeof s.additionalProperties === 'object')
    return `object of ${typeOf(s.additionalProperties)}`;
  if (s.format === 'date-time') return 'date-time';
  if (s.format === 'email') return 'email';
  return Array.isArray(s.type) ? s.type.join(' \\| ') : (s.type ?? 'any');
}

function rows(s: JsonSchema, prefix: string, out: string[][]): void {
  const required = new Set(s.required ?? []);
  for (const [name, prop] of Object.entries(s.properties ?? {})) {
    const path = `${prefix}${name}`;
    out.push([`\`${path}\``, typeOf(prop), required.has(name) ? 'yes' : '', (prop.description ?? '').replace(/\|/g, '\\|')]);
    if (prop.properties) rows(prop, `${path}.`, out);
    if (prop.type === 'array' && prop.items?.properties) rows(prop.items, `${path}[].`, out);
  }
}

export function writebackItemReference(): string {
  const parts: string[] = [];
  for (const [title, schema] of [
    ['`update`', recordUpdateSchema],
    ['`create`', recordCreateSchema],
    ['`activity`', activityItemSchema],
  ] as const) {
    const json = jsonSchema(schema as z.ZodType) as JsonSchema;
    const out: string[][] = [];
    rows(json, '', out);
    parts.push(
      `${title} items:\n\n| Field | Type | Required | Meaning |\n| --- | --- | --- | --- |\n${out.map((r) => `| ${r.join(' | ')} |`).join('\n')}`,
    );
  }
  return parts.join('\n\n');
}
