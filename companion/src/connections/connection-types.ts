/** A connected org as the admin sees it. */
export type ConnectionState = 'pending' | 'ready' | 'action_required' | 'error';
export type AuthMethod = 'oauth' | 'jwt' | 'sf_cli';

/** Words the admin sees for each state. */
export const STATE_LABEL: Record<ConnectionState, string> = {
  pending: 'Pending',
  ready: 'Ready',
  action_required: 'Action Required',
  error: 'Error',
};

export interface ApiUsageSnapshot {
  used: number;
  max: number;
  at: string;
}

export interface ConnectionRecord {
  id: string;
  name: string;
  authMethod: AuthMethod;
  state: ConnectionState;
  stateReason: string | null;
  stateMessage: string | null;
  loginUrl: string;
  instanceUrl: string | null;
  orgId: string | null;
  userId: string | null;
  username: string | null;
  clientId: string | null;
  jwtUsername: string | null;
  sfCliUsername: string | null;
  apiUsage: ApiUsageSnapshot | null;
  lastSyncAt: string | null;
  lastWritebackAt: string | null;
  connectedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Decrypted secrets; only the Salesforce adapter ever holds these. */
export interface ConnectionSecrets {
  accessToken?: string;
  refreshToken?: string;
  jwtKey?: string;
}
