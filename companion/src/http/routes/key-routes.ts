/** API keys per connection (admin). The key is shown once, at creation. */
import { z } from 'zod';
import { AppError } from '../../core/app-error.js';
import type { ConnectionService } from '../../connections/connection-service.js';
import type { ApiKeyRecord, ApiKeyStore } from '../../store/api-key-store.js';
import { defineRoute, type RouteSpec } from '../route-spec.js';
import { apiKeySchema, createKeySchema } from './schemas.js';

export function publicKey(k: ApiKeyRecord) {
  return {
    id: k.id,
    name: k.name,
    scope: k.scope,
    connectionId: k.connectionId,
    requireSignature: k.requireSignature,
    createdAt: k.createdAt,
    lastUsedAt: k.lastUsedAt,
    revokedAt: k.revokedAt,
  };
}

const createdKeySchema = z.object({
  key: z.string().describe('Store it now: it is not shown again'),
  apiKey: apiKeySchema,
});

export function keyRoutes(keys: ApiKeyStore, connections: ConnectionService): Array<RouteSpec<any>> {
  return [
    defineRoute<z.infer<typeof createKeySchema>>({
      method: 'post',
      path: '/v1/connections/:id/keys',
      summary: 'Create an API key for one connection (shown once)',
      tag: 'keys',
      auth: 'admin',
      body: createKeySchema,
      responses: { 201: { description: 'Created', schema: createdKeySchema } },
      async handler({ params, body }) {
        await connections.get(params.id);
        const { key, record } = await keys.create({
          connectionId: params.id,
          name: body.name,
          requireSignature: body.requireSignature,
        });
        return { status: 201, body: { key, apiKey: publicKey(record) } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/connections/:id/keys',
      summary: "A connection's API keys (never the secrets)",
      tag: 'keys',
      auth: 'admin',
      responses: { 200: { description: 'Keys', schema: z.object({ keys: z.array(apiKeySchema) }) } },
      async handler({ params }) {
        await connections.get(params.id);
        return { status: 200, body: { keys: (await keys.list(params.id)).map(publicKey) } };
      },
    }),
    defineRoute<z.infer<typeof createKeySchema>>({
      method: 'post',
      path: '/v1/keys',
      summary: 'Create an admin API key (shown once): manages connections and keys, reads no record data',
      tag: 'keys',
      auth: 'admin',
      body: createKeySchema,
      responses: { 201: { description: 'Created', schema: createdKeySchema } },
      async handler({ body }) {
        const { key, record } = await keys.create({
          connectionId: null,
          name: body.name,
          requireSignature: body.requireSignature,
        });
        return { status: 201, body: { key, apiKey: publicKey(record) } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/keys',
      summary: 'Every API key, admin and per connection (never the secrets)',
      tag: 'keys',
      auth: 'admin',
      responses: { 200: { description: 'Keys', schema: z.object({ keys: z.array(apiKeySchema) }) } },
      handler: async () => ({ status: 200, body: { keys: (await keys.list(undefined)).map(publicKey) } }),
    }),
    defineRoute({
      method: 'delete',
      path: '/v1/keys/:keyId',
      summary: 'Revoke an API key',
      tag: 'keys',
      auth: 'admin',
      responses: { 204: { description: 'Revoked' } },
      async handler({ params }) {
        if (!(await keys.revoke(params.keyId))) throw new AppError('NOT_FOUND', `No active API key ${params.keyId}`);
        return { status: 204 };
      },
    }),
  ];
}
