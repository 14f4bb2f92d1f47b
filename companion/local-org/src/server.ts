/**
 * createLocalOrg: builds a LocalOrg and serves it over HTTP on loopback (port 0 by default).
 * Nothing listens at import time.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { createLogger } from './core/logger.js';
import { createApp } from './http/app.js';
import { LocalOrg, type LocalOrgConfig } from './org.js';

export interface CreateLocalOrgOptions extends LocalOrgConfig {
  /** Port on 127.0.0.1 (default 0: any free port). */
  port?: number;
  host?: string;
  /** Token for /__local admin endpoints (default: random). */
  adminToken?: string;
  /** pino level when no logger is given (default 'warn' so tests stay quiet; the CLI uses 'info'). */
  logLevel?: string;
  logger?: Logger;
  /** Save to persistFile every this many ms when records changed (default 5000; 0 disables). */
  autosaveMs?: number;
}

export interface RunningLocalOrg {
  /** Base URL, e.g. http://127.0.0.1:53211 (instance URL, login URL and token service host). */
  url: string;
  instanceUrl: string;
  loginUrl: string;
  tokenUrl: string;
  adminToken: string;
  org: LocalOrg;
  close(): Promise<void>;
}

export async function createLocalOrg(options: CreateLocalOrgOptions = {}): Promise<RunningLocalOrg> {
  const log = options.logger ?? createLogger(options.logLevel ?? 'warn');
  const org = new LocalOrg({ ...options, logger: log });
  const adminToken = options.adminToken ?? randomBytes(18).toString('base64url');
  const app = createApp(org, log.child({ module: 'http' }), adminToken);
  const host = options.host ?? '127.0.0.1';
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(options.port ?? 0, host, () => resolve(s));
    s.on('error', reject);
  });
  server.keepAliveTimeout = 5000;
  const { port } = server.address() as AddressInfo;
  const url = `http://${host}:${port}`;
  org.instanceUrl = url;
  let savedVersion = org.store.version;
  const autosave =
    org.persistFile && (options.autosaveMs ?? 5000) > 0
      ? setInterval(() => {
          if (org.store.version !== savedVersion) {
            savedVersion = org.store.version;
            org.save();
          }
        }, options.autosaveMs ?? 5000)
      : undefined;
  autosave?.unref();
  return {
    url,
    instanceUrl: url,
    loginUrl: url,
    tokenUrl: `${url}/services/oauth2/token`,
    adminToken,
    org,
    close: async () => {
      if (autosave) clearInterval(autosave);
      org.save();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
