/** Runs the doctor against a connection through its Salesforce client (API route and CLI). */
import type { ConnectionService } from '../connections/connection-service.js';
import { AppError } from '../core/app-error.js';
import { runDoctor } from './index.js';
import type { DoctorReport, DoctorSalesforce } from './doctor-types.js';

export async function doctorForConnection(
  connections: ConnectionService,
  connectionId: string,
  options: { userId?: string } = {},
): Promise<DoctorReport> {
  const conn = await connections.get(connectionId);
  if (conn.state !== 'ready') return notAuthorised(conn);
  const client = await connections.client(connectionId);
  const sf: DoctorSalesforce = {
    query: (soql) => client.query(soql),
    identity: () => client.identity(),
    describe: async (name) => {
      const d = await client.describe(name);
      if (!d) throw new AppError('NOT_FOUND', `${name} is not visible to the connected user`);
      return d;
    },
  };
  if (options.userId !== undefined && !/^005[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?$/.test(options.userId))
    throw new AppError('VALIDATION_FAILED', `userId "${options.userId}" is not a Salesforce User Id (005…)`);
  return runDoctor(sf, { instanceUrl: conn.instanceUrl ?? undefined, userId: options.userId });
}

/**
 * A connection that is not Ready cannot be checked through the API: the report says why, with the
 * fix the connection's state carries (an OAuth refusal names Connected Apps OAuth Usage).
 */
function notAuthorised(conn: Awaited<ReturnType<ConnectionService['get']>>): DoctorReport {
  const setupUrl = /\((https?:\/\/[^)\s]+)\)$/.exec(conn.stateMessage ?? '')?.[1];
  const row = {
    id: 'connection-authorised',
    category: 'Connection',
    title: 'The companion is connected to the org',
    status: 'fail' as const,
    found: conn.stateMessage ?? `The connection is ${conn.state.replace('_', ' ')}${conn.stateReason ? ` (${conn.stateReason})` : ''}.`,
    why: 'Every other check reads the org through this connection; none can run until it is authorised.',
    fix:
      conn.state === 'pending'
        ? 'Finish the login: open the authorize URL the connection was created with, or re-authenticate it.'
        : 'Fix the cause above, then re-authenticate the connection (POST …/reauthorize, or the console).',
    ...(setupUrl ? { setupUrl } : {}),
  };
  return { userId: conn.userId ?? '', username: conn.username ?? '', counts: { pass: 0, warning: 0, fail: 1 }, rows: [row] };
}
