/** Pending OAuth web-server logins: state → connection, PKCE verifier (encrypted), redirect URI. */
import type { TokenCipher } from '../security/token-cipher.js';
import type { Db } from './db.js';

export interface OAuthFlow {
  state: string;
  connectionId: string;
  codeVerifier: string;
  loginUrl: string;
  redirectUri: string;
}

export class OAuthFlowStore {
  constructor(
    private readonly db: Db,
    private readonly cipher: TokenCipher,
  ) {}

  async create(flow: OAuthFlow, ttlSeconds = 600): Promise<void> {
    await this.db.query(
      `INSERT INTO oauth_flows (state, connection_id, code_verifier_enc, login_url, redirect_uri, expires_at)
       VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6))`,
      [
        flow.state,
        flow.connectionId,
        this.cipher.encrypt(flow.codeVerifier, `oauth:${flow.state}`),
        flow.loginUrl,
        flow.redirectUri,
        ttlSeconds,
      ],
    );
  }

  /** Takes a flow once: a state can complete one login only; expired flows are not returned. */
  async take(state: string): Promise<OAuthFlow | undefined> {
    const rows = await this.db.query<{
      state: string;
      connection_id: string;
      code_verifier_enc: string;
      login_url: string;
      redirect_uri: string;
      expired: boolean;
    }>('DELETE FROM oauth_flows WHERE state = $1 RETURNING *, (expires_at < now()) AS expired', [state]);
    const r = rows[0];
    if (!r || r.expired) return undefined;
    return {
      state: r.state,
      connectionId: r.connection_id,
      codeVerifier: this.cipher.decrypt(r.code_verifier_enc, `oauth:${r.state}`),
      loginUrl: r.login_url,
      redirectUri: r.redirect_uri,
    };
  }
}
