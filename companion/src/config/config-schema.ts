/**
 * The companion's one configuration schema. Every key is read from the environment once, in
 * loadConfig (main.ts is the only caller); the README's configuration table is generated from the
 * `.describe()` texts here (scripts check they agree).
 */
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

export const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080).describe('HTTP port the service listens on'),
  HOST: z.string().default('127.0.0.1').describe('Interface to bind (use 0.0.0.0 in a container)'),
  PUBLIC_URL: z
    .url()
    .optional()
    .describe(
      'URL Salesforce redirects back to after OAuth login (default http://HOST:PORT); register PUBLIC_URL/oauth/callback on the connected app',
    ),
  DATA_DIR: z.string().default('.rox').describe('Directory for the embedded PGlite database and the local-demo key'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'a postgres:// URL')
    .optional()
    .describe('PostgreSQL server to use instead of embedded PGlite (lets several instances share the work)'),
  ROX_ENCRYPTION_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}=$/, '32 random bytes in base64 (openssl rand -base64 32)')
    .optional()
    .describe('AES-256-GCM key for tokens at rest, 32 bytes base64; required unless LOCAL_DEMO is on'),
  LOCAL_DEMO: bool
    .optional()
    .describe(
      'Start the bundled local Salesforce org with sample data and connect to it (default: on when neither SF_CLIENT_ID nor DATABASE_URL is set)',
    ),
  SF_CLIENT_ID: z.string().optional().describe('Connected app consumer key for the OAuth web-server and JWT flows'),
  SF_CLIENT_SECRET: z.string().optional().describe('Connected app consumer secret (web-server flow)'),
  SF_LOGIN_URL: z
    .url()
    .default('https://login.salesforce.com')
    .describe(
      'Default login URL: https://login.salesforce.com, https://test.salesforce.com (sandbox) or a My Domain URL',
    ),
  SF_API_VERSION: z
    .string()
    .regex(/^\d{2}\.0$/, 'a version such as 62.0')
    .default('62.0')
    .describe('Salesforce REST API version'),
  SIGNATURE_MAX_SKEW_SECONDS: z.coerce
    .number()
    .int()
    .min(30)
    .max(3600)
    .default(300)
    .describe('How old a signed request may be before it is refused as a replay'),
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(1_048_576).describe('Largest accepted request body'),
  WRITEBACK_LEASE_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(3600)
    .default(30)
    .describe(
      'Lease on writebacks a worker is sending, renewed every third of it while the worker lives; rows of a worker that died go back to the queue after this',
    ),
  WRITEBACK_RETENTION_DAYS: z.coerce
    .number()
    .int()
    .min(1)
    .max(3650)
    .default(30)
    .describe(
      "Settled writebacks older than this lose the values they carried (fields, email bodies, participants); each one's outcome stays in the ledger",
    ),
  WRITEBACK_GIVE_UP_HOURS: z.coerce
    .number()
    .min(0.01)
    .max(720)
    .default(24)
    .describe(
      'Transient failures (locks, outages, dropped connections) are retried with backoff until a writeback is this old; then it is failed',
    ),
  WRITEBACK_BATCH_SIZE: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(1000)
    .describe('Writebacks a worker claims per pass and connection'),
  WRITEBACK_BULK_THRESHOLD: z.coerce
    .number()
    .int()
    .min(200)
    .default(2000)
    .describe(
      'Updates of one object in one pass from this many records on are sent as one Bulk API 2.0 job (raise WRITEBACK_BATCH_SIZE with it)',
    ),
  SYNC_INTERVAL_SECONDS: z.coerce
    .number()
    .int()
    .min(30)
    .max(86_400)
    .default(300)
    .describe(
      "How often each synced object is read incrementally (a tab's syncIntervalMinutes in the CRM mappings overrides it)",
    ),
  SYNC_BULK_THRESHOLD: z.coerce
    .number()
    .int()
    .min(1)
    .default(50_000)
    .describe('A first backfill of at least this many rows uses a Bulk API 2.0 query instead of REST pages'),
  SYNC_API_SHARE: z.coerce
    .number()
    .min(0.1)
    .max(0.98)
    .default(0.9)
    .describe(
      'Sync starts no work once the org has used this share of its daily API allocation (writeback goes on to 98%)',
    ),
  CONSOLE_DIR: z
    .string()
    .min(1)
    .default('companion/console/dist')
    .describe(
      'Directory the admin console is served from at /console/ (a relative path is taken from the checkout root); build it with npm run build:console',
    ),
  CONSOLE_SESSION_HOURS: z.coerce
    .number()
    .min(0.1)
    .max(168)
    .default(8)
    .describe('A console sign-in lasts at most this long, however active'),
  CONSOLE_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(1440)
    .default(30)
    .describe('A console session ends after this many minutes without a request'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('pino log level'),
});

export type Config = z.infer<typeof configSchema>;
