/**
 * Composition root pieces: builds store, services and HTTP app from a parsed Config. main.ts (the
 * process) and tests both call buildService; nothing below reads process.env.
 */
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import type { Config } from './config/config-schema.js';
import { ConnectionService } from './connections/connection-service.js';
import { createApp } from './http/app.js';
import { answerClientErrors } from './http/client-errors.js';
import { openApiRoute } from './http/openapi.js';
import type { RouteSpec } from './http/route-spec.js';
import { createMetrics } from './http/metrics.js';
import { connectionRoutes } from './http/routes/connection-routes.js';
import { healthRoutes } from './http/routes/health-routes.js';
import { keyRoutes } from './http/routes/key-routes.js';
import { TokenCipher } from './security/token-cipher.js';
import { ApiKeyStore } from './store/api-key-store.js';
import { ConnectionStore } from './store/connection-store.js';
import type { Db } from './store/db.js';
import { MappingStore } from './store/mapping-store.js';
import { OAuthFlowStore } from './store/oauth-flow-store.js';
import { type OpenedStore, openStore } from './store/open-store.js';
import { extraRoutes } from './http/routes/extra-routes.js';
import { writebackRoutes } from './http/routes/writeback-routes.js';
import { FieldStateStore } from './store/field-state-store.js';
import { IdMappingStore } from './store/id-mapping-store.js';
import { WritebackStore } from './store/writeback-store.js';
import { WritebackService } from './writeback/writeback-service.js';
import { WritebackWorker } from './writeback/writeback-worker.js';
import { activityItemSchema } from './writeback/activities/activity-planner.js';
import { activityPlannerWithPreview } from './writeback/activities/activity-preview.js';
import { activitySender } from './writeback/activities/activity-sender.js';
import { PeopleStore } from './store/people-store.js';
import { SyncStore } from './store/sync-store.js';
import { SyncService } from './sync/sync-service.js';
import { SyncScheduler } from './sync/sync-scheduler.js';
import { syncRoutes } from './http/routes/sync-routes.js';
import { erasureRoutes } from './http/routes/erasure-routes.js';
import { fromProjectRoot } from './config/project-root.js';
import { consoleRoutes } from './http/console/console-routes.js';
import { ConsoleSessions } from './http/console/console-sessions.js';
import { ConsoleSessionStore } from './store/console-session-store.js';
import { ErasureService } from './privacy/erasure-service.js';

export const VERSION = '0.1.0';

export interface Service {
  config: Config;
  db: Db;
  connections: ConnectionService;
  connectionStore: ConnectionStore;
  keys: ApiKeyStore;
  mappingStore: MappingStore;
  outbox: WritebackStore;
  writebacks: WritebackService;
  ids: IdMappingStore;
  worker: WritebackWorker;
  sync: SyncService;
  scheduler: SyncScheduler;
  app: ReturnType<typeof createApp>;
  /** Every route the app serves (the access table is generated from them). */
  routes: Array<RouteSpec<any>>;
  /** Admin console sign-in (sessions and one-time links). */
  consoleSessions: ConsoleSessions;
  /** A one-time console sign-in link for an admin key (at PUBLIC_URL, else where this service listens). */
  consoleSignInLink(keyId: string): Promise<{ url: string; expiresAt: string }>;
  /** Base URL once listening. */
  url: string;
  listen(): Promise<string>;
  close(): Promise<void>;
}

export async function buildService(
  config: Config,
  logger: Logger,
  options: { db?: Db; encryptionKey?: string; role?: 'service' | 'cli' } = {},
): Promise<Service> {
  const key = options.encryptionKey ?? config.ROX_ENCRYPTION_KEY;
  if (!key) throw new Error('ROX_ENCRYPTION_KEY is required');
  const cipher = new TokenCipher(key);
  const db =
    options.db ??
    (await openStore(
      { databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, role: options.role },
      logger.child({ module: 'store' }),
    ));
  const connectionStore = new ConnectionStore(db, cipher);
  const keys = new ApiKeyStore(db);
  const mappingStore = new MappingStore(db);
  let url = config.PUBLIC_URL ?? '';
  const connections = new ConnectionService(
    connectionStore,
    new OAuthFlowStore(db, cipher),
    {
      apiVersion: config.SF_API_VERSION,
      clientId: config.SF_CLIENT_ID,
      clientSecret: config.SF_CLIENT_SECRET,
      defaultLoginUrl: config.SF_LOGIN_URL,
      publicUrl: () => (config.PUBLIC_URL ?? url).replace(/\/+$/, ''),
    },
    logger.child({ module: 'connections' }),
  );
  const outbox = new WritebackStore(db);
  const ids = new IdMappingStore(db);
  const fieldState = new FieldStateStore(db);
  const people = new PeopleStore(db);
  const writebacks = new WritebackService(connections, mappingStore, outbox, ids, [
    activityPlannerWithPreview({ connections, ids, people }),
  ]);
  const worker = new WritebackWorker({
    sendActivities: activitySender({ mappingStore, people }),
    connections,
    connectionStore,
    outbox,
    ids,
    fieldState,
    log: logger.child({ module: 'writeback' }),
    leaseSeconds: config.WRITEBACK_LEASE_SECONDS,
    giveUpHours: config.WRITEBACK_GIVE_UP_HOURS,
    retentionDays: config.WRITEBACK_RETENTION_DAYS,
    batchSize: config.WRITEBACK_BATCH_SIZE,
    bulkThreshold: config.WRITEBACK_BULK_THRESHOLD,
  });
  const syncStore = new SyncStore(db);
  const sync = new SyncService(
    connections,
    connectionStore,
    mappingStore,
    syncStore,
    fieldState,
    logger.child({ module: 'sync' }),
    {
      bulkThreshold: config.SYNC_BULK_THRESHOLD,
      apiShare: config.SYNC_API_SHARE,
      intervalSeconds: config.SYNC_INTERVAL_SECONDS,
    },
  );
  const scheduler = new SyncScheduler({
    sync,
    connectionStore,
    refreshUsage: (id) => connections.refreshUsage(id),
    log: logger.child({ module: 'sync' }),
    apiShare: config.SYNC_API_SHARE,
  });
  const consoleSessions = new ConsoleSessions(new ConsoleSessionStore(db), keys, {
    sessionHours: config.CONSOLE_SESSION_HOURS,
    idleMinutes: config.CONSOLE_IDLE_MINUTES,
  });
  const metrics = createMetrics(connectionStore);
  const routes: Array<RouteSpec<any>> = [
      ...healthRoutes(db, metrics, connections),
      ...connectionRoutes(connections),
      ...keyRoutes(keys, connections),
      ...extraRoutes({ connections, mappingStore }),
      ...writebackRoutes(writebacks, [activityItemSchema]),
      ...syncRoutes(sync, syncStore, ids),
      ...erasureRoutes(new ErasureService(db, connections, logger.child({ module: 'privacy' }))),
      ...consoleRoutes(consoleSessions, config.PUBLIC_URL),
  ];
  routes.push(openApiRoute(() => routes, VERSION));
  const app = createApp({
    routes,
    keys,
    consoleSessions,
    consoleDir: fromProjectRoot(config.CONSOLE_DIR),
    metrics,
    logger,
    maxBodyBytes: config.MAX_BODY_BYTES,
    signatureMaxSkewSeconds: config.SIGNATURE_MAX_SKEW_SECONDS,
    version: VERSION,
  });
  let server: Server | undefined;
  const service: Service = {
    config,
    db,
    connections,
    connectionStore,
    keys,
    mappingStore,
    outbox,
    writebacks,
    ids,
    worker,
    sync,
    scheduler,
    app,
    routes,
    consoleSessions,
    consoleSignInLink: (keyId) =>
      consoleSessions.signInLink(keyId, (config.PUBLIC_URL ?? url).replace('://0.0.0.0:', '://127.0.0.1:')),
    get url() {
      return url;
    },
    async listen() {
      await new Promise<void>((resolve, reject) => {
        server = app.listen(config.PORT, config.HOST, (err?: Error) => (err ? reject(err) : resolve()));
      });
      answerClientErrors(server!);
      const addr = server!.address();
      const port = typeof addr === 'object' && addr ? addr.port : config.PORT;
      url = `http://${config.HOST}:${port}`;
      (db as OpenedStore).lock?.setUrl(url);
      return url;
    },
    async close() {
      await worker.stop();
      scheduler.stop();
      if (server) await new Promise<void>((r) => server!.close(() => r()));
      if (!options.db) await db.close();
    },
  };
  return service;
}
