/** Connect, list, status, re-authenticate, verify and disconnect orgs. */
import { z } from 'zod';
import type { ConnectionService } from '../../connections/connection-service.js';
import { AppError } from '../../core/app-error.js';
import { activityIdFieldReport } from '../../writeback/activities/activity-sender.js';
import { defineRoute, type RouteSpec } from '../route-spec.js';
import { onlyQuery, queryBoolean } from './query-params.js';
import {
  type CreateConnectionBody,
  connectionStatusSchema,
  createConnectionSchema,
  createdConnectionSchema,
  disconnectSchema,
  reauthorizeSchema,
} from './schemas.js';

export function connectionRoutes(connections: ConnectionService): Array<RouteSpec<any>> {
  return [
    defineRoute<CreateConnectionBody>({
      method: 'post',
      path: '/v1/connections',
      summary: 'Connect an org (OAuth web-server with PKCE, JWT bearer, or an sf CLI org)',
      tag: 'connections',
      auth: 'admin',
      body: createConnectionSchema,
      responses: { 201: { description: 'Created', schema: createdConnectionSchema } },
      async handler({ body }) {
        if (body.authMethod === 'oauth') {
          const { connection, authorizeUrl } = await connections.startOAuth({
            name: body.name,
            loginUrl: body.loginUrl,
          });
          return { status: 201, body: { connection: await connections.status(connection.id), authorizeUrl } };
        }
        const c =
          body.authMethod === 'jwt'
            ? await connections.connectJwt(body)
            : await connections.connectSfCli({ name: body.name, usernameOrAlias: body.org });
        return { status: 201, body: { connection: await connections.status(c.id) } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/connections',
      summary: 'Every connection and its state',
      tag: 'connections',
      auth: 'admin',
      responses: {
        200: { description: 'Connections', schema: z.object({ connections: z.array(connectionStatusSchema) }) },
      },
      async handler() {
        const list = await connections.list();
        return { status: 200, body: { connections: await Promise.all(list.map((c) => connections.status(c.id))) } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/connections/:id',
      summary: 'State (Ready / Action Required / Error) with its cause, user, org, API usage, last sync and writeback',
      tag: 'connections',
      auth: 'connection',
      responses: { 200: { description: 'Status', schema: connectionStatusSchema } },
      async handler({ params }) {
        const status = await connections.status(params.id);
        if (status.stateCode !== 'ready') return { status: 200, body: status };
        return {
          status: 200,
          body: { ...status, activityIdField: await activityIdFieldReport(connections, params.id) },
        };
      },
    }),
    defineRoute<z.infer<typeof reauthorizeSchema>>({
      method: 'post',
      path: '/v1/connections/:id/reauthorize',
      summary: 'Start a new OAuth login for an existing connection (after Action Required)',
      tag: 'connections',
      auth: 'admin',
      body: reauthorizeSchema,
      responses: { 200: { description: 'Login URL', schema: z.object({ authorizeUrl: z.string() }) } },
      async handler({ params, body }) {
        const { authorizeUrl } = await connections.startOAuth({ connectionId: params.id, loginUrl: body.loginUrl });
        return { status: 200, body: { authorizeUrl } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/v1/connections/:id/verify',
      summary: 'Call Salesforce as the connection now and record the outcome',
      tag: 'connections',
      auth: 'connection',
      responses: { 200: { description: 'Status after the check', schema: connectionStatusSchema } },
      async handler({ params }) {
        await connections.get(params.id);
        try {
          await connections.verify(params.id);
        } catch (e) {
          if (!(e instanceof AppError)) throw e;
        }
        return { status: 200, body: await connections.status(params.id) };
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/v1/connections/:id',
      summary:
        'Disconnect: revoke and delete the tokens and every row stored for the connection (?dryRun=true: count those rows, delete and revoke nothing)',
      tag: 'connections',
      auth: 'admin',
      responses: { 200: { description: 'What was deleted, or with dryRun what would be', schema: disconnectSchema } },
      async handler({ params, req }) {
        onlyQuery(req, ['dryRun']);
        return {
          status: 200,
          body: queryBoolean(req, 'dryRun')
            ? await connections.disconnectPreview(params.id)
            : await connections.disconnect(params.id),
        };
      },
    }),
  ];
}
