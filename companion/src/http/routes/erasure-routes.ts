/** Data-removal requests (a person by email, a record by Salesforce id or Rox id). */
import {
  type ErasureRequest,
  erasureRequestSchema,
  erasureResultSchema,
  type ErasureService,
} from '../../privacy/erasure-service.js';
import { defineRoute, type RouteSpec } from '../route-spec.js';

export function erasureRoutes(erasure: ErasureService): Array<RouteSpec<any>> {
  return [
    defineRoute<ErasureRequest>({
      method: 'post',
      path: '/v1/connections/:id/erasures',
      summary:
        'Data-removal request: remove what the companion holds about a person (email) or a record (salesforceId or roxId); answers counts only',
      tag: 'privacy',
      auth: 'connection',
      body: erasureRequestSchema,
      responses: { 200: { description: 'What was removed', schema: erasureResultSchema } },
      handler: async ({ params, body }) => ({ status: 200, body: await erasure.erase(params.id, body) }),
    }),
  ];
}
