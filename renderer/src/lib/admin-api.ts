import type {
  AdminUsersRequest,
  AuditRequest,
  ErrorBody,
  InviteCreateRequest,
  OwnershipTransferred,
  ServerSettings,
  Profile,
  RegistrationPolicy,
} from '../../../server/protocol';
import type { Requester } from './room-directory';
import type { Session } from './session';

/** An answer of the admin panel's HTTP call, shaped like a socket ack. */
export type HttpAnswer<T extends object> =
  ({ ok: true } & T) | { ok: false; error: ErrorBody | { code: 'unreachable'; message: string } };

/** What the panel follows live while open: the server's settings and people's accounts. */
export type AdminLive =
  | { kind: 'server'; name: string; registration: RegistrationPolicy }
  | { kind: 'user'; user: Profile };

/**
 * The admin panel's requests: `admin:*` socket events, and the one HTTP call (ownership
 * transfer, which needs the owner's password and so goes over HTTP). The server checks the
 * role on every one of them; this class only asks. Every method answers like an ack, so that
 * the panel shows `error.message` next to what failed.
 */
export class AdminApi {
  constructor(
    private readonly ask: Requester,
    private readonly session: Session,
  ) {}

  private readonly listeners = new Set<(event: AdminLive) => void>();
  /** Calls `listener` on every `server:updated` and `user:updated`; answers the unsubscribe. */
  listen = (listener: (event: AdminLive) => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
  /** Fed by the chat client's socket listeners. */
  heard = (event: AdminLive): void => {
    for (const listener of this.listeners) listener(event);
  };

  users = (page: AdminUsersRequest) => this.ask('admin:users', page);
  ban = (userId: number, reason: string) => this.ask('admin:ban', { userId, reason });
  unban = (userId: number) => this.ask('admin:unban', { userId });
  /** The owner only. */
  setRole = (userId: number, role: 'admin' | 'member') => this.ask('admin:role', { userId, role });
  /** A one-time code for the user to redeem on the sign-in screen, valid 24 hours. */
  resetPassword = (userId: number) => this.ask('admin:reset-password', { userId });
  invites = () => this.ask('admin:invites', {});
  createInvite = (request: InviteCreateRequest) => this.ask('admin:invite-create', request);
  revokeInvite = (id: string) => this.ask('admin:invite-revoke', { id });
  settings = () => this.ask('admin:settings', {});
  updateSettings = (change: Partial<ServerSettings>) => this.ask('admin:settings-update', change);
  audit = (page: AuditRequest) => this.ask('admin:audit', page);

  /**
   * Makes `username` the owner (`POST /api/admin/transfer`); this user becomes an admin. An
   * access token that expired meanwhile is refreshed and the call made once more.
   */
  async transferOwnership(
    username: string,
    password: string,
  ): Promise<HttpAnswer<OwnershipTransferred>> {
    const first = await this.post<OwnershipTransferred>('/api/admin/transfer', {
      username,
      password,
    });
    if (first.ok || first.error.code !== 'token_expired') return first;
    try {
      await this.session.refresh();
    } catch {
      return first;
    }
    return this.post<OwnershipTransferred>('/api/admin/transfer', { username, password });
  }

  private async post<T extends object>(path: string, body: unknown): Promise<HttpAnswer<T>> {
    let response: Response;
    try {
      response = await fetch(this.session.api.serverUrl + path, {
        method: 'POST',
        headers: {
          accept: 'application/json',
          'content-type': 'application/json',
          authorization: `Bearer ${this.session.accessToken}`,
        },
        body: JSON.stringify(body),
        credentials: 'omit',
      });
    } catch {
      return unreachable('The server did not answer.');
    }
    const data: unknown = await response.json().catch(() => undefined);
    if (response.ok && data !== undefined) return { ok: true, ...(data as T) };
    const error = (data as { error?: ErrorBody } | undefined)?.error;
    return error
      ? { ok: false, error }
      : unreachable('The server answered in a way Parley does not know.');
  }
}

const unreachable = (message: string) => ({
  ok: false as const,
  error: { code: 'unreachable' as const, message },
});
