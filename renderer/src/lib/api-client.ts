import type {
  ErrorBody,
  ErrorCode,
  RegisterRequest,
  ServerInfo,
  TokenPair,
} from '../../../server/protocol';
import { PROTOCOL_VERSION } from '../../../server/shared/protocol-version';

/**
 * An error answer from a Parley server, `unreachable` when there was no answer at all, or
 * `incompatible` when the server speaks another protocol version than this client.
 */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode | 'unreachable' | 'incompatible',
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** How long a request may wait for its whole answer. */
const REQUEST_TIMEOUT_MS = 10_000;

/** The JSON API of one server. Tokens travel in the Authorization header, never in URLs. */
export class ApiClient {
  constructor(readonly serverUrl: string) {}

  /** The server's description; refused when it speaks another protocol version. */
  async info(): Promise<ServerInfo> {
    const info = await this.call<ServerInfo>('GET', '/api/info');
    if (info.protocol !== PROTOCOL_VERSION) {
      // Requests of another version would fail one by one in confusing ways: say it once, here.
      const older = info.protocol > PROTOCOL_VERSION ? 'this app' : 'the server';
      throw new ApiError(
        'incompatible',
        `This server speaks protocol ${info.protocol} and this app protocol ${PROTOCOL_VERSION}: ${older} needs an update.`,
      );
    }
    return info;
  }
  register(body: RegisterRequest): Promise<TokenPair> {
    return this.call('POST', '/api/register', body);
  }
  login(body: { username: string; password: string }): Promise<TokenPair> {
    return this.call('POST', '/api/login', body);
  }
  refresh(refreshToken: string): Promise<TokenPair> {
    return this.call('POST', '/api/refresh', { refreshToken });
  }
  /** Owner only: a single-use invite code. */
  createInvite(token: string): Promise<{ code: string; expiresAt: number }> {
    return this.call('POST', '/api/invites', undefined, token);
  }
  logout(token: string): Promise<void> {
    return this.call('POST', '/api/logout', undefined, token);
  }

  private async call<T>(method: string, path: string, body?: unknown, token?: string): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (token) headers.authorization = `Bearer ${token}`;
    let response: Response;
    try {
      response = await fetch(this.serverUrl + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'omit',
        // A request on a connection that died in a sleep would otherwise wait for the OS's
        // TCP timeout, holding a wake's refresh (and every later wake) for minutes.
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch {
      // The timeout too: no answer is `unreachable`, a network failure, never a fatal one.
      throw new ApiError(
        'unreachable',
        `Cannot reach ${this.serverUrl}. Check the address and your network.`,
      );
    }
    if (response.status === 204) return undefined as T;
    const data: unknown = await response.json().catch(() => undefined);
    if (response.ok && data !== undefined) return data as T;
    const error = (data as { error?: ErrorBody } | undefined)?.error;
    if (!error)
      throw new ApiError('unreachable', `${this.serverUrl} did not answer like a Parley server.`);
    const retryAfter = error.retryAfterMs ?? Number(response.headers.get('retry-after')) * 1000;
    throw new ApiError(error.code, error.message, retryAfter || undefined);
  }
}
