/**
 * The process entry (`npm start`): reads the config once, opens the store, starts the HTTP
 * service, and — with no org configured — the local demo org. Stops cleanly on SIGINT/SIGTERM.
 */
import { loadConfig } from './config/load-config.js';
import { AppError } from './core/app-error.js';
import { createLogger } from './core/logger.js';
import { ensureLocalAdminKey } from './cli/local-admin-key.js';
import { encryptionKeyFor, isLocalDemo } from './config/runtime.js';
import { connectDemo, demoConfig, startDemoOrg } from './local-demo.js';
import { SIGN_IN_LINK_MINUTES } from './http/console/console-sessions.js';
import { SF } from './salesforce/names.js';
import { parseApiKey } from './security/api-keys.js';
import { buildService } from './service.js';

export async function main(env: Record<string, string | undefined> = process.env): Promise<void> {
  let config = loadConfig(env);
  const logger = createLogger(config.LOG_LEVEL);
  const demo = isLocalDemo(config);
  const encryptionKey = await encryptionKeyFor(config);
  process.stdout.write(
    demo
      ? 'Starting the Rox companion as a LOCAL DEMO: no Salesforce org is configured, so a local org with sample data is started and connected.\n'
      : 'Starting the Rox companion.\n',
  );
  const lo = demo ? await startDemoOrg(config.DATA_DIR) : undefined;
  if (lo) config = demoConfig(config, lo);
  const svc = await buildService(config, logger, { encryptionKey, role: 'service' });
  const url = await svc.listen();
  // The embedded store's CLI key: `npm run rox -- …` beside this service calls its API with it.
  if (svc.db.engine === 'pglite') await ensureLocalAdminKey(svc.keys, config.DATA_DIR);
  svc.worker.start();
  svc.scheduler.start();
  const out: string[] = [`Rox Salesforce companion listening on ${url} (store: ${svc.db.engine})`];
  if (lo) {
    const d = await connectDemo(svc, lo, config.DATA_DIR, logger);
    const signIn = await svc.consoleSignInLink(parseApiKey(d.adminKey)!.id);
    const inspect = lo.org.issueSession(lo.org.users.integration.username).accessToken;
    const soql = (q: string) => `${lo.instanceUrl}/services/data/v${config.SF_API_VERSION}/query?q=${encodeURIComponent(q)}`;
    out.push(
      '',
      'No Salesforce org is configured, so this is the LOCAL DEMO:',
      `  a local Salesforce org with sample data runs at ${lo.url} and is connected as "local-demo"`,
      d.kept
        ? `  (kept from the last start, with its synced data and writebacks).`
        : `  (connected now; every activity type is written back, with Lead Resolution on).`,
      `  The org's records, the connection and these keys are kept in ${config.DATA_DIR} across restarts.`,
      '',
      `  admin API key:       ${d.adminKey}`,
      `  connection API key:  ${d.connectionKey}`,
      '',
      `  console: ${signIn.url}`,
      `  (the admin console, signed in as the admin key: the link works once, for ${SIGN_IN_LINK_MINUTES} minutes;`,
      '   for a new one run: npm run rox -- console)',
      '',
      'Try it:',
      `  curl -s -H "Authorization: Bearer ${d.connectionKey}" ${url}/v1/connections/${d.connectionId}`,
      `  curl -s -H "Authorization: Bearer ${d.connectionKey}" ${url}/v1/connections/${d.connectionId}/doctor`,
      `  curl -s -X POST -H "Authorization: Bearer ${d.connectionKey}" ${url}/v1/connections/${d.connectionId}/sync`,
      `  curl -s -H "Authorization: Bearer ${d.connectionKey}" "${url}/v1/connections/${d.connectionId}/records/Account?limit=5"`,
      `  curl -s -X POST -H "Authorization: Bearer ${d.connectionKey}" -H 'content-type: application/json' ${url}/v1/connections/${d.connectionId}/writebacks \\`,
      `    -d '{"items":[{"type":"activity","activity":{"kind":"email","roxActivityId":"demo-1","subject":"Hello from Rox","occurredAt":"${new Date().toISOString()}","participants":[{"email":"new.person@example.com","role":"to"}]}}]}'`,
      '',
      'Look inside the local org (as the integration user; the session lasts 2 hours):',
      `  curl -s -H "Authorization: Bearer ${inspect}" '${soql(`SELECT Id, Subject, WhoId, ${SF.roxActivityId} FROM Task ORDER BY CreatedDate DESC LIMIT 5`)}'`,
      `  curl -s -H "X-Local-Admin-Token: ${lo.adminToken}" ${lo.url}/__local/usage      (API calls the companion made)`,
      '',
      'Connect a real org: set SF_CLIENT_ID, SF_CLIENT_SECRET and ROX_ENCRYPTION_KEY (see README, "Connect an org"),',
      `  then: npm run rox -- connections add --name my-org --method oauth   (open the printed URL; callback ${url}/oauth/callback)`,
    );
  }
  process.stdout.write(`${out.join('\n')}\n`);
  const stop = async () => {
    await svc.close();
    await lo?.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

/** Runs `main`; a failure to start is one line on stderr and exit code 1 (companion/bin/companion.js calls this). */
export function start(): void {
  main().catch((e: unknown) => {
    const err = AppError.wrap(e);
    process.stderr.write(`Cannot start: ${err.code === 'INTERNAL' ? (e as Error).message : err.message}\n`);
    process.exit(1);
  });
}

if (require.main === module) start();
