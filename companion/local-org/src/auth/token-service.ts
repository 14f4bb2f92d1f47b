/**
 * Sessions and OAuth artefacts of the local org: access tokens (expiring, configurable TTL),
 * refresh tokens (revocable, optionally rotated), authorization codes (single use, PKCE) and
 * per-user approvals of connected apps. Token strings look like Salesforce's
 * (`00D…!AQ…` access tokens, `5Aep…` refresh tokens) but carry no meaning.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';

export interface ConnectedAppConfig {
  /** Connected app name as shown in Setup (ConnectedApplication.Name). */
  name: string;
  /** Consumer key (client_id, JWT `iss`). */
  clientId: string;
  /** Consumer secret; when set, the token endpoint requires it for code and refresh grants. */
  clientSecret?: string;
  /** PEM certificate or public key that verifies JWT bearer assertions. */
  jwtCertificate?: string;
  callbackUrls?: string[];
  /** Each refresh returns a new refresh token and invalidates the old one. */
  rotateRefreshTokens?: boolean;
  /** "Admin approved users are pre-authorized" (otherwise "All users may self-authorize"). */
  adminApprovedUsersOnly?: boolean;
  scopes?: string[];
}

export interface AccessTokenInfo {
  token: string;
  userId: string;
  clientId: string | undefined;
  issuedAt: number;
  expiresAt: number;
  refreshToken: string | undefined;
}

export interface RefreshTokenInfo {
  token: string;
  userId: string;
  clientId: string;
  issuedAt: number;
  revoked: boolean;
}

export interface AuthCodeInfo {
  code: string;
  userId: string;
  clientId: string;
  redirectUri: string;
  codeChallenge: string | undefined;
  codeChallengeMethod: string | undefined;
  expiresAt: number;
  used: boolean;
}

function token(bytes: number): string {
  return randomBytes(bytes).toString('base64').replace(/\+/g, '.').replace(/\//g, '_').replace(/=+$/, '');
}

export function base64Url(buf: Buffer): string {
  return buf.toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function pkceChallenge(verifier: string): string {
  return base64Url(createHash('sha256').update(verifier).digest());
}

export class TokenService {
  private readonly access = new Map<string, AccessTokenInfo>();
  private readonly refresh = new Map<string, RefreshTokenInfo>();
  private readonly codes = new Map<string, AuthCodeInfo>();
  /** userId → clientIds the user approved (web-server flow), for self-authorized apps. */
  private readonly approvals = new Map<string, Set<string>>();
  accessTokenTtlMs: number;

  constructor(
    private readonly orgId15: string,
    private readonly now: () => number,
    accessTokenTtlMs: number,
  ) {
    this.accessTokenTtlMs = accessTokenTtlMs;
  }

  issueAccessToken(userId: string, clientId: string | undefined, refreshToken?: string): AccessTokenInfo {
    const info: AccessTokenInfo = {
      token: `${this.orgId15}!AQ${token(72)}`,
      userId,
      clientId,
      issuedAt: this.now(),
      expiresAt: this.now() + this.accessTokenTtlMs,
      refreshToken,
    };
    this.access.set(info.token, info);
    return info;
  }

  issueRefreshToken(userId: string, clientId: string, fixed?: string): RefreshTokenInfo {
    const info: RefreshTokenInfo = {
      token: fixed ?? `5Aep861${token(60)}`,
      userId,
      clientId,
      issuedAt: this.now(),
      revoked: false,
    };
    this.refresh.set(info.token, info);
    this.approve(userId, clientId);
    return info;
  }

  approve(userId: string, clientId: string): void {
    const set = this.approvals.get(userId) ?? new Set();
    set.add(clientId);
    this.approvals.set(userId, set);
  }

  hasApproved(userId: string, clientId: string): boolean {
    return this.approvals.get(userId)?.has(clientId) ?? false;
  }

  /** The session for a bearer token, or undefined when unknown, expired or revoked. */
  validateAccessToken(t: string | undefined): AccessTokenInfo | undefined {
    if (!t) return undefined;
    const info = this.access.get(t);
    if (!info) return undefined;
    if (info.expiresAt <= this.now()) return undefined;
    if (info.refreshToken && this.refresh.get(info.refreshToken)?.revoked) return undefined;
    return info;
  }

  refreshTokenInfo(t: string | undefined): RefreshTokenInfo | undefined {
    if (!t) return undefined;
    const info = this.refresh.get(t);
    return info && !info.revoked ? info : undefined;
  }

  /** Revokes a refresh token and every access token issued from it, or a single access token. */
  revoke(t: string): boolean {
    const r = this.refresh.get(t);
    if (r) {
      r.revoked = true;
      for (const [k, a] of this.access) if (a.refreshToken === t) this.access.delete(k);
      return true;
    }
    return this.access.delete(t);
  }

  revokeAllForUser(userId: string): void {
    for (const r of this.refresh.values()) if (r.userId === userId) r.revoked = true;
    for (const [k, a] of this.access) if (a.userId === userId) this.access.delete(k);
  }

  /** One access token expires now (a session that timed out). */
  expireToken(t: string): void {
    const a = this.access.get(t);
    if (a) a.expiresAt = this.now();
  }

  /** Test hook: every access token expires now (refresh tokens stay valid). */
  expireAccessTokens(userId?: string): void {
    for (const a of this.access.values()) if (!userId || a.userId === userId) a.expiresAt = this.now();
  }

  issueCode(info: Omit<AuthCodeInfo, 'code' | 'used' | 'expiresAt'>): AuthCodeInfo {
    // Authorization codes are valid for a short time and once (facts: about 2 minutes; UNCONFIRMED exact TTL).
    const code: AuthCodeInfo = {
      ...info,
      code: `aPrx${token(48)}`,
      used: false,
      expiresAt: this.now() + 2 * 60 * 1000,
    };
    this.codes.set(code.code, code);
    return code;
  }

  takeCode(code: string): AuthCodeInfo | undefined {
    const info = this.codes.get(code);
    if (!info) return undefined;
    const valid = !info.used && info.expiresAt > this.now();
    info.used = true;
    return valid ? info : { ...info, expiresAt: 0 };
  }

  /** `signature` of a token response: Base64 HMAC-SHA256 of id + issued_at keyed with the client secret. */
  signature(id: string, issuedAt: string, secret: string | undefined): string {
    return createHmac('sha256', secret ?? this.orgId15)
      .update(id + issuedAt)
      .digest('base64');
  }

  snapshot(): { refresh: RefreshTokenInfo[]; approvals: Record<string, string[]> } {
    return {
      refresh: [...this.refresh.values()],
      approvals: Object.fromEntries([...this.approvals].map(([u, s]) => [u, [...s]])),
    };
  }

  load(s: { refresh: RefreshTokenInfo[]; approvals: Record<string, string[]> }): void {
    for (const r of s.refresh) this.refresh.set(r.token, r);
    for (const [u, ids] of Object.entries(s.approvals)) this.approvals.set(u, new Set(ids));
  }
}
