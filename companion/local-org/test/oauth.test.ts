/**
 * OAuth 2.0 against jsforce (facts §C): refresh on 401 with the 'refresh' event, invalid_grant after
 * revocation (jsforce's "Unable to refresh session due to: …"), token body shape and signature,
 * rotation, JWT bearer success and each failure, PKCE authorization code flow, revoke, identity.
 */
import { createHmac, generateKeyPairSync, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Connection, OAuth2 } from 'jsforce';
import type { RunningLocalOrg } from '../src/index.js';
import { VERSION, connect, connectWithRefresh, raw, rejection, startOrg } from './helpers.js';

const JWT_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
let lo: RunningLocalOrg;
let foreignKeyPem: string;

beforeAll(async () => {
  lo = await startOrg({ crmSeed: false });
  foreignKeyPem = generateKeyPairSync('rsa', { modulusLength: 2048 })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();
});
afterAll(() => lo.close());

function b64url(buf: Buffer | string): string {
  return Buffer.from(buf).toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function makeJwt(claims: Record<string, unknown>, privateKeyPem = lo.org.jwtKeys().privateKeyPem): string {
  const head = b64url(JSON.stringify({ alg: 'RS256' }));
  const body = b64url(JSON.stringify(claims));
  return `${head}.${body}.${b64url(sign('RSA-SHA256', Buffer.from(`${head}.${body}`), privateKeyPem))}`;
}

function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    iss: lo.org.apps[0].clientId,
    sub: lo.org.users.integration.username,
    aud: 'https://login.salesforce.com',
    exp: Math.floor(Date.now() / 1000) + 180,
    ...overrides,
  };
}

function tokenPost(form: Record<string, string>) {
  return raw(lo, 'POST', '/services/oauth2/token', {
    body: new URLSearchParams(form).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
}

describe('session expiry and refresh', () => {
  it('a missing or unknown bearer token: 401 [{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]', async () => {
    const res = await raw(lo, 'GET', `/services/data/v${VERSION}/sobjects`, { token: 'garbage' });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    expect(res.json).toEqual([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    const bare = new Connection({ instanceUrl: lo.instanceUrl, accessToken: 'garbage', version: VERSION });
    const err = await rejection(bare.query('SELECT Id FROM Account'));
    expect(err.name).toBe('INVALID_SESSION_ID');
    expect(err.errorCode).toBe('INVALID_SESSION_ID');
  });

  it('after a 401 jsforce refreshes once through the token endpoint, emits refresh and retries', async () => {
    const { conn } = connectWithRefresh(lo);
    const oldToken = conn.accessToken;
    const refreshed: string[] = [];
    conn.on('refresh', (token: string) => refreshed.push(token));
    lo.org.expireSessions(lo.org.users.integration.id);
    const res = await conn.query('SELECT COUNT() FROM Lead');
    expect(res.totalSize).toBe(0);
    expect(refreshed).toHaveLength(1);
    expect(conn.accessToken).toBe(refreshed[0]);
    expect(conn.accessToken).not.toBe(oldToken);
  });

  it('an access token expires after its TTL', async () => {
    const local = await startOrg({
      crmSeed: false,
      accessTokenTtlMs: 60_000,
      clock: { start: '2026-03-01T00:00:00Z', frozen: true },
    });
    try {
      const conn = connect(local);
      await expect(conn.query('SELECT COUNT() FROM Account')).resolves.toBeDefined();
      local.org.clock.advance(60_001);
      const err = await rejection(conn.query('SELECT COUNT() FROM Account'));
      expect(err.errorCode).toBe('INVALID_SESSION_ID');
    } finally {
      await local.close();
    }
  });

  it('after revocation the refresh fails: invalid_grant "expired access/refresh token" → "Unable to refresh session due to: expired access/refresh token"', async () => {
    const { conn, refreshToken } = connectWithRefresh(lo);
    const res = await raw(lo, 'POST', '/services/oauth2/revoke', {
      body: `token=${encodeURIComponent(refreshToken)}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(200);
    const direct = await tokenPost({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: lo.org.apps[0].clientId,
    });
    expect(direct.status).toBe(400);
    expect(direct.json).toEqual({ error: 'invalid_grant', error_description: 'expired access/refresh token' });
    const err = await rejection(conn.query('SELECT Id FROM Account'));
    expect(err.message).toBe('Unable to refresh session due to: expired access/refresh token');
  });

  it("the token body has Salesforce's shape; issued_at is epoch ms as a string; signature is HMAC-SHA256(id + issued_at) with the secret", async () => {
    const s = lo.org.issueSession(lo.org.users.integration.username);
    const app = lo.org.apps[0];
    const res = await tokenPost({
      grant_type: 'refresh_token',
      refresh_token: s.refreshToken,
      client_id: app.clientId,
      client_secret: app.clientSecret!,
    });
    expect(res.status).toBe(200);
    const body = res.json as Record<string, string>;
    expect(Object.keys(body).sort()).toEqual([
      'access_token',
      'id',
      'instance_url',
      'issued_at',
      'scope',
      'signature',
      'token_type',
    ]);
    expect(body.token_type).toBe('Bearer');
    expect(body.instance_url).toBe(lo.instanceUrl);
    expect(body.id).toBe(`${lo.url}/id/${lo.org.orgId}/${lo.org.users.integration.id}`);
    expect(body.issued_at).toMatch(/^\d{13}$/);
    expect(body.access_token.startsWith(`${lo.org.orgId.slice(0, 15)}!`)).toBe(true);
    expect(body.signature).toBe(
      createHmac('sha256', app.clientSecret!)
        .update(body.id + body.issued_at)
        .digest('base64'),
    );
  });

  it('token endpoint errors: invalid_client_id, invalid_client, unsupported_grant_type', async () => {
    const s = lo.org.issueSession(lo.org.users.integration.username);
    expect(
      (await tokenPost({ grant_type: 'refresh_token', refresh_token: s.refreshToken, client_id: 'nope' })).json,
    ).toEqual({ error: 'invalid_client_id', error_description: 'client identifier invalid' });
    expect(
      (
        await tokenPost({
          grant_type: 'refresh_token',
          refresh_token: s.refreshToken,
          client_id: lo.org.apps[0].clientId,
          client_secret: 'wrong',
        })
      ).json,
    ).toEqual({
      error: 'invalid_client',
      error_description: 'invalid client credentials',
    });
    const bad = await tokenPost({ grant_type: 'password', username: 'x', password: 'y' });
    expect(bad.status).toBe(400);
    expect((bad.json as { error: string }).error).toBe('unsupported_grant_type');
  });

  it('with refresh-token rotation each refresh returns a new refresh_token and the old one stops working', async () => {
    const rot = await startOrg({
      crmSeed: false,
      connectedApps: [
        {
          name: 'Rox',
          clientId: 'rot-client',
          clientSecret: 's3cret',
          rotateRefreshTokens: true,
          adminApprovedUsersOnly: true,
        },
      ],
    });
    try {
      const s = rot.org.issueSession(rot.org.users.integration.username, 'rot-client');
      const post = (token: string) =>
        raw(rot, 'POST', '/services/oauth2/token', {
          body: new URLSearchParams({
            grant_type: 'refresh_token',
            refresh_token: token,
            client_id: 'rot-client',
          }).toString(),
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        });
      const first = (await post(s.refreshToken)).json as Record<string, string>;
      expect(first.refresh_token).toBeDefined();
      expect(first.refresh_token).not.toBe(s.refreshToken);
      expect(((await post(s.refreshToken)).json as Record<string, string>).error).toBe('invalid_grant');
      expect(((await post(first.refresh_token)).json as Record<string, string>).access_token).toBeDefined();
    } finally {
      await rot.close();
    }
  });
});

describe('JWT bearer flow', () => {
  function jwtConnection(): Connection {
    return new Connection({
      oauth2: { clientId: lo.org.apps[0].clientId, loginUrl: lo.loginUrl, tokenServiceUrl: lo.tokenUrl },
      version: VERSION,
    });
  }

  it('succeeds for a pre-authorised user: access token, no refresh token', async () => {
    const conn = jwtConnection();
    const info = await conn.authorize({ grant_type: JWT_GRANT, assertion: makeJwt(claims()) });
    expect(info.id).toBe(lo.org.users.integration.id);
    expect(info.organizationId).toBe(lo.org.orgId);
    expect(conn.refreshToken).toBeUndefined();
    expect(conn.instanceUrl).toBe(lo.instanceUrl);
    expect((await conn.query('SELECT COUNT() FROM Account')).totalSize).toBe(0);
    const res = await tokenPost({ grant_type: JWT_GRANT, assertion: makeJwt(claims()) });
    expect(res.json).not.toHaveProperty('refresh_token');
  });

  it('verifies assertions against an X.509 certificate configured on the connected app', async () => {
    const dir = join(__dirname, 'fixtures');
    const certificate = readFileSync(join(dir, 'jwt-test.crt'), 'utf8');
    const key = readFileSync(join(dir, 'jwt-test.key'), 'utf8');
    expect(certificate).toContain('-----BEGIN CERTIFICATE-----');
    const app = { ...lo.org.apps[0], name: 'Cert app', clientId: '3MVG9CertApp', jwtCertificate: certificate };
    const certOrg = await startOrg({ crmSeed: false, connectedApps: [app] });
    try {
      const conn = new Connection({
        oauth2: { clientId: app.clientId, loginUrl: certOrg.loginUrl, tokenServiceUrl: certOrg.tokenUrl },
        version: VERSION,
      });
      const assertion = (privateKey: string) =>
        makeJwt(claims({ iss: app.clientId, sub: certOrg.org.users.integration.username }), privateKey);
      const info = await conn.authorize({ grant_type: JWT_GRANT, assertion: assertion(key) });
      expect(info.id).toBe(certOrg.org.users.integration.id);
      const err = await rejection(conn.authorize({ grant_type: JWT_GRANT, assertion: assertion(foreignKeyPem) }));
      expect(err.message).toContain('invalid assertion');
    } finally {
      await certOrg.close();
    }
  });

  it("accepts the org's own URL as audience", async () => {
    const res = await tokenPost({ grant_type: JWT_GRANT, assertion: makeJwt(claims({ aud: lo.loginUrl })) });
    expect(res.status).toBe(200);
  });

  it.each([
    ['a signature from another key', () => makeJwt(claims(), foreignKeyPem), 'invalid assertion'],
    ['a wrong audience', () => makeJwt(claims({ aud: 'https://evil.example.com' })), 'audience is invalid'],
    [
      'an expired assertion',
      () => makeJwt(claims({ exp: Math.floor(Date.now() / 1000) - 10 })),
      'expired authorization code',
    ],
    [
      'an unknown username (UNCONFIRMED text)',
      () => makeJwt(claims({ sub: 'nobody@example.com' })),
      "user hasn't approved this consumer",
    ],
    [
      'a user whose profile is not pre-authorised for the app',
      () => makeJwt(claims({ sub: lo.org.users.integrationApiOnly.username })),
      "user hasn't approved this consumer",
    ],
    [
      'an inactive user (UNCONFIRMED text)',
      () => makeJwt(claims({ sub: lo.org.users.inactive.username })),
      "user hasn't approved this consumer",
    ],
    ['not a JWT at all', () => 'not.a.jwt', 'invalid assertion'],
  ])('fails with invalid_grant for %s', async (_name, assertion, description) => {
    const res = await tokenPost({ grant_type: JWT_GRANT, assertion: assertion() });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ error: 'invalid_grant', error_description: description });
    const err = await rejection(jwtConnection().authorize({ grant_type: JWT_GRANT, assertion: assertion() }));
    expect(err.name).toBe('invalid_grant');
    expect(err.message).toBe(description);
  });

  it('an unknown issuer (consumer key): invalid_client_id', async () => {
    const res = await tokenPost({ grant_type: JWT_GRANT, assertion: makeJwt(claims({ iss: 'who' })) });
    expect(res.json).toEqual({ error: 'invalid_client_id', error_description: 'client identifier invalid' });
  });
});

describe('authorization code with PKCE', () => {
  const redirectUri = 'http://localhost:8080/oauth/callback';

  function oauth2(): OAuth2 {
    return new OAuth2({ clientId: lo.org.apps[0].clientId, redirectUri, loginUrl: lo.loginUrl, useVerifier: true });
  }

  async function authorize(o: OAuth2, state: string): Promise<URL> {
    const res = await fetch(o.getAuthorizationUrl({ state }), { redirect: 'manual' });
    expect(res.status).toBe(302);
    return new URL(res.headers.get('location')!);
  }

  it('authorize redirects with code and state; jsforce exchanges the code with its verifier and gets a refresh token', async () => {
    const o = oauth2();
    const back = await authorize(o, 'st-1');
    expect(`${back.origin}${back.pathname}`).toBe(redirectUri);
    expect(back.searchParams.get('state')).toBe('st-1');
    const code = back.searchParams.get('code')!;
    const conn = new Connection({ oauth2: o, version: VERSION });
    const info = await conn.authorize(code);
    expect(info.id).toBe(lo.org.users.integration.id);
    expect(conn.refreshToken).toEqual(expect.any(String));
    expect((await conn.query('SELECT COUNT() FROM Contact')).totalSize).toBe(0);
  });

  it('a wrong code_verifier: invalid_grant "invalid code verifier"; a reused code: "expired authorization code"', async () => {
    const o = oauth2();
    const code = (await authorize(o, 'st-2')).searchParams.get('code')!;
    const wrong = await tokenPost({
      grant_type: 'authorization_code',
      code,
      client_id: lo.org.apps[0].clientId,
      redirect_uri: redirectUri,
      code_verifier: 'not-the-verifier',
    });
    expect(wrong.json).toEqual({ error: 'invalid_grant', error_description: 'invalid code verifier' });
    const reused = await tokenPost({
      grant_type: 'authorization_code',
      code,
      client_id: lo.org.apps[0].clientId,
      redirect_uri: redirectUri,
      code_verifier: o.codeVerifier!,
    });
    expect(reused.json).toEqual({ error: 'invalid_grant', error_description: 'expired authorization code' });
  });

  it('an unknown code: invalid_grant', async () => {
    const res = await tokenPost({
      grant_type: 'authorization_code',
      code: 'nope',
      client_id: lo.org.apps[0].clientId,
      redirect_uri: redirectUri,
      code_verifier: 'x',
    });
    expect((res.json as { error: string }).error).toBe('invalid_grant');
  });
});

describe('identity', () => {
  it('the identity URL answers with ?format=json&oauth_token= as jsforce calls it, and userinfo with a bearer token', async () => {
    const s = lo.org.issueSession(lo.org.users.integration.username);
    const res = await raw(
      lo,
      'GET',
      `/id/${lo.org.orgId}/${s.userId}?format=json&oauth_token=${encodeURIComponent(s.accessToken)}`,
    );
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      user_id: s.userId,
      organization_id: lo.org.orgId,
      username: lo.org.users.integration.username,
      active: true,
    });
    const ui = await raw(lo, 'GET', '/services/oauth2/userinfo', { token: s.accessToken });
    expect(ui.json).toMatchObject({ user_id: s.userId, preferred_username: lo.org.users.integration.username });
    const bad = await raw(lo, 'GET', '/services/oauth2/userinfo', { token: 'bad' });
    expect(bad.status).toBe(403);
  });
});
