import type { ConnectionStatus } from './chat-state';
import { reconnectDelay } from './reconnect';
import { isFatalAuthError, type Session } from './session';
import { request, type ClientSocket } from './socket-request';
import { FRESH_MS, REFRESH_BEFORE_MS, onWakeSigns } from './wake';

/** What the keeper tells its owner. */
export interface KeeperEvents {
  status(connection: ConnectionStatus): void;
  /** The socket is (again) connected: time to catch up. */
  connected(): void;
  /** The session cannot go on: back to sign-in with this reason. */
  ended(code: string, message: string): void;
}

/**
 * Keeps one socket connected and authenticated: its own reconnect loop (1 s doubling to 30 s,
 * with a countdown), offline detection, refresh on `auth:expiring` then `auth:refresh`, refresh and
 * reconnect on `token_expired`, the end of the session on a revocation or ban, and a fresh
 * connection at once after a sleep, an unlock or a change of network (`wake`).
 */
export class SocketKeeper {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private attempt = 0;
  private stopped = false;
  private connectedAt = 0;
  private waking: Promise<void> | undefined;
  private unlisten: (() => void) | undefined;

  constructor(
    private readonly socket: ClientSocket,
    private readonly session: Session,
    private readonly events: KeeperEvents,
  ) {
    socket.on('connect', () => {
      this.attempt = 0;
      this.connectedAt = Date.now();
      events.status({ kind: 'connected' });
      events.connected();
    });
    socket.on('disconnect', (reason) => {
      // A server-side disconnect comes with auth:revoked, handled there.
      if (reason !== 'io client disconnect' && reason !== 'io server disconnect')
        this.scheduleReconnect();
    });
    socket.on('connect_error', (error: Error & { data?: { code?: string } }) => {
      const code = error.data?.code;
      if (this.stopped) return;
      if (code === 'token_expired') void this.refreshAndConnect();
      else if (code) this.end(code, error.message);
      else this.scheduleReconnect(); // no code: the network or the server is down
    });
    socket.on('auth:expiring', () => void this.refreshOpenSocket());
    socket.on('auth:revoked', ({ code }) => {
      if (code === 'token_expired') void this.refreshAndConnect();
      else
        this.end(
          code,
          code === 'banned' ? 'You were banned from this server.' : 'Your session was ended.',
        );
    });
  }

  start(): void {
    this.socket.connect();
    this.unlisten = onWakeSigns(() => void this.wake(), this.wentOffline);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.socket.disconnect();
    this.unlisten?.();
  }

  reconnectNow = (): void => {
    if (this.stopped || this.socket.connected) return;
    clearTimeout(this.timer);
    this.events.status({ kind: 'connecting' });
    this.socket.connect();
  };

  /**
   * After a sleep, an unlock or a change of network: connect again now, whatever the backoff
   * planned, refreshing first a token that expired meanwhile. A socket that still reads as
   * connected may ride a TCP connection that died in the sleep (only a ping timeout would tell),
   * so it is opened afresh; its `connect` catches up. Concurrent calls share one reconnect.
   */
  wake(): Promise<void> {
    this.waking ??= this.reconnectFresh().finally(() => (this.waking = undefined));
    return this.waking;
  }

  private async reconnectFresh(): Promise<void> {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.attempt = 0;
    if (typeof navigator !== 'undefined' && navigator.onLine === false) return this.wentOffline();
    if (this.socket.connected && Date.now() - this.connectedAt < FRESH_MS) return;
    this.events.status({ kind: 'connecting' });
    if (this.session.expiresIn < REFRESH_BEFORE_MS && !(await this.refreshSession())) return;
    if (this.stopped) return;
    this.socket.disconnect();
    this.socket.connect();
  }

  private async refreshOpenSocket(): Promise<void> {
    if (!(await this.refreshSession())) return;
    const answer = await request(this.socket, 'auth:refresh', { token: this.session.accessToken });
    if (!answer.ok && answer.error.code !== 'unreachable')
      this.end(answer.error.code, answer.error.message);
  }

  private async refreshAndConnect(): Promise<void> {
    if (!(await this.refreshSession())) return;
    // Twice in a row means something is off (a clock, say): fall back to the backoff.
    if (this.attempt++ < 2) this.socket.connect();
    else this.scheduleReconnect();
  }

  /** Refreshes the session; ends it on a fatal answer, schedules a retry on a network failure. */
  private async refreshSession(): Promise<boolean> {
    try {
      await this.session.refresh();
      return true;
    } catch (error) {
      if (isFatalAuthError(error)) this.end(error.code, error.message);
      else this.scheduleReconnect();
      return false;
    }
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    if (typeof navigator !== 'undefined' && navigator.onLine === false) return this.wentOffline();
    const delay = reconnectDelay(this.attempt++);
    clearTimeout(this.timer);
    this.events.status({
      kind: 'reconnecting',
      retryAt: Date.now() + delay,
      attempt: this.attempt,
    });
    this.timer = setTimeout(() => this.socket.connect(), delay);
  }

  private wentOffline = (): void => {
    clearTimeout(this.timer);
    if (!this.stopped) this.events.status({ kind: 'offline' });
  };

  private end(code: string, message: string): void {
    this.stop();
    this.events.ended(code, message);
  }
}
