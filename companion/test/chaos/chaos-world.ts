/**
 * The world a chaos run happens in: a local org (in this process, so faults and the org's data
 * are at hand), one PostgreSQL schema, and several companion instances, each a process of its
 * own started as `npm start` starts it (node with tsx's loader, so a SIGKILL kills the companion
 * itself), sharing the schema. The connection is an OAuth web-server connection (so a revoked
 * refresh token can be injected and an admin's new login answered), made through an instance's
 * API like an admin would.
 */
import type { ChildProcess } from 'node:child_process';
import { createLocalOrg, type RunningLocalOrg } from '../../local-org/src/index.js';
import { defaultCrmMappings } from '../../src/mappings/index.js';
import { TokenCipher } from '../../src/security/token-cipher.js';
import { ApiKeyStore } from '../../src/store/api-key-store.js';
import type { Db } from '../../src/store/db.js';
import { spawnCompanion } from '../support/companion-process.js';

export interface WorldOptions {
  instances: number;
  /** The database the instances share: a URL (with search_path) and a pool on it for checks. */
  database: { url: string; db: Db };
  leaseSeconds: number;
  batchSize: number;
  /** Extra environment for the instances. */
  env?: Record<string, string>;
}

export interface Instance {
  slot: number;
  /** The instance's URL once it listens (port 0: the system picks a free one at each start). */
  url: string;
  child?: ChildProcess;
  /** Resolves when the process has exited. */
  exited?: Promise<void>;
  starts: number;
}

export class ChaosWorld {
  readonly encryptionKey = TokenCipher.generateKey();
  readonly instances: Instance[] = [];
  lo!: RunningLocalOrg;
  adminKey = '';
  connectionKey = '';
  connectionId = '';
  stderr: string[] = [];
  private stopping = false;

  constructor(readonly o: WorldOptions) {}

  async start(): Promise<void> {
    this.lo = await createLocalOrg({ logLevel: 'silent', crmSeed: false });
    for (let slot = 0; slot < this.o.instances; slot++) this.instances.push({ slot, url: '', starts: 0 });
    // Migrate once before the instances race to do it.
    const { migrate } = await import('../../src/store/migrate.js');
    await migrate(this.o.database.db);
    this.adminKey = (await new ApiKeyStore(this.o.database.db).create({ connectionId: null, name: 'chaos admin' })).key;
    await Promise.all(this.instances.map((i) => this.launch(i)));
  }

  /** Starts (or restarts) an instance and waits until it answers /readyz. */
  async launch(i: Instance): Promise<void> {
    const app = this.lo.org.apps[0];
    const child = spawnCompanion(
      {
        DATABASE_URL: this.o.database.url,
        ROX_ENCRYPTION_KEY: this.encryptionKey,
        SF_CLIENT_ID: app.clientId,
        SF_CLIENT_SECRET: app.clientSecret,
        SF_LOGIN_URL: this.lo.loginUrl,
        WRITEBACK_LEASE_SECONDS: String(this.o.leaseSeconds),
        WRITEBACK_BATCH_SIZE: String(this.o.batchSize),
        ...this.o.env,
      },
      'pipe',
    );
    child.stderr?.on('data', (d) => this.stderr.push(`[${i.slot}] ${String(d)}`));
    let out = '';
    child.stdout?.on('data', (d) => {
      out += String(d);
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      // Its OAuth callback, registered on the org's connected app as an admin would.
      if (url && url !== i.url) {
        i.url = url;
        app.callbackUrls = [...(app.callbackUrls ?? []), `${url}/oauth/callback`];
      }
    });
    i.url = '';
    i.child = child;
    i.starts++;
    i.exited = new Promise((r) => child.once('exit', () => r()));
    for (let waited = 0; ; waited += 100) {
      if (child.exitCode !== null) throw new Error(`instance ${i.slot} exited at start: ${this.stderr.join('')}`);
      if (!i.url) {
        if (waited > 60_000) throw new Error(`instance ${i.slot} did not start listening`);
        await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      const ok = await fetch(`${i.url}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return;
      if (waited > 60_000) throw new Error(`instance ${i.slot} did not become ready`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  alive(): Instance[] {
    return this.instances.filter((i) => i.url && i.child && i.child.exitCode === null && !i.child.killed);
  }

  async kill(i: Instance): Promise<void> {
    i.child?.kill('SIGKILL');
    await i.exited;
  }

  /** One HTTP call to a live instance, retried on another when the chosen one is down. */
  async api(
    method: string,
    path: string,
    opts: { key?: string; body?: unknown; prefer?: Instance } = {},
  ): Promise<{ status: number; json: any; instance: Instance }> {
    for (let attempt = 0; ; attempt++) {
      const live = this.alive();
      const i = opts.prefer && live.includes(opts.prefer) ? opts.prefer : live[attempt % Math.max(1, live.length)];
      if (i) {
        try {
          const res = await fetch(`${i.url}${path}`, {
            method,
            headers: {
              authorization: `Bearer ${opts.key ?? this.adminKey}`,
              ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
            },
            body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
            redirect: 'manual',
          });
          const text = await res.text();
          if (res.status < 500) return { status: res.status, json: text ? JSON.parse(text) : undefined, instance: i };
        } catch {
          // the instance died under us: try another
        }
      }
      if (this.stopping || attempt > 600) throw new Error(`no instance answered ${method} ${path}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /**
   * Completes a web-server login the way a browser does, on one instance: authorize at the org,
   * then the callback. Retried from the start when the instance dies or a fault hits the token call.
   */
  async login(path: string, body: unknown): Promise<any> {
    for (let attempt = 0; attempt < 50; attempt++) {
      const started = await this.api('POST', path, { body });
      if (started.status >= 300) throw new Error(`login refused: ${JSON.stringify(started.json)}`);
      try {
        const first = await fetch(started.json.authorizeUrl, { redirect: 'manual' });
        const location = first.headers.get('location');
        if (location) {
          const cb = await fetch(location, { redirect: 'manual' });
          if (cb.status < 400) return started.json;
        }
      } catch {
        // the instance was killed mid-login: start again
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error('the login never completed');
  }

  /** Creates the OAuth connection, its CRM mappings and a connection key. */
  async connect(name: string): Promise<void> {
    const created = await this.login('/v1/connections', { authMethod: 'oauth', name });
    this.connectionId = created.connection.id;
    const m = defaultCrmMappings();
    m.accounts.writebackNewEntities = true;
    m.activities.writeback.email = true;
    m.activities.leadResolution = true;
    const saved = await this.api('PUT', `/v1/connections/${this.connectionId}/mappings`, { body: m });
    if (saved.status !== 200) throw new Error(`mappings refused: ${JSON.stringify(saved.json)}`);
    const key = await this.api('POST', `/v1/connections/${this.connectionId}/keys`, { body: { name: 'chaos' } });
    this.connectionKey = key.json.key;
  }

  /** Logs in again when the connection is Action Required (an injected revoked refresh token). */
  async reauthorizeIfNeeded(): Promise<boolean> {
    const status = await this.api('GET', `/v1/connections/${this.connectionId}`);
    if (status.json?.state !== 'Action Required') return false;
    await this.login(`/v1/connections/${this.connectionId}/reauthorize`, {});
    return true;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    for (const i of this.alive()) {
      i.child?.kill('SIGTERM');
      await Promise.race([i.exited, new Promise((r) => setTimeout(r, 5_000))]);
      if (i.child?.exitCode === null) await this.kill(i);
    }
    await this.lo?.close();
  }
}
