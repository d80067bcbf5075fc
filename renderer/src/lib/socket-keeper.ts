import { ConnectionLoop, type KeeperEvents } from './connection-loop';
import type { Session } from './session';
import { request, type ClientSocket } from './socket-request';
import { FRESH_MS, onWakeSigns, probe, probeFirst, type WakeReason } from './wake';

export type { KeeperEvents } from './connection-loop';

/**
 * Handshake refusals that pass by themselves, tried again with the backoff (up to 30 s) for as
 * long as they last, never ending the session: too many connections (handshakes in flight, the
 * sockets of a node that just died and are still counted for a few seconds, or really that many
 * tabs and devices open, which pass when one closes), a rate limit, a database away. Ending the
 * session here would sign out every tab: they share the stored refresh token, which the end
 * revokes. The server's words are shown with the countdown instead.
 */
const PASSING = new Set(['too_many_connections', 'rate_limited', 'unavailable']);

/**
 * Keeps one socket connected and authenticated: its own reconnect loop (ConnectionLoop),
 * offline detection, refresh on `auth:expiring` then `auth:refresh`, refresh and reconnect on
 * `token_expired`, the end of the session on a revocation or ban, and a fresh connection at
 * once after a sleep, an unlock or a change of network (`wake`).
 */
export class SocketKeeper extends ConnectionLoop {
  private waking: Promise<void> | undefined;

  constructor(socket: ClientSocket, session: Session, events: KeeperEvents) {
    super(socket, session, events);
    socket.on('connect', () => {
      this.attempt = 0;
      this.connectedAt = Date.now();
      this.handshakeAt = 0;
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
      this.handshakeAt = 0;
      if (this.stopped) return;
      if (code === 'token_expired') void this.refreshAndConnect();
      else if (code && !PASSING.has(code)) this.end(code, error.message);
      // A refusal that passes by itself: said, and tried again.
      else if (code) this.scheduleReconnect(error.message);
      // No code: the network or the server is down.
      else this.scheduleReconnect();
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
    this.connect();
    this.unlisten = onWakeSigns((reason) => void this.wake(reason), this.wentOffline);
  }

  reconnectNow = (): void => {
    if (this.stopped || this.socket.connected) return;
    clearTimeout(this.timer);
    this.events.status({ kind: 'connecting' });
    void this.connectFresh();
  };

  /**
   * After a sleep, an unlock or a change of network: connect again now, whatever the backoff
   * planned, refreshing first a token that expired meanwhile. A socket that still reads as
   * connected may ride a TCP connection that died in the sleep (only a ping timeout would tell),
   * so it is dropped at once (probed first after an unlock or `online`, see `probeFirst`) and
   * opened afresh; its `connect` catches up. Wakes together are one reconnect.
   */
  wake(reason: WakeReason = 'resume'): Promise<void> {
    this.waking ??= this.reconnectFresh(reason).finally(() => (this.waking = undefined));
    return this.waking;
  }

  private async reconnectFresh(reason: WakeReason): Promise<void> {
    if (this.stopped) return;
    if (typeof navigator !== 'undefined' && navigator.onLine === false) return this.wentOffline();
    // Another wake just did the work, or its handshake is under way (starting again would abort it).
    const { connected } = this.socket;
    const since = Date.now() - (connected ? this.connectedAt : this.handshakeAt);
    if ((connected || this.handshakeAt) && since < FRESH_MS) return;
    if (connected && probeFirst(reason) && (await probe(this.socket))) return;
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.attempt = 0;
    this.events.status({ kind: 'connecting' });
    await this.connectFresh();
  }

  private async refreshOpenSocket(): Promise<void> {
    if (!(await this.refreshSession())) return;
    const answer = await request(this.socket, 'auth:refresh', { token: this.session.accessToken });
    // A refusal that passes (a budget spent, the database away) leaves the socket on its old
    // token: when that expires the server says `token_expired`, and the keeper reconnects with
    // the new one. Ending here would sign out every tab (see PASSING).
    if (!answer.ok && answer.error.code !== 'unreachable' && !PASSING.has(answer.error.code))
      this.end(answer.error.code, answer.error.message);
  }

  private async refreshAndConnect(): Promise<void> {
    if (!(await this.refreshSession())) return;
    // Twice in a row means something is off (a clock, say): fall back to the backoff.
    if (this.attempt++ < 2) this.connect();
    else this.scheduleReconnect();
  }
}
