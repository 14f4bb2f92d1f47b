/**
 * `npm run org` (tsx companion/local-org/src/cli.ts): starts a local org on loopback and prints
 * what a developer needs to point the companion at it.
 *
 *   --port <n>            port on 127.0.0.1 (default 0: any free port)
 *   --seed <n>            seed for generated data and faults (default 1)
 *   --persist <file>      load from / save to this JSON file (records, tokens, users, the JWT key pair)
 *   --callback-url <url>  add an OAuth callback URL to the connected app (repeatable), e.g. the
 *                         companion's http://127.0.0.1:3000/oauth/callback; like Salesforce, the org
 *                         redirects only to a registered callback URL, port included
 *   --jwt-key-file <file> write the private key (PEM, mode 0600) whose certificate the connected app
 *                         trusts, for the JWT bearer flow
 *   --api-limit <n>       daily API request allocation (default 15000)
 *   --accounts <n>        add n generated Accounts (virtual rows, for benchmarks)
 *   --contacts <n>        add n generated Contacts spread over those Accounts
 *   --no-crm-seed         setup data only (users, permissions), no CRM records
 *   --integration-admin   give the integration user the System Administrator profile (Salesforce license), as
 *                         the setup guide recommends, instead of the custom "Rox Integration User" profile
 *   --refresh-token <t>   fixed refresh token for the integration user (stable across restarts)
 *   --admin-token <t>     token for the /__local admin endpoints
 *   --log-level <level>   pino level (default info)
 */
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
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
      'callback-url': { type: 'string', multiple: true },
      'jwt-key-file': { type: 'string' },
      'api-limit': { type: 'string' },
      accounts: { type: 'string' },
      contacts: { type: 'string' },
      'no-crm-seed': { type: 'boolean' },
      'integration-admin': { type: 'boolean' },
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
    integrationUserProfile: values['integration-admin'] ? 'System Administrator' : undefined,
    integrationRefreshToken: values['refresh-token'],
    adminToken: values['admin-token'],
    logger: log,
  });
  for (const url of values['callback-url'] ?? []) {
    if (!/^https?:\/\/[^/\s]+\/\S*$/.test(url))
      throw new Error(`--callback-url must be an http(s) URL with a path, got "${url}"`);
    const app = lo.org.apps[0];
    app.callbackUrls = [...new Set([...(app.callbackUrls ?? []), url])];
  }
  const keyFile = values['jwt-key-file'];
  if (keyFile) {
    writeFileSync(keyFile, lo.org.jwtKeys().privateKeyPem, { mode: 0o600 });
    chmodSync(keyFile, 0o600);
  }
  const accounts = int(values.accounts, 'accounts') ?? 0;
  if (accounts > 0) generateBenchmarkData(lo.org, { accounts, contacts: int(values.contacts, 'contacts') });
  const session = lo.org.issueSession(lo.org.users.integration.username);
  const refreshToken = values['refresh-token'] ?? session.refreshToken;
  const app = lo.org.apps[0];
  const integrationProfile = lo.org.profileNameOf(lo.org.users.integration.id);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const lines = [
    '',
    `Local org ready in ${ms.toFixed(0)} ms`,
    `  URL (instance, login, token host): ${lo.url}`,
    `  Instance URL:       ${lo.instanceUrl}`,
    `  Org Id:             ${lo.org.orgId}`,
    `  Integration user:   ${lo.org.users.integration.username} (${lo.org.users.integration.id}), profile ${integrationProfile}`,
    `  Access token:       ${session.accessToken}`,
    `  Refresh token:      ${refreshToken}`,
    `  Connected app:      client_id=${app.clientId} client_secret=${app.clientSecret ?? '(none)'}`,
    `  Admin token:        ${lo.adminToken}   (X-Local-Admin-Token for /__local/faults, /__local/usage, ...)`,
    `  Callback URLs:      ${(app.callbackUrls ?? []).join(', ')}   (add yours with --callback-url)`,
    keyFile
      ? `  JWT private key:    ${keyFile}`
      : '  JWT private key:    not written (--jwt-key-file <file> writes it)',
    lo.org.persistFile ? `  Persisting to:      ${lo.org.persistFile}` : '  Persistence:        off (in memory)',
    '',
    'Point a companion at it (SF_CLIENT_ID, SF_CLIENT_SECRET and SF_LOGIN_URL; PUBLIC_URL must be one of the callback URLs' +
      ' without /oauth/callback):',
    `  SF_CLIENT_ID=${app.clientId} SF_CLIENT_SECRET=${app.clientSecret ?? ''} SF_LOGIN_URL=${lo.url} \\`,
    `  ROX_ENCRYPTION_KEY=... PORT=8080 npm start`,
    `  npm run rox -- connections add --name local --method oauth`,
    keyFile
      ? `  npm run rox -- connections add --name local-jwt --method jwt --username ${lo.org.users.integration.username} --key-file ${keyFile}`
      : '',
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
