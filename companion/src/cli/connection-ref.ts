/** Commands name a connection by its name or id; the companion's list resolves it. */
import { Args } from '@oclif/core';
import { AppError } from '../core/app-error.js';
import type { ApiClient } from './api-client.js';

export interface ConnectionStatus {
  id: string;
  name: string;
  state: string;
  cause: string | null;
  orgId: string | null;
  connectedAs: { username: string | null };
}

const description = 'Connection name or id (`connections list` shows them)';
export const connectionArg = () => Args.string({ description, required: true });
export const optionalConnectionArg = () => Args.string({ description });

export async function connectionsList(api: ApiClient): Promise<ConnectionStatus[]> {
  return (await api.call<{ connections: ConnectionStatus[] }>('GET', '/v1/connections')).connections;
}

export async function resolveConnection(api: ApiClient, ref: string | undefined): Promise<string> {
  if (!ref) throw new AppError('BAD_REQUEST', 'Name the connection (name or id); `connections list` shows them');
  const found = (await connectionsList(api)).find((c) => c.id === ref || c.name === ref);
  if (!found) throw new AppError('NOT_FOUND', `No connection named or with id "${ref}"`);
  return found.id;
}
