/**
 * Salesforce's OAuth token endpoint: authorization code (with PKCE), refresh token and JWT bearer
 * grants (facts §C). Error bodies are `{error, error_description}`; `invalid_grant` means the
 * admin must log in again (revoked or expired refresh token, password reset, user deactivated).
 */
import { createHash, createSign, randomBytes } from 'node:crypto';
import { AppError } from '../core/app-error.js';

export interface TokenResponse {
  access_token: string;
  refresh_token?: string;
  instance_url: string;
  id: string;
  issued_at?: string;
  signature?: string;
}

export class OAuthError extends AppError {
  constructor(
    readonly oauthError: string,
    readonly description: string,
    status: number,
  ) {
    const said = `${oauthError}${description ? `: ${description}` : ''}`;
    super(
      oauthError === 'invalid_grant' ? 'RECONNECT_REQUIRED' : 'OAUTH_FAILED',
      oauthError === 'invalid_grant'
        ? `Salesforce no longer accepts this login (${said}). The refresh token was revoked or expired, the user's password was reset, the user was deactivated, or the user is not allowed to use the connected app. Log in again to resume; queued work is kept.`
        : `Salesforce refused the login (${said})`,
      { details: { oauthError, description, status } },
    );
  }
}

export function tokenUrl(loginUrl: string): string {
  return `${loginUrl.replace(/\/+$/, '')}/services/oauth2/token`;
}

export async function postToken(loginUrl: string, form: Record<string, string>): Promise<TokenResponse> {
  let res: Response;
  try {
    res = await fetch(tokenUrl(loginUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(form).toString(),
    });
  } catch (e) {
    throw new AppError(
      'SALESFORCE_UNAVAILABLE',
      `Cannot reach ${new URL(loginUrl).host} to log in: ${(e as Error).message}`,
      {
        cause: e,
      },
    );
  }
  const text = await res.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new AppError(
      res.status >= 500 || res.status === 429 ? 'SALESFORCE_UNAVAILABLE' : 'OAUTH_FAILED',
      `The login endpoint answered ${res.status} with a body that is not JSON`,
    );
  }
  // An overloaded or unavailable login server is not a refusal of the login.
  if (res.status >= 500 || res.status === 429)
    throw new AppError(
      'SALESFORCE_UNAVAILABLE',
      `The login endpoint answered ${res.status} (${String(body.error ?? 'no error code')}); trying again later`,
    );
  if (!res.ok || typeof body.access_token !== 'string')
    throw new OAuthError(String(body.error ?? 'unknown_error'), String(body.error_description ?? ''), res.status);
  return body as unknown as TokenResponse;
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(48).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export function authorizeUrl(p: {
  loginUrl: string;
  clientId: string;
  redirectUri: string;
  state: string;
  codeChallenge: string;
}): string {
  const q = new URLSearchParams({
    response_type: 'code',
    client_id: p.clientId,
    redirect_uri: p.redirectUri,
    state: p.state,
    code_challenge: p.codeChallenge,
    code_challenge_method: 'S256',
    scope: 'api refresh_token',
    prompt: 'login consent',
  });
  return `${p.loginUrl.replace(/\/+$/, '')}/services/oauth2/authorize?${q.toString()}`;
}

/** A JWT bearer assertion (RS256) valid for three minutes. */
export function jwtAssertion(p: {
  clientId: string;
  username: string;
  audience: string;
  privateKeyPem: string;
}): string {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const head = b64({ alg: 'RS256' });
  const claims = b64({ iss: p.clientId, sub: p.username, aud: p.audience, exp: Math.floor(Date.now() / 1000) + 180 });
  let sig: string;
  try {
    sig = createSign('RSA-SHA256').update(`${head}.${claims}`).sign(p.privateKeyPem).toString('base64url');
  } catch (e) {
    throw new AppError('BAD_REQUEST', 'The JWT private key is not a valid PEM RSA private key', { cause: e });
  }
  return `${head}.${claims}.${sig}`;
}

/** JWT audience: the login host for production/sandbox, else the My Domain / custom URL itself. */
export function jwtAudience(loginUrl: string): string {
  const u = new URL(loginUrl);
  if (u.hostname === 'test.salesforce.com') return 'https://test.salesforce.com';
  if (u.hostname === 'login.salesforce.com') return 'https://login.salesforce.com';
  return `${u.protocol}//${u.host}`;
}
