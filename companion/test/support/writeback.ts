/** Helpers for writeback tests: a Ready JWT connection with saved mappings, submitting, draining. */
import type { CrmMappings } from '../../src/mappings/index.js';
import { defaultCrmMappings } from '../../src/mappings/index.js';
import type { TestCompanion } from './companion.js';
import { ConnectionService } from '../../src/connections/connection-service.js';
import { createLogger } from '../../src/core/logger.js';
import { TokenCipher } from '../../src/security/token-cipher.js';
import { ConnectionStore } from '../../src/store/connection-store.js';
import type { Db } from '../../src/store/db.js';
import { FieldStateStore } from '../../src/store/field-state-store.js';
import { IdMappingStore } from '../../src/store/id-mapping-store.js';
import { MappingStore } from '../../src/store/mapping-store.js';
import { OAuthFlowStore } from '../../src/store/oauth-flow-store.js';
import { PeopleStore } from '../../src/store/people-store.js';
import { WritebackStore } from '../../src/store/writeback-store.js';
import { activitySender } from '../../src/writeback/activities/activity-sender.js';
import { WritebackWorker } from '../../src/writeback/writeback-worker.js';

export async function readyConnection(
  t: TestCompanion,
  name: string,
  edit?: (m: CrmMappings) => void,
): Promise<string> {
  const res = await t.api('POST', '/v1/connections', {
    body: {
      authMethod: 'jwt',
      name,
      username: t.lo.org.users.integration.username,
      privateKey: t.lo.org.jwtKeys().privateKeyPem,
    },
  });
  if (res.status !== 201) throw new Error(`connect failed: ${res.text}`);
  const id = res.json.connection.id as string;
  const m = defaultCrmMappings();
  edit?.(m);
  const saved = await t.api('PUT', `/v1/connections/${id}/mappings`, { body: m });
  if (saved.status !== 200) throw new Error(`mappings refused: ${saved.text}`);
  return id;
}

export async function submit(t: TestCompanion, id: string, items: unknown[], extra: Record<string, unknown> = {}) {
  return t.api('POST', `/v1/connections/${id}/writebacks`, { body: { items, ...extra } });
}

/** Makes every queued row due now (skips backoff waits in tests) and drains. */
export async function drainNow(t: TestCompanion, id: string, passes = 20): Promise<void> {
  for (let i = 0; i < passes; i++) {
    await t.testDb.db.query(
      "UPDATE writebacks SET next_attempt_at = now() WHERE connection_id = $1 AND state = 'queued'",
      [id],
    );
    await t.svc.worker.drain(id);
    const [q] = await t.testDb.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM writebacks WHERE connection_id = $1 AND state IN ('queued', 'sending')",
      [id],
    );
    if (Number(q.n) === 0) return;
  }
}

export async function ledger(t: TestCompanion, id: string, query = ''): Promise<any> {
  return (await t.api('GET', `/v1/connections/${id}/writebacks?limit=1000${query}`)).json;
}

export const past = (ms: number) => new Date(Date.now() - ms).toISOString();

/**
 * A second companion instance's writeback worker on the same database (its own pool `db`, worker id
 * and Salesforce client), as another process sharing the PostgreSQL would have.
 */
export function otherInstanceWorker(
  t: TestCompanion,
  db: Db,
  options: { batchSize?: number; activities?: boolean } = {},
): WritebackWorker {
  const cipher = new TokenCipher(t.encryptionKey);
  const store = new ConnectionStore(db, cipher);
  const log = createLogger('silent');
  const connections = new ConnectionService(
    store,
    new OAuthFlowStore(db, cipher),
    { apiVersion: '62.0', clientId: t.lo.org.apps[0].clientId, defaultLoginUrl: t.lo.loginUrl, publicUrl: () => t.url },
    log,
  );
  return new WritebackWorker({
    ...(options.activities
      ? { sendActivities: activitySender({ mappingStore: new MappingStore(db), people: new PeopleStore(db) }) }
      : {}),
    connections,
    connectionStore: store,
    outbox: new WritebackStore(db),
    ids: new IdMappingStore(db),
    fieldState: new FieldStateStore(db),
    log,
    batchSize: options.batchSize ?? 200,
  });
}
