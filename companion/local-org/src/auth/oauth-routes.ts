/**
 * OAuth 2.0 and identity endpoints (facts §C): token (refresh_token, JWT bearer, authorization
 * code with PKCE), authorize (auto-approves as a configured user and redirects with the code),
 * revoke, userinfo and the identity URL. Bodies and error texts are Salesforce's; these calls are
 * not counted against the API allocation.
 */
import express, { type Request, type Response, Router } from 'express';
import type { LocalOrg } from '../org.js';
import type { StoredRecord } from '../schema-types.js';
import { sendHtml503, sendJson } from '../http/responses.js';
import { bearerToken } from '../http/rest-app.js';
import { JwtError, checkJwtClaims, decodeJwt, verifyJwtSignature } from './jwt.js';
import { identity, userinfoBody } from './identity.js';
import { type ConnectedAppConfig, pkceChallenge } from './token-service.js';

const JWT_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

class OAuthError extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
    readonly status = 400,
  ) {
    super(description);
  }
}

const invalidGrant = (d: string) => new OAuthError('invalid_grant', d);
const EXPIRED_TOKEN = 'expired access/refresh token';

function appById(org: LocalOrg, clientId: unknown): ConnectedAppConfig {
  const app = org.apps.find((a) => a.clientId === clientId);
  if (!app) throw new OAuthError('invalid_client_id', 'client identifier invalid');
  return app;
}

function checkSecret(app: ConnectedAppConfig, secret: unknown, required: boolean): void {
  if (secret === undefined || secret === '') {
    if (required && app.clientSecret) throw new OAuthError('invalid_client', 'invalid client credentials');
    return;
  }
  if (app.clientSecret && secret !== app.clientSecret)
    throw new OAuthError('invalid_client', 'invalid client credentials');
}

/** Pre-authorisation: "admin approved users are pre-authorized" needs a profile or permission set with access to the app. */
function isPreAuthorized(org: LocalOrg, app: ConnectedAppConfig, user: StoredRecord): boolean {
  if (app.adminApprovedUsersOnly === false) return org.tokens.hasApproved(user.Id, app.clientId);
  const appRow = [...org.store.scan('ConnectedApplication')].find((r) => r.Name === app.name);
  if (!appRow) return false;
  const sets = new Set(org.accessFor(user.Id).permissionSetIds);
  for (const sea of org.store.scan('SetupEntityAccess')) {
    if (sea.SetupEntityId === appRow.Id && sets.has(String(sea.ParentId))) return true;
  }
  return false;
}

function tokenResponse(
  org: LocalOrg,
  app: ConnectedAppConfig,
  userId: string,
  opts: { refreshToken?: string; newRefresh?: boolean; jwt?: boolean },
) {
  const access = org.tokens.issueAccessToken(userId, app.clientId, opts.refreshToken);
  const id = org.identityUrl(userId);
  const issuedAt = String(access.issuedAt);
  const scope = (app.scopes ?? ['api', 'refresh_token']).join(' ');
  const body: Record<string, string> = { access_token: access.token };
  if (opts.newRefresh && opts.refreshToken) body.refresh_token = opts.refreshToken;
  if (!opts.jwt) body.signature = org.tokens.signature(id, issuedAt, app.clientSecret);
  body.scope = scope;
  body.instance_url = org.instanceUrl;
  body.id = id;
  body.token_type = 'Bearer';
  // UNCONFIRMED whether JWT bearer answers carry issued_at/signature (facts §C1); they are left out.
  if (!opts.jwt) body.issued_at = issuedAt;
  return body;
}

function activeUser(org: LocalOrg, userId: string): StoredRecord | undefined {
  const u = org.store.get('User', userId);
  return u && u.IsActive === true ? u : undefined;
}

function refreshGrant(org: LocalOrg, p: Record<string, string | undefined>) {
  const app = appById(org, p.client_id);
  checkSecret(app, p.client_secret, false);
  const fault = org.faults.takeOne(['refresh-revoked'], { route: 'oauth/token', method: 'POST' });
  const info = org.tokens.refreshTokenInfo(p.refresh_token);
  if (fault || !info || info.clientId !== app.clientId) throw invalidGrant(EXPIRED_TOKEN);
  if (!activeUser(org, info.userId)) throw invalidGrant('inactive user');
  let refreshToken = info.token;
  if (app.rotateRefreshTokens) {
    org.tokens.revoke(info.token);
    refreshToken = org.tokens.issueRefreshToken(info.userId, app.clientId).token;
  }
  return tokenResponse(org, app, info.userId, { refreshToken, newRefresh: app.rotateRefreshTokens === true });
}

function jwtGrant(org: LocalOrg, p: Record<string, string | undefined>) {
  const assertion = p.assertion ?? '';
  let decoded;
  try {
    decoded = decodeJwt(assertion);
  } catch (e) {
    throw invalidGrant((e as JwtError).description);
  }
  const app = appById(org, decoded.claims.iss);
  const cert = org.jwtCertificateFor(app);
  try {
    if (!cert) throw new JwtError('invalid assertion');
    verifyJwtSignature(assertion, cert);
    const username = checkJwtClaims(decoded.claims, [org.instanceUrl, ...org.jwtAudiences], org.clock.nowMs());
    const user = org.userByUsername(username);
    // UNCONFIRMED: an unknown or inactive username is believed to answer like a missing approval.
    if (!user || user.IsActive !== true || !isPreAuthorized(org, app, user))
      throw new JwtError("user hasn't approved this consumer");
    return tokenResponse(org, app, user.Id, { jwt: true });
  } catch (e) {
    if (e instanceof JwtError) throw invalidGrant(e.description);
    throw e;
  }
}

function codeGrant(org: LocalOrg, p: Record<string, string | undefined>) {
  const app = appById(org, p.client_id);
  checkSecret(app, p.client_secret, !p.code_verifier);
  const code = org.tokens.takeCode(p.code ?? '');
  if (!code) throw invalidGrant('invalid authorization code');
  if (code.expiresAt <= org.clock.nowMs() || code.clientId !== app.clientId)
    throw invalidGrant('expired authorization code');
  if (p.redirect_uri !== undefined && p.redirect_uri !== code.redirectUri)
    throw invalidGrant('redirect_uri must match configuration');
  if (code.codeChallenge) {
    if (!p.code_verifier || pkceChallenge(p.code_verifier) !== code.codeChallenge)
      throw invalidGrant('invalid code verifier');
  }
  if (!activeUser(org, code.userId)) throw invalidGrant('inactive user');
  const wantsRefresh = (app.scopes ?? ['refresh_token']).some((s) => s === 'refresh_token' || s === 'offline_access');
  const refreshToken = wantsRefresh ? org.tokens.issueRefreshToken(code.userId, app.clientId).token : undefined;
  org.tokens.approve(code.userId, app.clientId);
  return tokenResponse(org, app, code.userId, { refreshToken, newRefresh: wantsRefresh });
}

function sessionUser(org: LocalOrg, req: Request): StoredRecord | undefined {
  const token = bearerToken(req) ?? (typeof req.query.oauth_token === 'string' ? req.query.oauth_token : undefined);
  const session = org.tokens.validateAccessToken(token);
  return session ? org.store.get('User', session.userId) : undefined;
}

/** UNCONFIRMED: identity and userinfo answer a bad token with 403 "Bad_OAuth_Token" as plain text. */
function badToken(res: Response): void {
  res.locals.errorCode = 'Bad_OAuth_Token';
  res.status(403).type('text/plain').send('Bad_OAuth_Token');
}

function sendOAuthError(res: Response, e: OAuthError): void {
  res.locals.errorCode = e.error;
  sendJson(res, e.status, { error: e.error, error_description: e.description });
}

export function oauthRouter(org: LocalOrg): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: '1mb' });

  router.post('/services/oauth2/token', form, async (req, res) => {
    res.locals.route = 'oauth/token';
    const target = { route: 'oauth/token', method: 'POST' };
    for (const f of org.faults.take(['latency'], target)) await new Promise((r) => setTimeout(r, f.latencyMs ?? 0));
    const fault = org.faults.takeOne(['drop-connection', 'unavailable-html'], target);
    if (fault?.kind === 'drop-connection' && fault.phase !== 'after') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'unavailable-html') {
      sendHtml503(res);
      return;
    }
    const p = (req.body ?? {}) as Record<string, string | undefined>;
    try {
      let body;
      if (p.grant_type === 'refresh_token') body = refreshGrant(org, p);
      else if (p.grant_type === JWT_GRANT) body = jwtGrant(org, p);
      else if (p.grant_type === 'authorization_code') body = codeGrant(org, p);
      else throw new OAuthError('unsupported_grant_type', 'grant type not supported');
      // Issued, then the answer is lost on the way back.
      if (fault?.kind === 'drop-connection') {
        req.socket.destroy();
        return;
      }
      sendJson(res, 200, body);
    } catch (e) {
      if (e instanceof OAuthError) sendOAuthError(res, e);
      else throw e;
    }
  });

  router.get('/services/oauth2/authorize', (req, res) => {
    res.locals.route = 'oauth/authorize';
    const q = req.query as Record<string, string | undefined>;
    const app = org.apps.find((a) => a.clientId === q.client_id);
    if (!app) {
      sendJson(res, 400, { error: 'invalid_client_id', error_description: 'client identifier invalid' });
      return;
    }
    const redirect = q.redirect_uri ?? '';
    if (app.callbackUrls && app.callbackUrls.length > 0 && !app.callbackUrls.includes(redirect)) {
      sendJson(res, 400, {
        error: 'redirect_uri_mismatch',
        error_description: 'redirect_uri must match configuration',
      });
      return;
    }
    const back = new URL(redirect);
    if (q.state !== undefined) back.searchParams.set('state', q.state);
    const refusal = org.faults.takeOne(['approval-error'], { route: 'oauth/authorize', method: 'GET' });
    if (refusal) {
      const code = refusal.oauthError ?? 'OAUTH_APPROVAL_ERROR_GENERIC';
      back.searchParams.set('error', code);
      back.searchParams.set(
        'error_description',
        code === 'OAUTH_APPROVAL_ERROR_GENERIC'
          ? 'An unexpected error has occured during authentication. Please try again.'
          : code,
      );
      res.redirect(302, back.toString());
      return;
    }
    if (q.response_type !== 'code') {
      back.searchParams.set('error', 'unsupported_response_type');
      back.searchParams.set('error_description', 'response type not supported');
      res.redirect(302, back.toString());
      return;
    }
    if (q.code_challenge_method && q.code_challenge_method !== 'S256') {
      back.searchParams.set('error', 'invalid_request');
      back.searchParams.set('error_description', 'invalid code_challenge_method');
      res.redirect(302, back.toString());
      return;
    }
    // A local org has no login page: it approves as the login_hint user or the integration user.
    const user =
      (q.login_hint ? org.userByUsername(q.login_hint) : undefined) ?? org.store.get('User', org.authorizeAsUserId());
    if (!user || user.IsActive !== true) {
      back.searchParams.set('error', 'access_denied');
      back.searchParams.set('error_description', 'end-user denied authorization');
      res.redirect(302, back.toString());
      return;
    }
    const code = org.tokens.issueCode({
      userId: user.Id,
      clientId: app.clientId,
      redirectUri: redirect,
      codeChallenge: q.code_challenge,
      codeChallengeMethod: q.code_challenge ? 'S256' : undefined,
    });
    back.searchParams.set('code', code.code);
    res.redirect(302, back.toString());
  });

  router.post('/services/oauth2/revoke', form, (req, res) => {
    res.locals.route = 'oauth/revoke';
    const token = ((req.body ?? {}) as Record<string, string>).token ?? (req.query.token as string | undefined);
    if (!token || !org.tokens.revoke(token)) {
      // UNCONFIRMED error body for an unknown token.
      sendJson(res, 400, { error: 'unsupported_token_type', error_description: 'this token type is not supported' });
      return;
    }
    res.status(200).end();
  });

  const userinfo = (req: Request, res: Response) => {
    res.locals.route = 'oauth/userinfo';
    const user = sessionUser(org, req);
    if (!user) {
      badToken(res);
      return;
    }
    sendJson(res, 200, userinfoBody(org, user));
  };
  router.get('/services/oauth2/userinfo', userinfo);
  router.post('/services/oauth2/userinfo', userinfo);

  router.get('/id/:orgId/:userId', (req, res) => {
    res.locals.route = 'identity';
    const caller = sessionUser(org, req);
    if (!caller) {
      badToken(res);
      return;
    }
    const orgId = String(req.params.orgId);
    const userId = String(req.params.userId);
    const user = org.get(userId);
    if (orgId.slice(0, 15) !== org.orgId.slice(0, 15) || !user) {
      res.status(404).type('text/plain').send('Bad_Id');
      return;
    }
    sendJson(res, 200, identity(org, user));
  });
  return router;
}
