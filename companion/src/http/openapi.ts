/** /openapi.json, generated from the route declarations' zod schemas (zod 4 toJSONSchema). */
import { z } from 'zod';
import { errorBodySchema, type RouteSpec } from './route-spec.js';

export function jsonSchema(s: z.ZodType): unknown {
  const out = z.toJSONSchema(s, { unrepresentable: 'any', io: 'input' }) as Record<string, unknown>;
  delete out.$schema;
  return out;
}

/** A console session (cookie) may call what an admin key may, but no record data. */
const SECURITY: Record<RouteSpec['auth'], unknown[]> = {
  none: [],
  admin: [{ apiKey: [] }, { consoleSession: [] }],
  connection: [{ apiKey: [] }, { consoleSession: [] }],
  data: [{ apiKey: [] }],
  session: [{ consoleSession: [] }],
};

export function openApiDocument(routes: Array<RouteSpec<any>>, version: string): unknown {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.path.replace(/:([A-Za-z]+)/g, '{$1}');
    const params = [...r.path.matchAll(/:([A-Za-z]+)/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const responses: Record<string, unknown> = {};
    for (const [status, resp] of Object.entries(r.responses)) {
      responses[status] = resp.schema
        ? { description: resp.description, content: { 'application/json': { schema: jsonSchema(resp.schema) } } }
        : { description: resp.description };
    }
    responses.default = {
      description: 'Error',
      content: { 'application/json': { schema: jsonSchema(errorBodySchema) } },
    };
    (paths[path] ??= {})[r.method] = {
      summary: r.summary,
      tags: [r.tag],
      security: SECURITY[r.auth],
      parameters: params.length ? params : undefined,
      requestBody: r.body
        ? { required: !r.bodyOptional, content: { 'application/json': { schema: jsonSchema(r.body) } } }
        : undefined,
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Rox Salesforce companion',
      version,
      description:
        'Authenticate with `Authorization: Bearer rox_key_…`. Optionally sign: `X-Rox-Timestamp` (unix seconds) and `X-Rox-Signature: v1=<hex HMAC-SHA256(signingKey, "<ts>.<METHOD>.<path?query>.<body>")>`.',
    },
    components: {
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer' },
        consoleSession: {
          type: 'apiKey',
          in: 'cookie',
          name: 'rox_console',
          description: 'The admin console session (POST /console/session); changes also send X-CSRF-Token',
        },
      },
    },
    paths,
  };
}

/** GET /openapi.json: documentation, served without a key. */
export function openApiRoute(routes: () => Array<RouteSpec<any>>, version: string): RouteSpec {
  return {
    method: 'get',
    path: '/openapi.json',
    summary: 'This API as OpenAPI 3.1',
    tag: 'meta',
    auth: 'none',
    responses: { 200: { description: 'OpenAPI document' } },
    handler: async () => ({ status: 200, body: openApiDocument(routes(), version) }),
  };
}
