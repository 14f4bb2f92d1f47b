/**
 * Console sign-in: an admin API key (typed into the console, or a one-time link made for it) is
 * exchanged for a session that has exactly that key's rights for as long as the key lives, at most
 * CONSOLE_SESSION_HOURS and until CONSOLE_IDLE_MINUTES pass without a request.
 */
import { AppError } from '../../core/app-error.js';
import type { ApiKeyRecord, ApiKeyStore } from '../../store/api-key-store.js';
import type { ConsoleSessionStore } from '../../store/console-session-store.js';
import { csrfTokenFor, hashConsoleSecret, isConsoleSecret, newConsoleSecret } from './console-secrets.js';

export const SIGN_IN_LINK_MINUTES = 15;

export interface ConsoleSessionOptions {
  sessionHours: number;
  idleMinutes: number;
}

/** A session as its browser is told about it (the secret goes into the cookie only). */
export interface OpenedSession {
  secret: string;
  csrfToken: string;
  expiresAt: string;
  keyId: string;
  keyName: string;
}

/** A live session, as a request authenticated by it sees it. */
export interface LiveSession {
  secretHash: string;
  csrfToken: string;
  expiresAt: string;
  keyId: string;
  keyName: string;
}

export type LinkSignIn = { ok: true; session: OpenedSession } | { ok: false; problem: string };

const LINK_PROBLEMS = {
  missing: 'This sign-in link has no token: it was cut short when it was copied.',
  unknown: 'This sign-in link is not valid: it was cut short when it was copied, or it was made for another companion.',
  used: 'This sign-in link was already used: each link signs in once.',
  expired: `This sign-in link expired: a link is valid for ${SIGN_IN_LINK_MINUTES} minutes.`,
  revoked: 'The admin key this sign-in link was made for has been revoked.',
};

export class ConsoleSessions {
  constructor(
    private readonly store: ConsoleSessionStore,
    private readonly keys: ApiKeyStore,
    private readonly options: ConsoleSessionOptions,
  ) {}

  get lifetimeSeconds(): number {
    return Math.round(this.options.sessionHours * 3600);
  }

  private get idleSeconds(): number {
    return this.options.idleMinutes * 60;
  }

  /** Signs in with a full API key; only a live admin key that does not require signatures may. */
  async signInWithKey(key: string): Promise<OpenedSession> {
    const record = await this.keys.live(key);
    if (!record)
      throw new AppError(
        'UNAUTHENTICATED',
        /^\s*rox_key_/.test(key)
          ? 'The API key is not valid or was revoked'
          : 'That is not a Rox API key: paste an admin key (rox_key_…)',
      );
    this.checkConsoleKey(record);
    return this.open(record);
  }

  private checkConsoleKey(record: ApiKeyRecord): void {
    if (record.scope !== 'admin')
      throw new AppError(
        'FORBIDDEN',
        "The console needs an admin API key; this is a connection's key. Create one with `rox keys create --admin`",
      );
    if (record.requireSignature)
      throw new AppError(
        'FORBIDDEN',
        'This admin key requires signed requests, which a browser session cannot make: use an admin key created without --require-signature',
      );
  }

  private async open(record: ApiKeyRecord): Promise<OpenedSession> {
    await this.store.purge(this.idleSeconds);
    const secret = newConsoleSecret();
    const expiresAt = await this.store.create(hashConsoleSecret(secret), record.id, this.lifetimeSeconds);
    return { secret, csrfToken: csrfTokenFor(secret), expiresAt, keyId: record.id, keyName: record.name };
  }

  /** A one-time link for an admin key: `<base>/console/sign-in?token=…`, valid for 15 minutes. */
  async signInLink(keyId: string, baseUrl: string): Promise<{ url: string; expiresAt: string }> {
    const record = await this.keys.get(keyId);
    if (!record || record.revokedAt) throw new AppError('NOT_FOUND', `No active API key ${keyId}`);
    this.checkConsoleKey(record);
    await this.store.purge(this.idleSeconds);
    const token = newConsoleSecret();
    const expiresAt = await this.store.createLink(hashConsoleSecret(token), keyId, SIGN_IN_LINK_MINUTES * 60);
    const base = baseUrl.replace(/\/+$/, '');
    return { url: `${base}/console/sign-in?token=${token}`, expiresAt };
  }

  /** Uses a sign-in link (once); what is wrong with it, in words, when it cannot be used. */
  async signInWithLink(token: string | undefined): Promise<LinkSignIn> {
    if (!token) return { ok: false, problem: LINK_PROBLEMS.missing };
    if (!isConsoleSecret(token)) return { ok: false, problem: LINK_PROBLEMS.unknown };
    const used = await this.store.useLink(hashConsoleSecret(token));
    if (!used.ok) return { ok: false, problem: LINK_PROBLEMS[used.problem] };
    const record = await this.keys.get(used.keyId);
    if (!record || record.revokedAt) return { ok: false, problem: LINK_PROBLEMS.revoked };
    return { ok: true, session: await this.open(record) };
  }

  /** The live session of a cookie's secret; a session found over is deleted. */
  async check(secret: string): Promise<LiveSession> {
    const again = 'sign in to the console again';
    if (!isConsoleSecret(secret))
      throw new AppError('UNAUTHENTICATED', `The console session cookie is not valid: ${again}`);
    const secretHash = hashConsoleSecret(secret);
    const s = await this.store.find(secretHash, this.idleSeconds);
    if (!s) throw new AppError('UNAUTHENTICATED', `The console session has ended or is unknown: ${again}`);
    const over = s.keyRevoked
      ? `The admin key of this console session was revoked: ${again} with another admin key`
      : s.keyScope !== 'admin'
        ? 'The console needs an admin API key'
        : s.expired
          ? `The console session expired (a session lasts at most ${this.options.sessionHours} h): ${again}`
          : s.idle
            ? `The console session ended after ${this.options.idleMinutes} minutes without activity: ${again}`
            : undefined;
    if (over) {
      await this.store.remove(secretHash);
      throw new AppError('UNAUTHENTICATED', over);
    }
    return { secretHash, csrfToken: csrfTokenFor(secret), expiresAt: s.expiresAt, keyId: s.keyId, keyName: s.keyName };
  }

  touch(session: LiveSession): Promise<void> {
    return this.store.touch(session.secretHash);
  }

  signOut(session: LiveSession): Promise<void> {
    return this.store.remove(session.secretHash);
  }
}
