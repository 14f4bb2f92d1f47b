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
