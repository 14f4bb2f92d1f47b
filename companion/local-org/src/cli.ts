/**
 * `npm run org` (tsx companion/local-org/src/cli.ts): starts a local org on loopback and prints
 * what a developer needs to point the companion at it.
 *
 *   --port <n>            port on 127.0.0.1 (default 0: any free port)
 *   --seed <n>            seed for generated data and faults (default 1)
 *   --persist <file>      load from / save to this JSON file
 *   --api-limit <n>       daily API request allocation (default 15000)
 *   --accounts <n>        add n generated Accounts (virtual rows, for benchmarks)
 *   --contacts <n>        add n generated Contacts spread over those Accounts
 *   --no-crm-seed         setup data only (users, permissions), no CRM records
 *   --refresh-token <t>   fixed refresh token for the integration user (stable across restarts)
 *   --admin-token <t>     token for the /__local admin endpoints
 *   --log-level <level>   pino level (default info)
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createLogger } from './core/logger.js';
import { generateBenchmarkData } from './seed/generators.js';
import { createLocalOrg } from './server.js';

function int(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got "${value}"`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      seed: { type: 'string' },
      persist: { type: 'string' },
      'api-limit': { type: 'string' },
      accounts: { type: 'string' },
      contacts: { type: 'string' },
      'no-crm-seed': { type: 'boolean' },
      'refresh-token': { type: 'string' },
      'admin-token': { type: 'string' },
      'log-level': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    const doc = /\/\*\*([\s\S]*?)\*\//.exec(readFileSync(__filename, 'utf8'))?.[1] ?? '';
    process.stdout.write(`${doc.replace(/^\s*\* ?/gm, '')}\n`);
    return;
  }
  const started = process.hrtime.bigint();
  const log = createLogger(values['log-level'] ?? 'info');
  const lo = await createLocalOrg({
    port: int(values.port, 'port') ?? 0,
    seed: int(values.seed, 'seed'),
    persistFile: values.persist,
    apiLimit: int(values['api-limit'], 'api-limit'),
    crmSeed: values['no-crm-seed'] ? false : undefined,
    integrationRefreshToken: values['refresh-token'],
    adminToken: values['admin-token'],
    logger: log,
  });
  const accounts = int(values.accounts, 'accounts') ?? 0;
  if (accounts > 0) generateBenchmarkData(lo.org, { accounts, contacts: int(values.contacts, 'contacts') });
  const session = lo.org.issueSession(lo.org.users.integration.username);
  const refreshToken = values['refresh-token'] ?? session.refreshToken;
  const app = lo.org.apps[0];
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const lines = [
    '',
    `Local org ready in ${ms.toFixed(0)} ms`,
    `  URL (instance, login, token host): ${lo.url}`,
    `  Instance URL:       ${lo.instanceUrl}`,
    `  Org Id:             ${lo.org.orgId}`,
    `  Integration user:   ${lo.org.users.integration.username} (${lo.org.users.integration.id})`,
    `  Access token:       ${session.accessToken}`,
    `  Refresh token:      ${refreshToken}`,
    `  Connected app:      client_id=${app.clientId} client_secret=${app.clientSecret ?? '(none)'}`,
    `  Admin token:        ${lo.adminToken}   (X-Local-Admin-Token for /__local/faults, /__local/usage, ...)`,
    lo.org.persistFile ? `  Persisting to:      ${lo.org.persistFile}` : '  Persistence:        off (in memory)',
    '',
    'Try:',
    `  curl -s '${lo.instanceUrl}/services/data/v62.0/query?q=SELECT+Id,Name+FROM+Account+LIMIT+3' -H 'Authorization: Bearer ${session.accessToken}'`,
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  let closing = false;
  const stop = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'stopping local org');
    await lo.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((e: unknown) => {
  process.stderr.write(`local org failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
