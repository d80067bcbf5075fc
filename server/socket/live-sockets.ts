import type { Identity, Revoker } from '../auth/accounts.js';
import type { ErrorCode } from '../protocol.js';
import type { ChatIo, ChatSocket } from './types.js';

/** How often open sockets are checked against their token's expiry. */
const SWEEP_MS = 500;

/**
 * Enforces tokens on open sockets. One sweep per server, twice a second, sends `auth:expiring`
 * ahead of expiry and cuts off sockets whose token has expired; no per-socket timers, which
 * would cost memory on every idle socket. Logout, ban and refresh-token reuse cut sockets off at
 * once, found by a scan (rare events, so no index is kept).
 */
export class LiveSockets implements Revoker {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly io: ChatIo,
    private readonly noticeMs: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.sweep(Date.now()), SWEEP_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Holds the socket to a new token (after `auth:refresh`). */
  holdTo(socket: ChatSocket, identity: Identity): void {
    socket.data.identity = identity;
    socket.data.warned = false;
  }

  revokeSessions(sessionIds: string[], code: ErrorCode): void {
    const ended = new Set(sessionIds);
    this.cutOffWhere((identity) => ended.has(identity.sessionId), code);
  }

  revokeUser(userId: number, code: ErrorCode): void {
    this.cutOffWhere((identity) => identity.user.id === userId, code);
  }

  private sweep(now: number): void {
    for (const socket of this.io.of('/').sockets.values()) {
      const { identity, warned } = socket.data;
      if (!identity) continue;
      if (now >= identity.expiresAt) {
        cutOff(socket, 'token_expired');
      } else if (!warned && now >= identity.expiresAt - this.noticeMs) {
        socket.data.warned = true;
        socket.emit('auth:expiring', { expiresAt: identity.expiresAt });
      }
    }
  }

  private cutOffWhere(test: (identity: Identity) => boolean, code: ErrorCode): void {
    // Collected first: each disconnect removes a socket from the map being walked.
    const doomed = [...this.io.of('/').sockets.values()].filter(
      (s) => s.data.identity && test(s.data.identity),
    );
    for (const socket of doomed) cutOff(socket, code);
  }
}

/** Tells the client why, then disconnects; engine.io flushes the notice before closing. */
function cutOff(socket: ChatSocket, code: ErrorCode): void {
  socket.emit('auth:revoked', { code });
  socket.disconnect(true);
}
