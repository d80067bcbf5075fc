import type {
  AvatarChanged,
  ErrorBody,
  PasswordResetRequest,
  SessionInfo,
  SessionList,
  SessionsRevoked,
  TokenPair,
} from '../../../server/protocol';
import { ApiError } from './api-client';
import type { Session } from './session';

/** A token with less than this left is refreshed before a request rather than after a 401. */
const REFRESH_UNDER_MS = 30_000;

/**
 * The "your account" routes (docs/protocol.md): everything that needs the password goes over
 * HTTP with the bearer token, never over the socket. Errors are ApiErrors, as ApiClient's.
 */
export class AccountApi {
  constructor(private readonly session: Session) {}

  /** Ends every other session of the account (their sockets too); this one goes on. */
  changePassword(currentPassword: string, newPassword: string): Promise<void> {
    return this.call('POST', '/api/password', { json: { currentPassword, newPassword } });
  }
  async sessions(): Promise<SessionInfo[]> {
    return (await this.call<SessionList>('GET', '/api/sessions')).sessions;
  }
  signOutSession(id: number): Promise<void> {
    return this.call('DELETE', `/api/sessions/${id}`);
  }
  async signOutOthers(): Promise<number> {
    return (await this.call<SessionsRevoked>('POST', '/api/sessions/revoke-others')).revoked;
  }
  deleteAccount(password: string): Promise<void> {
    return this.call('POST', '/api/account/delete', { json: { password } });
  }
  /** PNG, JPEG, GIF or WebP; the server sniffs, crops and resizes it. */
  async uploadAvatar(file: Blob): Promise<AvatarChanged['user']> {
    return (await this.call<AvatarChanged>('POST', '/api/avatar', { bytes: file })).user;
  }
  async removeAvatar(): Promise<AvatarChanged['user']> {
    return (await this.call<AvatarChanged>('DELETE', '/api/avatar')).user;
  }

  /** A token that works: refreshed first when nearly spent, and once again after `token_expired`. */
  private async call<T>(
    method: string,
    path: string,
    body?: { json?: unknown; bytes?: Blob },
  ): Promise<T> {
    if (this.session.expiresIn < REFRESH_UNDER_MS) await this.session.refresh();
    try {
      return await send<T>(
        this.session.api.serverUrl,
        method,
        path,
        body,
        this.session.accessToken,
      );
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== 'token_expired') throw error;
      await this.session.refresh();
      return send<T>(this.session.api.serverUrl, method, path, body, this.session.accessToken);
    }
  }
}

/** Redeems a reset code an admin handed over: sets the new password and signs in. */
export function redeemResetCode(serverUrl: string, body: PasswordResetRequest): Promise<TokenPair> {
  return send<TokenPair>(serverUrl, 'POST', '/api/password/reset', { json: body });
}

/**
 * One request. Like ApiClient's (whose JSON-only `call` is private), plus raw bytes for the
 * avatar: an error answer becomes an ApiError with the server's code and words.
 */
async function send<T>(
  serverUrl: string,
  method: string,
  path: string,
  body?: { json?: unknown; bytes?: Blob },
  token?: string,
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body?.json !== undefined) headers['content-type'] = 'application/json';
  if (body?.bytes) headers['content-type'] = body.bytes.type || 'application/octet-stream';
  let response: Response;
  try {
    response = await fetch(serverUrl + path, {
      method,
      headers,
      body: body?.bytes ?? (body?.json === undefined ? undefined : JSON.stringify(body.json)),
      credentials: 'omit',
    });
  } catch {
    throw new ApiError('unreachable', `Cannot reach ${serverUrl}. Check your network.`);
  }
  if (response.status === 204) return undefined as T;
  const data: unknown = await response.json().catch(() => undefined);
  if (response.ok && data !== undefined) return data as T;
  const error = (data as { error?: ErrorBody } | undefined)?.error;
  if (!error) throw new ApiError('unreachable', `The server answered ${response.status}.`);
  throw new ApiError(error.code, error.message, error.retryAfterMs);
}
