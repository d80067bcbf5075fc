import type { TokenPair, User } from '../../../server/protocol';
import { ApiError, type ApiClient } from './api-client';
import type { TokenStore } from './token-store';

/** Answers after which the session cannot go on: the person must sign in again. */
const FATAL = new Set([
  'token_revoked',
  'token_expired',
  'invalid_token',
  'banned',
  'credentials_required',
]);

export function isFatalAuthError(error: unknown): error is ApiError {
  return error instanceof ApiError && FATAL.has(error.code);
}

/**
 * How long an access token lives: `exp - iat` of the JWT, both by the server's clock, so their
 * difference holds on any clock. Undefined when the token cannot be read as a JWT.
 */
function tokenLifetimeMs(token: string): number | undefined {
  try {
    const part = token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/');
    const { iat, exp } = JSON.parse(atob(part)) as { iat?: unknown; exp?: unknown };
    if (typeof iat === 'number' && typeof exp === 'number' && exp > iat) return (exp - iat) * 1000;
  } catch {
    // Not a JWT: the caller falls back on expiresAt.
  }
  return undefined;
}

/** Serialises refreshes across tabs that share localStorage, where the Web Locks API exists. */
function withRefreshLock<T>(serverUrl: string, work: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  return locks ? (locks.request(`parley-refresh ${serverUrl}`, work) as Promise<T>) : work();
}

/**
 * One signed-in session with one server. The access token lives only in memory; the refresh token
 * also goes to the TokenStore so that a reload can resume. Refreshes are single-flight: a refresh
 * token is spent on use, and presenting it twice would make the server end the session.
 */
export class Session {
  private inflight: Promise<void> | undefined;

  private constructor(
    readonly api: ApiClient,
    private readonly store: TokenStore,
    private pair: TokenPair,
    private readonly remember: boolean,
    /** When the pair was asked for (or, after a login, arrived), by this device's clock. */
    private askedAt = Date.now(),
  ) {}

  /** After a login or registration. */
  static async start(
    api: ApiClient,
    store: TokenStore,
    pair: TokenPair,
    remember: boolean,
  ): Promise<Session> {
    await store.save(api.serverUrl, pair.refreshToken, remember);
    return new Session(api, store, pair, remember);
  }

  /** After a reload: resumes from the stored refresh token, or resolves null. */
  static async resume(
    api: ApiClient,
    store: TokenStore,
    remember: boolean,
  ): Promise<Session | null> {
    const refreshToken = await store.load(api.serverUrl);
    if (!refreshToken) return null;
    try {
      const pair = await withRefreshLock(api.serverUrl, async () =>
        api.refresh((await store.load(api.serverUrl)) ?? refreshToken),
      );
      return await Session.start(api, store, pair, remember);
    } catch (error) {
      if (isFatalAuthError(error)) await store.clear(api.serverUrl);
      throw error;
    }
  }

  get accessToken(): string {
    return this.pair.token;
  }
  get expiresAt(): number {
    return this.pair.expiresAt;
  }
  /**
   * Milliseconds the access token has left by this device's clock: its lifetime counted from
   * when it was asked for (so a little short). Unlike `expiresAt - Date.now()`, it holds on a
   * clock minutes off the server's.
   */
  get expiresIn(): number {
    const lifetime = tokenLifetimeMs(this.pair.token) ?? this.pair.expiresAt - this.askedAt;
    return this.askedAt + lifetime - Date.now();
  }
  get user(): User {
    return this.pair.user;
  }

  /** Gets a new token pair; concurrent calls share one request. */
  refresh(): Promise<void> {
    this.inflight ??= this.rotate().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  /** Ends the session on the server (best effort) and forgets the refresh token. */
  async logout(): Promise<void> {
    await this.api.logout(this.pair.token).catch(() => undefined);
    await this.forget();
  }

  forget(): Promise<void> {
    return this.store.clear(this.api.serverUrl);
  }

  private async rotate(): Promise<void> {
    await withRefreshLock(this.api.serverUrl, async () => {
      // Another tab may have rotated the shared token since; the stored one is then the live one.
      const stored = await this.store.load(this.api.serverUrl);
      const askedAt = Date.now();
      const pair = await this.api.refresh(stored ?? this.pair.refreshToken);
      this.pair = pair;
      this.askedAt = askedAt;
      await this.store.save(this.api.serverUrl, pair.refreshToken, this.remember);
    });
  }
}
