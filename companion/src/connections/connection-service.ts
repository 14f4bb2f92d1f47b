/**
 * Connected orgs: the connect flows (OAuth web server with PKCE, JWT bearer, an org the sf CLI
 * knows), the state the admin sees (Ready / Action Required / Error, with the cause in words),
 * one Salesforce client per connection, and disconnect with its purge report.
 */
import { randomBytes } from 'node:crypto';
import { AppError } from '../core/app-error.js';
import { explainOAuthError } from './oauth-errors.js';
import type { Logger } from '../core/logger.js';
import type { ConnectionStore } from '../store/connection-store.js';
import type { OAuthFlowStore } from '../store/oauth-flow-store.js';
import {
  authorizeUrl,
  jwtAssertion,
  jwtAudience,
  pkcePair,
  postToken,
  type TokenResponse,
} from '../salesforce/oauth-client.js';
import { type ClientCredentials, SalesforceClient } from '../salesforce/sf-client.js';
import { readSfCliAuth } from '../salesforce/sf-cli-auth.js';
import { type ConnectionRecord, STATE_LABEL } from './connection-types.js';

export interface ConnectionServiceOptions {
  apiVersion: string;
  clientId?: string;
  clientSecret?: string;
  defaultLoginUrl: string;
  /** Where Salesforce sends the browser back: `${publicUrl}/oauth/callback`. */
  publicUrl: () => string;
}

export interface ConnectionStatus {
  id: string;
  name: string;
  state: string;
  stateCode: ConnectionRecord['state'];
  cause: string | null;
  causeCode: string | null;
  authMethod: ConnectionRecord['authMethod'];
  connectedAs: { userId: string | null; username: string | null };
  orgId: string | null;
  instanceUrl: string | null;
  loginUrl: string;
  apiUsage: ConnectionRecord['apiUsage'];
  lastSyncAt: string | null;
  lastWritebackAt: string | null;
  connectedAt: string | null;
  recentEvents: Array<{ at: string; kind: string; message: string }>;
}

function normaliseLoginUrl(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new AppError(
      'VALIDATION_FAILED',
      `loginUrl "${raw}" is not a URL: use https://login.salesforce.com, https://test.salesforce.com or your My Domain URL`,
    );
  }
  if (u.protocol !== 'https:' && !['127.0.0.1', 'localhost'].includes(u.hostname))
    throw new AppError('VALIDATION_FAILED', `loginUrl must use https (got ${u.protocol}//${u.host})`);
  return `${u.protocol}//${u.host}`;
}

export class ConnectionService {
  private readonly clients = new Map<string, SalesforceClient>();

  constructor(
    private readonly store: ConnectionStore,
    private readonly flows: OAuthFlowStore,
    private readonly opts: ConnectionServiceOptions,
    private readonly log: Logger,
  ) {}

  // ---- connect flows --------------------------------------------------------------------------

  /** Starts the web-server flow: a pending connection (or an existing one to re-authenticate). */
  async startOAuth(input: { name?: string; loginUrl?: string; connectionId?: string }): Promise<{
    connection: ConnectionRecord;
    authorizeUrl: string;
  }> {
    const clientId = this.requireClientId();
    let connection: ConnectionRecord;
    if (input.connectionId) {
      connection = await this.get(input.connectionId);
      if (connection.authMethod === 'jwt')
        throw new AppError('CONFLICT', 'This connection uses the JWT flow; connect it again with a new key instead');
    } else {
      if (!input.name) throw new AppError('VALIDATION_FAILED', 'name is required to create a connection');
      await this.assertNameFree(input.name);
      connection = await this.store.create({
        name: input.name,
        authMethod: 'oauth',
        loginUrl: normaliseLoginUrl(input.loginUrl ?? this.opts.defaultLoginUrl),
        clientId,
      });
    }
    const loginUrl = input.loginUrl ? normaliseLoginUrl(input.loginUrl) : connection.loginUrl;
    const state = randomBytes(24).toString('base64url');
    const { verifier, challenge } = pkcePair();
    const redirectUri = `${this.opts.publicUrl()}/oauth/callback`;
    await this.flows.create({ state, connectionId: connection.id, codeVerifier: verifier, loginUrl, redirectUri });
    return {
      connection,
      authorizeUrl: authorizeUrl({ loginUrl, clientId, redirectUri, state, codeChallenge: challenge }),
    };
  }

  /** The browser came back from Salesforce with a code (or an error). */
  async completeOAuth(params: {
    state?: string;
    code?: string;
    error?: string;
    errorDescription?: string;
  }): Promise<ConnectionRecord> {
    if (!params.state)
      throw new AppError('OAUTH_FAILED', 'The callback has no state parameter; start the connection again');
    // A state we issued is base64url; anything else (NUL bytes, huge strings) was never ours.
    const flow = /^[A-Za-z0-9_-]{16,64}$/.test(params.state) ? await this.flows.take(params.state) : undefined;
    if (!flow)
      throw new AppError('OAUTH_FAILED', 'This login link has expired or was already used; start the connection again');
    if (params.error) {
      const x = explainOAuthError(params.error.slice(0, 100), params.errorDescription?.slice(0, 300), flow.loginUrl);
      await this.store.setState(
        flow.connectionId,
        'error',
        x.reason,
        `${x.message} ${x.fix}${x.setupUrl ? ` (${x.setupUrl})` : ''}`,
      );
      throw new AppError('OAUTH_FAILED', `${x.message} ${x.fix}`, {
        details: { reason: x.reason, setupUrl: x.setupUrl },
      });
    }
    if (!params.code) throw new AppError('OAUTH_FAILED', 'The callback has no authorization code');
    const form: Record<string, string> = {
      grant_type: 'authorization_code',
      code: params.code,
      client_id: this.requireClientId(),
      redirect_uri: flow.redirectUri,
      code_verifier: flow.codeVerifier,
    };
    if (this.opts.clientSecret) form.client_secret = this.opts.clientSecret;
    const token = await postToken(flow.loginUrl, form);
    return this.establish(flow.connectionId, token, { loginUrl: flow.loginUrl });
  }

  async connectJwt(input: {
    name: string;
    loginUrl?: string;
    clientId?: string;
    username: string;
    privateKey: string;
  }): Promise<ConnectionRecord> {
    const clientId = input.clientId ?? this.requireClientId();
    const loginUrl = normaliseLoginUrl(input.loginUrl ?? this.opts.defaultLoginUrl);
    await this.assertNameFree(input.name);
    const assertion = jwtAssertion({
      clientId,
      username: input.username,
      audience: jwtAudience(loginUrl),
      privateKeyPem: input.privateKey,
    });
    const token = await postToken(loginUrl, {
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      assertion,
    }).catch((e: unknown) => {
      // At connect time a refused grant is a bad request, not a broken existing connection.
      if (e instanceof AppError && e.code === 'RECONNECT_REQUIRED')
        throw new AppError('OAUTH_FAILED', e.message.replace(' Log in again to resume; queued work is kept.', ''), {
          details: e.details,
        });
      throw e;
    });
    const connection = await this.store.create({
      name: input.name,
      authMethod: 'jwt',
      loginUrl,
      clientId,
      jwtUsername: input.username,
    });
    await this.store.saveSession(connection.id, { jwtKey: input.privateKey });
    return this.establish(connection.id, token, {});
  }

  /** An org the sf CLI already knows, by alias or username (developer path). */
  async connectSfCli(input: { name: string; usernameOrAlias: string }): Promise<ConnectionRecord> {
    await this.assertNameFree(input.name);
    const auth = await readSfCliAuth(input.usernameOrAlias);
    const connection = await this.store.create({
      name: input.name,
      authMethod: 'sf_cli',
      loginUrl: auth.loginUrl,
      clientId: auth.clientId,
      sfCliUsername: auth.username,
    });
    await this.store.saveSession(connection.id, {
      accessToken: auth.accessToken,
      refreshToken: auth.refreshToken,
      instanceUrl: auth.instanceUrl,
    });
    return this.verify(connection.id);
  }

  // ---- state ----------------------------------------------------------------------------------

  /** Calls Salesforce as the connection and records the outcome as its state. */
  async verify(connectionId: string): Promise<ConnectionRecord> {
    const client = await this.client(connectionId, { allowNotReady: true });
    try {
      const id = await client.identity();
      const before = await this.get(connectionId);
      if (before.orgId && before.orgId !== id.orgId) {
        const message = `The login was for org ${id.orgId}, but this connection belongs to org ${before.orgId}; log in to the original org or create a new connection`;
        await this.store.setState(connectionId, 'action_required', 'WRONG_ORG', message);
        throw new AppError('CONFLICT', message);
      }
      await this.store.saveSession(connectionId, { orgId: id.orgId, userId: id.userId, username: id.username });
      // The status shows today's API usage; /limits answers it (and its Sforce-Limit-Info is recorded).
      const limits = await client.limits();
      await this.store.recordUsage(connectionId, { ...limits, at: new Date().toISOString() });
      await this.store.setState(connectionId, 'ready', null, null);
    } catch (e) {
      const err = AppError.wrap(e);
      if (err.code !== 'RECONNECT_REQUIRED' && err.code !== 'CONFLICT')
        await this.store.setState(connectionId, 'error', err.code, err.message);
      throw err;
    }
    return this.get(connectionId);
  }

  /** Reads today's API usage from /limits (when no recent Sforce-Limit-Info says it). */
  async refreshUsage(connectionId: string): Promise<ConnectionRecord> {
    const client = await this.client(connectionId);
    const limits = await client.limits();
    await this.store.recordUsage(connectionId, { ...limits, at: new Date().toISOString() });
    return this.get(connectionId);
  }

  async get(connectionId: string): Promise<ConnectionRecord> {
    const c = await this.store.get(connectionId);
    if (!c) throw new AppError('NOT_FOUND', `No connection ${connectionId}`);
    return c;
  }

  async list(): Promise<ConnectionRecord[]> {
    return this.store.list();
  }

  async status(connectionId: string): Promise<ConnectionStatus> {
    const c = await this.get(connectionId);
    return {
      id: c.id,
      name: c.name,
      state: STATE_LABEL[c.state],
      stateCode: c.state,
      cause: c.stateMessage,
      causeCode: c.stateReason,
      authMethod: c.authMethod,
      connectedAs: { userId: c.userId, username: c.username },
      orgId: c.orgId,
      instanceUrl: c.instanceUrl,
      loginUrl: c.loginUrl,
      apiUsage: c.apiUsage,
      lastSyncAt: c.lastSyncAt,
      lastWritebackAt: c.lastWritebackAt,
      connectedAt: c.connectedAt,
      recentEvents: await this.store.events(c.id, 10),
    };
  }

  /**
   * The Salesforce client of a Ready connection. Work for a connection in Action Required is
   * refused with RECONNECT_REQUIRED (callers keep what they queued and retry after re-login).
   */
  async client(connectionId: string, options: { allowNotReady?: boolean } = {}): Promise<SalesforceClient> {
    const c = await this.get(connectionId);
    if (!options.allowNotReady && c.state !== 'ready') {
      throw new AppError(
        c.state === 'action_required' ? 'RECONNECT_REQUIRED' : 'CONNECTION_NOT_READY',
        `Connection ${c.name} is ${STATE_LABEL[c.state]}${c.stateMessage ? `: ${c.stateMessage}` : ''}`,
      );
    }
    const cached = this.clients.get(connectionId);
    if (cached) return cached;
    const secrets = await this.store.secrets(connectionId);
    if (!c.instanceUrl) throw new AppError('CONNECTION_NOT_READY', `Connection ${c.name} has not completed its login`);
    const creds: ClientCredentials = {
      authMethod: c.authMethod,
      loginUrl: c.loginUrl,
      instanceUrl: c.instanceUrl,
      accessToken: secrets.accessToken,
      refreshToken: secrets.refreshToken,
      clientId: c.clientId ?? undefined,
      clientSecret: c.authMethod === 'oauth' ? this.opts.clientSecret : undefined,
      jwtUsername: c.jwtUsername ?? undefined,
      jwtKey: secrets.jwtKey,
    };
    const client = new SalesforceClient(
      creds,
      {
        onSession: (s) => this.store.saveSession(connectionId, s),
        onReconnectRequired: async (err) => {
          this.clients.delete(connectionId);
          await this.store.setState(connectionId, 'action_required', 'REAUTH_REQUIRED', err.message);
        },
        onUsage: (used, max) => {
          void this.store.recordUsage(connectionId, { used, max, at: new Date().toISOString() }).catch(() => undefined);
        },
      },
      this.opts.apiVersion,
      this.log.child({ connectionId }),
    );
    this.clients.set(connectionId, client);
    return client;
  }

  /** What disconnect would delete, per table, with nothing deleted and no token revoked. */
  async disconnectPreview(
    connectionId: string,
  ): Promise<{ deleted: Record<string, number>; revoked: false; dryRun: true }> {
    await this.get(connectionId);
    const deleted = await this.store.purgePreview(connectionId);
    if (!deleted) throw new AppError('NOT_FOUND', `No connection ${connectionId}`);
    return { deleted, revoked: false, dryRun: true };
  }

  /** Deletes the connection, its tokens and every row stored for it; best-effort token revoke first. */
  async disconnect(connectionId: string): Promise<{ deleted: Record<string, number>; revoked: boolean }> {
    const c = await this.get(connectionId);
    const secrets = await this.store.secrets(connectionId);
    let revoked = false;
    const token = secrets.refreshToken ?? secrets.accessToken;
    if (token && c.authMethod !== 'sf_cli') {
      try {
        const res = await fetch(`${c.loginUrl}/services/oauth2/revoke`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ token }).toString(),
        });
        revoked = res.ok;
      } catch {
        revoked = false;
      }
    }
    this.clients.delete(connectionId);
    const deleted = await this.store.purge(connectionId);
    if (!deleted) throw new AppError('NOT_FOUND', `No connection ${connectionId}`);
    this.log.info({ connectionId, deleted }, 'connection disconnected and purged');
    return { deleted, revoked };
  }

  // ---- internals ------------------------------------------------------------------------------

  private async establish(
    connectionId: string,
    token: TokenResponse,
    extra: { loginUrl?: string },
  ): Promise<ConnectionRecord> {
    this.clients.delete(connectionId);
    await this.store.saveSession(connectionId, {
      accessToken: token.access_token,
      refreshToken: token.refresh_token,
      instanceUrl: token.instance_url,
    });
    if (extra.loginUrl) await this.store.setLoginUrl(connectionId, extra.loginUrl);
    return this.verify(connectionId);
  }

  private requireClientId(): string {
    if (!this.opts.clientId)
      throw new AppError(
        'CONNECTION_NOT_READY',
        'SF_CLIENT_ID is not configured: set the connected app consumer key to use OAuth or JWT',
      );
    return this.opts.clientId;
  }

  private async assertNameFree(name: string): Promise<void> {
    if (await this.store.byName(name)) throw new AppError('CONFLICT', `A connection named "${name}" already exists`);
  }
}
