/**
 * Record updates and new records through the API, the outbox and the worker, on both store
 * engines, against the local org: Read Only fields never written, newest change wins, per-record
 * results in a 200-record collection, retries for lock errors and request limits, a revoked token
 * waiting for re-authentication, creates exactly once with their ID mapping, order per record.
 */
import { SF } from '../../../src/salesforce/names.js';
import { WritebackWorker } from '../../../src/writeback/writeback-worker.js';
import { ENGINES } from '../../support/engines.js';
import { completeOAuthInBrowser, startCompanion, type TestCompanion } from '../../support/companion.js';
import { drainNow, ledger, past, readyConnection, submit } from '../../support/writeback.js';

describe.each(ENGINES)('record writeback on %s', (engine) => {
  let t: TestCompanion;
  let conn: string;
  const owner = () => t.lo.org.users.integration.id;
  // The local org's clock steps 1 ms per write, so it runs ahead of the wall clock in fast tests: a
  // Rox change "now" is taken from it, as Rox's clock and Salesforce's agree in production.
  const roxNow = (plus = 500) =>
    new Date(Math.max(t.lo.org.clock.nowMs(), t.lo.org.clock.lastWriteMs) + plus).toISOString();
  const account = (name: string, extra: Record<string, unknown> = {}) =>
    t.lo.org.insert('Account', { Name: name, ...extra }, owner());

  beforeAll(async () => {
    t = await startCompanion(engine);
    conn = await readyConnection(t, 'records', (m) => {
      m.accounts.writebackNewEntities = true;
      m.accounts.staticValues.push({ salesforceField: 'Site', value: 'Rox', applyOn: 'create' });
    });
  });
  afterAll(() => t.close());

  it('writes Read and Write fields, rejects Read Only and unmapped ones, and reports each per field', async () => {
    const id = account('Acme', { Description: 'kept' });
    const res = await submit(t, conn, [
      {
        type: 'update',
        object: 'Account',
        roxId: 'rox-acme',
        salesforceId: id,
        changedAt: roxNow(),
        fields: { industry: 'Energy', phone: '555-0101', description: 'overwritten?', shoe_size: 12 },
      },
    ]);
    expect(res.status).toBe(202);
    expect(res.json.items[0].state).toBe('queued');
    expect(res.json.items[0].rejected.map((r: { roxField: string; code: string }) => [r.roxField, r.code])).toEqual([
      ['description', 'READ_ONLY'],
      ['shoe_size', 'NOT_MAPPED'],
    ]);
    await drainNow(t, conn);
    expect(t.lo.org.get(id)).toMatchObject({ Industry: 'Energy', Phone: '555-0101', Description: 'kept' });
    const row = (await ledger(t, conn, `&requestId=${res.json.requestId}`)).items[0];
    expect(row).toMatchObject({
      state: 'written',
      salesforceId: id,
      outcome: { written: { Industry: 'Energy', Phone: '555-0101' } },
    });
  });

  it('rejects a change with nothing writable, without queueing it', async () => {
    const res = await submit(t, conn, [
      {
        type: 'update',
        object: 'Account',
        roxId: 'rox-ro',
        salesforceId: account('RO'),
        changedAt: roxNow(),
        fields: { description: 'x' },
      },
    ]);
    expect(res.json.items[0].state).toBe('rejected');
  });

  it('keeps a value Salesforce changed after the Rox change (superseded) and writes the newer Rox change', async () => {
    const id = account('Conflict', { Industry: 'Retail', Phone: '1' });
    await t.lo.org.clock.advance(10);
    t.lo.org.update('Account', id, { Industry: 'Banking' }, t.lo.org.users.admin.id);
    const res = await submit(t, conn, [
      {
        type: 'update',
        object: 'Account',
        roxId: 'rox-c1',
        salesforceId: id,
        changedAt: past(60_000),
        fields: { industry: 'Energy' },
      },
    ]);
    await drainNow(t, conn);
    expect(t.lo.org.get(id)?.Industry).toBe('Banking');
    const row = (await ledger(t, conn, `&requestId=${res.json.requestId}`)).items[0];
    expect(row.state).toBe('superseded');
    expect(row.outcome.superseded).toEqual([
      expect.objectContaining({ field: 'Industry', salesforceValue: 'Banking' }),
    ]);

    const newer = await submit(t, conn, [
      {
        type: 'update',
        object: 'Account',
        roxId: 'rox-c1',
        salesforceId: id,
        changedAt: roxNow(1000),
        fields: { industry: 'Energy' },
      },
    ]);
    await drainNow(t, conn);
    expect(t.lo.org.get(id)?.Industry).toBe('Energy');
    expect((await ledger(t, conn, `&requestId=${newer.json.requestId}`)).items[0].state).toBe('written');
  });

  it('never overwrites a change made in Salesforce between its read and its write (the race)', async () => {
    const id = account('Race', { Phone: 'start' });
    t.lo.org.update('Account', id, { Phone: 'edited by a person' }, t.lo.org.users.admin.id); // a record people are working on
    const res = await submit(t, conn, [
      {
        type: 'update',
        object: 'Account',
        roxId: 'rox-race',
        salesforceId: id,
        changedAt: roxNow(),
        fields: { phone: 'from Rox' },
      },
    ]);
    // The conditional write waits 300 ms at the server; a person saves the record meanwhile.
    t.lo.org.addFault({ kind: 'latency', route: 'composite', latencyMs: 300, count: 1 });
    t.lo.org.resetUsage();
    const draining = t.svc.worker.drain(conn);
    for (let i = 0; i < 100 && !t.lo.org.usage().byRouteMethod['POST composite/sobjects']; i++)
      await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 50));
    await t.lo.org.clock.advance(2000);
    t.lo.org.update('Account', id, { Phone: 'saved during the write' }, t.lo.org.users.admin.id);
    await draining;
    await drainNow(t, conn);
    expect(t.lo.org.get(id)?.Phone).toBe('saved during the write');
    const row = (await ledger(t, conn, `&requestId=${res.json.requestId}`)).items[0];
    expect(row.state).toBe('superseded');
    expect(row.history.map((h: { event: string }) => h.event)).toContain('changed in Salesforce');
    expect(row.outcome.superseded[0]).toMatchObject({ field: 'Phone', salesforceValue: 'saved during the write' });
  });

  it('writes a record people are editing conditionally when nobody changes it meanwhile', async () => {
    const id = account('Hot');
    t.lo.org.update('Account', id, { Phone: 'edited' }, t.lo.org.users.admin.id);
    const res = await submit(t, conn, [
      {
        type: 'update',
        object: 'Account',
        roxId: 'rox-hot',
        salesforceId: id,
        changedAt: roxNow(),
        fields: { phone: 'from Rox' },
      },
    ]);
    await drainNow(t, conn);
    expect(t.lo.org.get(id)?.Phone).toBe('from Rox');
    expect((await ledger(t, conn, `&requestId=${res.json.requestId}`)).items[0]).toMatchObject({
      state: 'written',
      outcome: { conditional: true },
    });
  });

  it('lands 199 of 200 updates when one fails validation, in one read and one update call', async () => {
    t.lo.org.addValidationRule('Account', {
      name: 'No_Bad_Phone',
      errorWhen: (r) => r.Phone === 'bad',
      message: 'Phone cannot be "bad"',
      errorField: 'Phone',
    });
    try {
      const ids = Array.from({ length: 200 }, (_, i) => account(`Bulk ${i}`));
      const now = roxNow();
      const res = await submit(
        t,
        conn,
        ids.map((sid, i) => ({
          type: 'update',
          object: 'Account',
          roxId: `rox-b${i}`,
          salesforceId: sid,
          changedAt: now,
          fields: { phone: i === 57 ? 'bad' : `p${i}` },
        })),
      );
      t.lo.org.resetUsage();
      await drainNow(t, conn);
      expect(t.lo.org.usage().byRouteMethod).toEqual({ 'POST composite/sobjects': 1, 'PATCH composite/sobjects': 1 });
      // Every call names the companion (Sforce-Call-Options), so its own changes can be told apart.
      expect(t.lo.org.usage().byClient).toEqual({ RoxCompanion: 2 });
      const rows = (await ledger(t, conn, `&requestId=${res.json.requestId}`)).items;
      expect(rows.filter((r: { state: string }) => r.state === 'written')).toHaveLength(199);
      const failed = rows.find((r: { state: string }) => r.state === 'failed');
      expect(failed.roxId).toBe('rox-b57');
      expect(failed.outcome.errors[0]).toMatchObject({
        statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
        message: 'Phone cannot be "bad"',
      });
      expect(t.lo.org.get(ids[56])?.Phone).toBe('p56');
      expect(t.lo.org.get(ids[57])?.Phone ?? null).toBeNull();
    } finally {
      t.lo.org.removeValidationRule('Account', 'No_Bad_Phone');
    }
  });

  it('sends a large batch as one Bulk API 2.0 job with per-record results', async () => {
    t.lo.org.addValidationRule('Account', {
      name: 'No_Bulk_Bad',
      errorWhen: (r) => r.Phone === 'bulk-bad',
      message: 'no bulk-bad',
      errorField: 'Phone',
    });
    try {
      const ids = Array.from({ length: 400 }, (_, i) => account(`BulkJob ${i}`));
      const res = await submit(
        t,
        conn,
        ids.map((sid, i) => ({
          type: 'update',
          object: 'Account',
          roxId: `rox-bj${i}`,
          salesforceId: sid,
          changedAt: roxNow(),
          fields: { phone: i === 7 ? 'bulk-bad' : `BJ${i}`, industry: i === 8 ? null : 'Energy' },
        })),
      );
      const worker = new WritebackWorker({
        ...(t.svc.worker as unknown as { d: ConstructorParameters<typeof WritebackWorker>[0] }).d,
        bulkThreshold: 300,
      });
      t.lo.org.resetUsage();
      await worker.drain(conn);
      const usage = t.lo.org.usage();
      // One Collections retrieve reads the 400 records; the Bulk job is create, upload, close, poll, two result files.
      expect(usage.byRouteMethod).toMatchObject({
        'POST composite/sobjects': 1,
        'POST jobs/ingest': 1,
        'PUT jobs/ingest/batches': 1,
        'PATCH jobs/ingest/job': 1,
      });
      expect(usage.total).toBeLessThanOrEqual(8);
      const rows = (await ledger(t, conn, `&requestId=${res.json.requestId}`)).items;
      expect(rows.filter((r: { state: string }) => r.state === 'written')).toHaveLength(399);
      const failed = rows.find((r: { state: string }) => r.state === 'failed');
      expect(failed.roxId).toBe('rox-bj7');
      expect(failed.outcome.errors[0]).toMatchObject({ statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION' });
      expect(t.lo.org.get(ids[9])).toMatchObject({ Phone: 'BJ9', Industry: 'Energy' });
      expect(t.lo.org.get(ids[8])?.Industry ?? null).toBeNull();
    } finally {
      t.lo.org.removeValidationRule('Account', 'No_Bulk_Bad');
    }
  });

  it('retries rows Salesforce could not lock, and refreshes a session that expires mid-run', async () => {
    const ids = [account('Lock A'), account('Lock B')];
    t.lo.org.addFault({ kind: 'lock-row', route: 'composite/sobjects', recordIds: [ids[1]], count: 1 });
    t.lo.org.addFault({ kind: 'session-expired', route: 'composite/sobjects', count: 1 });
    const now = roxNow();
    const res = await submit(
      t,
      conn,
      ids.map((sid, i) => ({
        type: 'update',
        object: 'Account',
        roxId: `rox-l${i}`,
        salesforceId: sid,
        changedAt: now,
        fields: { phone: `L${i}` },
      })),
    );
    await drainNow(t, conn);
    t.lo.org.clearFaults();
    expect(ids.map((i) => t.lo.org.get(i)?.Phone)).toEqual(['L0', 'L1']);
    const rows = (await ledger(t, conn, `&requestId=${res.json.requestId}`)).items;
    const locked = rows.find((r: { roxId: string }) => r.roxId === 'rox-l1');
    expect(locked.state).toBe('written');
    expect(locked.history.map((h: { event: string; detail?: string }) => h.event)).toContain('retry');
    expect(JSON.stringify(locked.history)).toContain('UNABLE_TO_LOCK_ROW');
  });

  it('waits at REQUEST_LIMIT_EXCEEDED and sends once the limit allows', async () => {
    const id = account('Limit');
    t.lo.org.addFault({ kind: 'request-limit', route: 'composite/sobjects', method: 'POST', count: 1 });
    const res = await submit(t, conn, [
      {
        type: 'update',
        object: 'Account',
        roxId: 'rox-lim',
        salesforceId: id,
        changedAt: roxNow(),
        fields: { phone: 'LIM' },
      },
    ]);
    await t.svc.worker.drain(conn);
    const waiting = (await ledger(t, conn, `&requestId=${res.json.requestId}`)).items[0];
    expect(waiting.state).toBe('queued');
    expect(JSON.stringify(waiting.history)).toContain('request limit');
    expect(t.lo.org.get(id)?.Phone ?? null).toBeNull();
    (t.svc.worker as unknown as { pausedUntil: Map<string, number> }).pausedUntil.clear();
    await drainNow(t, conn);
    expect(t.lo.org.get(id)?.Phone).toBe('LIM');
  });

  it('slows down near the daily API limit reported by Sforce-Limit-Info, and resumes below it', async () => {
    const id = account('Near limit');
    t.lo.org.setApiLimit(15000, 14900);
    await t.api('POST', `/v1/connections/${conn}/verify`); // a call that reports usage 14901/15000
    const res = await submit(t, conn, [
      {
        type: 'update',
        object: 'Account',
        roxId: 'rox-near',
        salesforceId: id,
        changedAt: roxNow(),
        fields: { phone: 'NEAR' },
      },
    ]);
    t.lo.org.resetUsage();
    await t.svc.worker.drain(conn);
    expect(t.lo.org.usage().total).toBe(0);
    expect((await ledger(t, conn, `&requestId=${res.json.requestId}`)).items[0].state).toBe('queued');
    t.lo.org.setApiLimit(15000, 0);
    await t.api('POST', `/v1/connections/${conn}/verify`);
    (t.svc.worker as unknown as { pausedUntil: Map<string, number> }).pausedUntil.clear();
    await drainNow(t, conn);
    expect(t.lo.org.get(id)?.Phone).toBe('NEAR');
  });

  it('creates a record once with its ID mapping and static values; a resend does not duplicate it', async () => {
    const item = {
      type: 'create',
      object: 'Account',
      roxId: 'rox-new-1',
      changedAt: roxNow(),
      fields: { name: 'Created By Rox', industry: 'Energy' },
    };
    const first = await submit(t, conn, [item]);
    await drainNow(t, conn);
    const row = (await ledger(t, conn, `&requestId=${first.json.requestId}`)).items[0];
    expect(row).toMatchObject({ state: 'written', outcome: { created: true } });
    expect(t.lo.org.get(row.salesforceId)).toMatchObject({ Name: 'Created By Rox', Industry: 'Energy', Site: 'Rox' });
    const mapping = t.lo.org.query(
      owner(),
      `SELECT ${SF.idMapping.salesforceRecordId} FROM ${SF.idMapping.object} WHERE ${SF.idMapping.roxEntityId} = 'rox-new-1'`,
    );
    expect(mapping).toEqual([expect.objectContaining({ [SF.idMapping.salesforceRecordId]: row.salesforceId })]);

    await t.testDb.db.query('DELETE FROM id_mappings WHERE connection_id = $1', [conn]); // as if the companion crashed before recording it
    const again = await submit(t, conn, [item]);
    await drainNow(t, conn);
    const second = (await ledger(t, conn, `&requestId=${again.json.requestId}`)).items[0];
    expect(second).toMatchObject({
      state: 'written',
      salesforceId: row.salesforceId,
      outcome: { alreadyCreated: true },
    });
    expect(t.lo.org.query(owner(), "SELECT Id FROM Account WHERE Name = 'Created By Rox'")).toHaveLength(1);
  });

  it('fails only the bad record of a create batch; the others land', async () => {
    const items = ['ok-1', 'bad', 'ok-2'].map((n) => ({
      type: 'create',
      object: 'Account',
      roxId: `rox-cb-${n}`,
      changedAt: roxNow(),
      fields: n === 'bad' ? { name: null } : { name: `Batch ${n}` },
    }));
    const res = await submit(t, conn, items);
    await drainNow(t, conn);
    const rows = (await ledger(t, conn, `&requestId=${res.json.requestId}`)).items;
    expect(rows.map((r: { roxId: string; state: string }) => [r.roxId, r.state])).toEqual([
      ['rox-cb-ok-1', 'written'],
      ['rox-cb-bad', 'failed'],
      ['rox-cb-ok-2', 'written'],
    ]);
    expect(rows[1].outcome.errors[0].statusCode).toBe('REQUIRED_FIELD_MISSING');
  });

  it('keeps the order of two changes to one record', async () => {
    const id = account('Order');
    const t0 = Math.max(t.lo.org.clock.nowMs(), t.lo.org.clock.lastWriteMs) + 1000;
    const res = await submit(t, conn, [
      {
        type: 'update',
        object: 'Account',
        roxId: 'rox-ord',
        salesforceId: id,
        changedAt: new Date(t0).toISOString(),
        fields: { phone: 'first' },
      },
      {
        type: 'update',
        object: 'Account',
        roxId: 'rox-ord',
        salesforceId: id,
        changedAt: new Date(t0 + 1).toISOString(),
        fields: { phone: 'second' },
      },
    ]);
    await drainNow(t, conn);
    expect(t.lo.org.get(id)?.Phone).toBe('second');
    const rows = (await ledger(t, conn, `&requestId=${res.json.requestId}`)).items;
    expect(rows.map((r: { state: string }) => r.state)).toEqual(['written', 'written']);
  });

  it('previews with dryRun and writes nothing; an idempotency key returns the first writeback', async () => {
    const id = account('Dry');
    const item = {
      type: 'update',
      object: 'Account',
      roxId: 'rox-dry',
      salesforceId: id,
      changedAt: roxNow(),
      fields: { phone: 'DRY', description: 'no' },
    };
    const dry = await submit(t, conn, [item], { dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.json.items[0]).toMatchObject({
      wouldQueue: true,
      salesforceId: id,
      fields: { Phone: 'DRY' },
      rejected: [expect.objectContaining({ roxField: 'description' })],
    });
    expect((await ledger(t, conn, '&state=queued')).items).toHaveLength(0);
    const a = await submit(t, conn, [{ ...item, idempotencyKey: 'k-1' }]);
    const b = await submit(t, conn, [{ ...item, idempotencyKey: 'k-1' }]);
    expect(b.json.items[0].id).toBe(a.json.items[0].id);
  });

  it('waits while the token is revoked and resumes after re-authentication with nothing lost', async () => {
    const created = await t.api('POST', '/v1/connections', { body: { authMethod: 'oauth', name: 'revoked-wb' } });
    await completeOAuthInBrowser(t, created.json.authorizeUrl);
    const oc = created.json.connection.id;
    await t.api('PUT', `/v1/connections/${oc}/mappings`, {
      body: (await t.api('GET', `/v1/connections/${oc}/mappings`)).json.config,
    });
    const ids = [account('Rev A'), account('Rev B')];
    t.lo.org.revokeRefreshToken((await t.svc.connectionStore.secrets(oc)).refreshToken!);
    t.lo.org.expireSessions();
    const res = await submit(
      t,
      oc,
      ids.map((sid, i) => ({
        type: 'update',
        object: 'Account',
        roxId: `rox-r${i}`,
        salesforceId: sid,
        changedAt: roxNow(),
        fields: { phone: `R${i}` },
      })),
    );
    await t.svc.worker.drain(oc);
    expect((await t.api('GET', `/v1/connections/${oc}`)).json.state).toBe('Action Required');
    expect(
      (await ledger(t, oc, `&requestId=${res.json.requestId}`)).items.map((r: { state: string }) => r.state),
    ).toEqual(['queued', 'queued']);
    const re = await t.api('POST', `/v1/connections/${oc}/reauthorize`, { body: {} });
    await completeOAuthInBrowser(t, re.json.authorizeUrl);
    await drainNow(t, oc);
    expect(ids.map((i) => t.lo.org.get(i)?.Phone)).toEqual(['R0', 'R1']);
  });

  it('replays a failed writeback after the cause is fixed', async () => {
    t.lo.org.addValidationRule('Account', {
      name: 'No_X',
      errorWhen: (r) => r.Phone === 'X',
      message: 'no X',
      errorField: 'Phone',
    });
    const id = account('Replay');
    const res = await submit(t, conn, [
      {
        type: 'update',
        object: 'Account',
        roxId: 'rox-rp',
        salesforceId: id,
        changedAt: roxNow(),
        fields: { phone: 'X' },
      },
    ]);
    await drainNow(t, conn);
    const wid = res.json.items[0].id;
    expect((await t.api('GET', `/v1/connections/${conn}/writebacks/${wid}`)).json.state).toBe('failed');
    t.lo.org.removeValidationRule('Account', 'No_X');
    expect((await t.api('POST', `/v1/connections/${conn}/writebacks/${wid}/replay`)).json.state).toBe('queued');
    await drainNow(t, conn);
    expect(t.lo.org.get(id)?.Phone).toBe('X');
    expect((await t.api('POST', `/v1/connections/${conn}/writebacks/${wid}/replay`)).status).toBe(409);
  });
});
