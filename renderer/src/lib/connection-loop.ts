import type { ConnectionStatus } from './chat-state';
import { reconnectDelay } from './reconnect';
import { isFatalAuthError, type Session } from './session';
import type { ClientSocket } from './socket-request';
import { REFRESH_BEFORE_MS } from './wake';

/** What the keeper tells its owner. */
export interface KeeperEvents {
  status(connection: ConnectionStatus): void;
  /** The socket is (again) connected: time to catch up. */
  connected(): void;
  /** The session cannot go on: back to sign-in with this reason. */
  ended(code: string, message: string): void;
}

/**
 * The connecting half of SocketKeeper: the reconnect loop (1 s doubling to 30 s, with a
 * countdown), the refresh of a token about to expire before a connect, and the end of the
 * session. SocketKeeper adds what sets it going: the socket's events and the wakes.
 */
export abstract class ConnectionLoop {
  protected timer: ReturnType<typeof setTimeout> | undefined;
  protected attempt = 0;
  protected stopped = false;
  /** When the socket last connected. */
  protected connectedAt = 0;
  /** When our last handshake started; 0 once it ended (connected or refused). */
  protected handshakeAt = 0;
  protected unlisten: (() => void) | undefined;

  constructor(
    protected readonly socket: ClientSocket,
    protected readonly session: Session,
    protected readonly events: KeeperEvents,
  ) {}

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.socket.disconnect();
    this.unlisten?.();
  }

  /**
   * Drops a socket that reads as connected (after a sleep it may be dead, and `connect()` on it
   * would do nothing) or is still in a handshake (which may hang on a dead connection),
   * refreshes a token that expired or is about to, and connects. A failed refresh schedules
   * the next try, which comes back here.
   */
  protected async connectFresh(): Promise<void> {
    if (this.socket.active) this.socket.disconnect();
    if (this.session.expiresIn < REFRESH_BEFORE_MS && !(await this.refreshSession())) return;
    this.connect();
  }

  /** Starts a handshake, unless the keeper was stopped meanwhile (a sign-out, say). */
  protected connect(): void {
    if (this.stopped) return;
    this.handshakeAt = Date.now();
    this.socket.connect();
  }

  /** Refreshes the session; ends it on a fatal answer, schedules a retry on a network failure. */
  protected async refreshSession(): Promise<boolean> {
    try {
      await this.session.refresh();
      return true;
    } catch (error) {
      if (isFatalAuthError(error)) this.end(error.code, error.message);
      else this.scheduleReconnect();
      return false;
    }
  }

  /** `reason`: why the server refused the last handshake, when it said so; shown with the countdown. */
  protected scheduleReconnect(reason?: string): void {
    if (this.stopped) return;
    if (typeof navigator !== 'undefined' && navigator.onLine === false) return this.wentOffline();
    const delay = reconnectDelay(this.attempt++);
    clearTimeout(this.timer);
    this.events.status({
      kind: 'reconnecting',
      retryAt: Date.now() + delay,
      attempt: this.attempt,
      ...(reason && { reason }),
    });
    this.timer = setTimeout(() => void this.connectFresh(), delay);
  }

  protected wentOffline = (): void => {
    clearTimeout(this.timer);
    if (!this.stopped) this.events.status({ kind: 'offline' });
  };

  protected end(code: string, message: string): void {
    // A handshake refusal and a wake's refresh can both fail on one spent token: end once.
    if (this.stopped) return;
    this.stop();
    this.events.ended(code, message);
  }
}
