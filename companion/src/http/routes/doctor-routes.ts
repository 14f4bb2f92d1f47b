/** The doctor over the API: the in-org setup checker's rows, checked through the connection. */
import { z } from 'zod';
import type { ConnectionService } from '../../connections/connection-service.js';
import { doctorForConnection } from '../../doctor/doctor-service.js';
import { defineRoute, type RouteSpec } from '../route-spec.js';

const rowSchema = z.object({
  id: z.string(),
  category: z.string(),
  title: z.string(),
  status: z.enum(['pass', 'warning', 'fail']),
  found: z.string().describe('What was observed'),
  why: z.string(),
  fix: z.string().describe('How to fix it'),
  setupUrl: z.string().optional().describe('The Setup page to fix it in'),
  setupLabel: z.string().optional().describe('That page\'s name, as the Rox Setup tab names it ("User detail")'),
});

export function doctorRoutes(connections: ConnectionService): Array<RouteSpec<any>> {
  return [
    defineRoute({
      method: 'get',
      path: '/v1/connections/:id/doctor',
      summary: 'Check the integration user (or ?userId=005…) against the Rox requirements, like the Rox Setup tab',
      tag: 'connections',
      auth: 'connection',
      responses: {
        200: {
          description: 'Report',
          schema: z.object({
            userId: z.string(),
            username: z.string(),
            counts: z.object({ pass: z.number(), warning: z.number(), fail: z.number() }),
            rows: z.array(rowSchema),
          }),
        },
      },
      handler: async ({ params, query }) => ({
        status: 200,
        body: await doctorForConnection(connections, params.id, { userId: query.userId }),
      }),
    }),
  ];
}
