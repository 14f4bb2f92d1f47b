/**
 * Connect flows, state and recovery, on both store engines, over loopback against the local org:
 * OAuth web-server with PKCE, JWT bearer, refresh on 401, a revoked refresh token → Action
 * Required → re-authentication → Ready, tokens encrypted in the store and absent from every log
 * line, disconnect purging every row.
 */
import { ENGINES } from '../support/engines.js';
import { completeOAuthInBrowser, startCompanion, type TestCompanion } from '../support/companion.js';

describe.each(ENGINES)('connections on %s', (engine) => {
  let t: TestCompanion;
  beforeAll(async () => {
    t = await startCompanion(engine);
  });
  afterAll(() => t.close());

  async function connectOAuth(name: string) {
    const created = await t.api('POST', '/v1/connections', { body: { authMethod: 'oauth', name } });
    expect(created.status).toBe(201);
    expect(created.json.connection.state).toBe('Pending');
    const authorize = new URL(created.json.authorizeUrl);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${t.url}/oauth/callback`);
    const cb = await completeOAuthInBrowser(t, created.json.authorizeUrl);
    expect(cb.status).toBe(200);
    expect(cb.text).toContain('Connected');
    return created.json.connection.id as string;
  }

  it('connects through the OAuth web-server flow with PKCE and reports Ready with the user and org', async () => {
    const id = await connectOAuth('oauth-org');
    const status = await t.api('GET', `/v1/connections/${id}`);
    expect(status.json).toMatchObject({
      state: 'Ready',
      stateCode: 'ready',
      cause: null,
      authMethod: 'oauth',
      connectedAs: { userId: t.lo.org.users.integration.id, username: t.lo.org.users.integration.username },
      orgId: t.lo.org.orgId,
      instanceUrl: t.lo.instanceUrl,
    });
    expect(status.json.apiUsage).toMatchObject({ used: expect.any(Number), max: 15000 });
  });

  it('refuses a callback whose state was already used or never issued', async () => {
    const created = await t.api('POST', '/v1/connections', { body: { authMethod: 'oauth', name: 'replayed-state' } });
    const first = await fetch(created.json.authorizeUrl, { redirect: 'manual' });
    const callback = first.headers.get('location')!;
    expect((await fetch(callback)).status).toBe(200);
    const again = await fetch(callback);
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('expired or was already used');
    const forged = await fetch(`${t.url}/oauth/callback?state=forged&code=x`);
    expect(forged.status).toBe(400);
  });

  it('connects with the JWT bearer flow', async () => {
    const res = await t.api('POST', '/v1/connections', {
      body: {
        authMethod: 'jwt',
        name: 'jwt-org',
        username: t.lo.org.users.integration.username,
        privateKey: t.lo.org.jwtKeys().privateKeyPem,
      },
    });
    expect(res.status).toBe(201);
    expect(res.json.connection).toMatchObject({ state: 'Ready', authMethod: 'jwt', orgId: t.lo.org.orgId });
  });

  it('reports a JWT login Salesforce refuses as a clear error and stores nothing', async () => {
    const before = (await t.api('GET', '/v1/connections')).json.connections.length;
    const res = await t.api('POST', '/v1/connections', {
      body: {
        authMethod: 'jwt',
        name: 'jwt-bad-user',
        username: t.lo.org.users.integrationApiOnly.username,
        privateKey: t.lo.org.jwtKeys().privateKeyPem,
      },
    });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('OAUTH_FAILED');
    expect(res.json.error.message).toContain('invalid_grant');
    expect(res.json.error.message).toContain('not allowed to use the connected app');
    expect((await t.api('GET', '/v1/connections')).json.connections.length).toBe(before);
  });

  it('refreshes an expired session on 401 and stores the new token encrypted', async () => {
    const id = await connectOAuth('refresh-org');
    const before = await t.svc.connectionStore.secrets(id);
    t.lo.org.expireSessions();
    const verified = await t.api('POST', `/v1/connections/${id}/verify`);
    expect(verified.json.state).toBe('Ready');
    const after = await t.svc.connectionStore.secrets(id);
    expect(after.accessToken).toBeDefined();
    expect(after.accessToken).not.toBe(before.accessToken);
    const [row] = await t.testDb.db.query<{ access_token_enc: string }>(
      'SELECT access_token_enc FROM connections WHERE id = $1',
      [id],
    );
    expect(row.access_token_enc).toMatch(/^v1:/);
    expect(row.access_token_enc).not.toContain(after.accessToken!);
  });

  it('saves a rotated refresh token and keeps refreshing with it', async () => {
    const id = await connectOAuth('rotating-org');
    const app = t.lo.org.apps[0];
    app.rotateRefreshTokens = true;
    try {
      const first = await t.svc.connectionStore.secrets(id);
      t.lo.org.expireSessions();
      expect((await t.api('POST', `/v1/connections/${id}/verify`)).json.state).toBe('Ready');
      const second = await t.svc.connectionStore.secrets(id);
      expect(second.refreshToken).toBeDefined();
      expect(second.refreshToken).not.toBe(first.refreshToken);
      t.lo.org.expireSessions();
      expect((await t.api('POST', `/v1/connections/${id}/verify`)).json.state).toBe('Ready');
      expect((await t.svc.connectionStore.secrets(id)).refreshToken).not.toBe(second.refreshToken);
    } finally {
      app.rotateRefreshTokens = false;
    }
  });

  it('moves to Action Required when the refresh token is revoked, then resumes after re-authentication', async () => {
    const id = await connectOAuth('revoked-org');
    const secrets = await t.svc.connectionStore.secrets(id);
    t.lo.org.revokeRefreshToken(secrets.refreshToken!);
    t.lo.org.expireSessions();
    const verified = await t.api('POST', `/v1/connections/${id}/verify`);
    expect(verified.json).toMatchObject({ state: 'Action Required', causeCode: 'REAUTH_REQUIRED' });
    expect(verified.json.cause).toContain('Log in again to resume');
    await expect(t.svc.connections.client(id)).rejects.toMatchObject({ code: 'RECONNECT_REQUIRED' });

    const re = await t.api('POST', `/v1/connections/${id}/reauthorize`, { body: {} });
    expect(re.status).toBe(200);
    expect((await completeOAuthInBrowser(t, re.json.authorizeUrl)).status).toBe(200);
    const status = await t.api('GET', `/v1/connections/${id}`);
    expect(status.json.state).toBe('Ready');
    const client = await t.svc.connections.client(id);
    expect((await client.identity()).userId).toBe(t.lo.org.users.integration.id);
    expect(status.json.recentEvents.map((e: { kind: string }) => e.kind)).toEqual(
      expect.arrayContaining(['state:action_required', 'state:ready']),
    );
  });

  it('refuses a re-authentication that logs into a different org', async () => {
    const id = await connectOAuth('wrong-org');
    await t.testDb.db.query("UPDATE connections SET org_id = '00D000000000001AAA' WHERE id = $1", [id]);
    const re = await t.api('POST', `/v1/connections/${id}/reauthorize`, { body: {} });
    const cb = await completeOAuthInBrowser(t, re.json.authorizeUrl);
    expect(cb.status).toBe(400);
    expect(cb.text).toContain('belongs to org 00D000000000001AAA');
    expect((await t.api('GET', `/v1/connections/${id}`)).json.causeCode).toBe('WRONG_ORG');
  });

  it('keeps tokens encrypted at rest and out of every log line', async () => {
    const id = await connectOAuth('secret-org');
    const secrets = await t.svc.connectionStore.secrets(id);
    const [row] = await t.testDb.db.query<Record<string, string>>('SELECT * FROM connections WHERE id = $1', [id]);
    expect(row.access_token_enc).toMatch(/^v1:/);
    expect(row.refresh_token_enc).toMatch(/^v1:/);
    const dump = JSON.stringify(await t.testDb.db.query('SELECT * FROM connections'));
    expect(dump).not.toContain(secrets.accessToken!);
    expect(dump).not.toContain(secrets.refreshToken!);
    const logText = t.logs.join('');
    expect(logText.length).toBeGreaterThan(0);
    expect(logText).not.toContain(secrets.accessToken!);
    expect(logText).not.toContain(secrets.refreshToken!);
    expect(logText).not.toContain(t.adminKey);
    expect(logText).not.toContain(t.lo.org.apps[0].clientSecret);
  });

  it('disconnect revokes, deletes the tokens and every row of the connection, and reports the counts', async () => {
    const id = await connectOAuth('purge-org');
    await t.api('POST', `/v1/connections/${id}/keys`, { body: { name: 'k1' } });
    const other = await connectOAuth('keep-org');

    // A dry run counts what the disconnect would delete and changes nothing: not the store, not the token.
    const everything = async () => {
      const tables = await t.testDb.db.query<{ table_name: string }>(
        `SELECT DISTINCT table_name FROM information_schema.columns
         WHERE table_schema = current_schema() AND column_name = 'connection_id' ORDER BY table_name`,
      );
      const out: Record<string, string> = {};
      for (const { table_name } of [...tables, { table_name: 'connections' }])
        out[table_name] = JSON.stringify(await t.testDb.db.query(`SELECT * FROM "${table_name}" ORDER BY 1`));
      return out;
    };
    const before = await everything();
    const preview = await t.api('DELETE', `/v1/connections/${id}?dryRun=true`);
    expect(preview.status).toBe(200);
    expect(preview.json).toMatchObject({ revoked: false, dryRun: true });
    expect(preview.json.deleted).toMatchObject({ connections: 1, api_keys: 1 });
    expect(await everything()).toEqual(before);
    for (const bad of ['yes', '1', '', 'TRUE'])
      expect((await t.api('DELETE', `/v1/connections/${id}?dryRun=${bad}`)).json.error).toMatchObject({
        code: 'VALIDATION_FAILED',
        message: expect.stringContaining('dryRun must be true or false'),
      });
    const twice = await t.api('DELETE', `/v1/connections/${id}?dryRun=true&dryRun=false`);
    expect(twice.status).toBe(400);
    expect(twice.json.error.message).toContain('dryRun must be given once');
    // A misspelt switch must not delete: unknown parameters are refused, by name.
    for (const odd of ['dryRun[x]=true', 'dryrun=true', 'dry_run=true']) {
      const res = await t.api('DELETE', `/v1/connections/${id}?${odd}`);
      expect(res.status).toBe(400);
      expect(res.json.error.message).toMatch(
        /query parameter \S+ is not a parameter of this route \(it takes dryRun\)/,
      );
    }
    expect(await everything()).toEqual(before);
    // Not revoked: Salesforce still takes the connection's token.
    expect((await t.api('POST', `/v1/connections/${id}/verify`)).json.state).toBe('Ready');
    const nobody = await t.api('DELETE', `/v1/connections/00000000-0000-4000-8000-000000000000?dryRun=true`);
    expect(nobody.status).toBe(404);

    const res = await t.api('DELETE', `/v1/connections/${id}`);
    expect(res.status).toBe(200);
    expect(res.json.revoked).toBe(true);
    expect(res.json.dryRun).toBeUndefined();
    // The verify call above added an event; otherwise the dry run counted exactly what went.
    const expected = { ...preview.json.deleted };
    expected.connection_events = res.json.deleted.connection_events;
    expect(res.json.deleted).toEqual(expected);
    expect(res.json.deleted.connection_events).toBeGreaterThanOrEqual(preview.json.deleted.connection_events);
    expect(res.json.deleted).toMatchObject({ connections: 1, api_keys: 1, connection_events: expect.any(Number) });
    expect(res.json.deleted.connection_events).toBeGreaterThan(0);
    expect((await t.api('GET', `/v1/connections/${id}`)).status).toBe(404);
    for (const table of ['api_keys', 'connection_events', 'oauth_flows', 'crm_mappings']) {
      const rows = await t.testDb.db.query(`SELECT 1 FROM ${table} WHERE connection_id = $1`, [id]);
      expect(rows).toHaveLength(0);
    }
    expect((await t.api('GET', `/v1/connections/${other}`)).json.state).toBe('Ready');
  });
});
