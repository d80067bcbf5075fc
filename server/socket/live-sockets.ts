import type { Identity, Revoker } from '../auth/accounts.js';
import { ErrorCode } from '../protocol.js';
import { RecentChanges } from './recent-changes.js';
import { userChannel } from './room-channels.js';
import { setIdentity, type IdentifiedIo, type IdentifiedSocket } from './socket-identity.js';

const KNOWN_CODES: ReadonlySet<unknown> = new Set(Object.values(ErrorCode));

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
  /** Sockets already sent `auth:expiring` for their current token (a set: most never are). */
  private readonly warned = new Set<string>();
  /** Recent revocations, for sockets still in their handshake: see `revokedSince`. */
  private readonly log = new RecentChanges<`${'session' | 'user'}:${number}`, ErrorCode>();

  /**
   * @param clustered this node is one of several (the `redis` option): revocations are told to
   *   the others, and theirs are applied here.
   */
  constructor(
    private readonly io: IdentifiedIo,
    private readonly noticeMs: number,
    private readonly clustered = false,
  ) {
    if (clustered)
      io.on('parley:revoke', (kind, ids, code) => {
        // From another node, through Redis: checked all the same (the code reaches clients).
        if (!Array.isArray(ids) || !ids.every(Number.isInteger)) return;
        if (!KNOWN_CODES.has(code)) return;
        if (kind === 'session') this.endSessions(ids, code);
        else if (kind === 'user') for (const id of ids) this.endUser(id, code);
      });
  }

  start(): void {
    this.timer = setInterval(() => this.sweep(Date.now()), SWEEP_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Holds the socket to a new token (after `auth:refresh`). */
  holdTo(socket: IdentifiedSocket, identity: Identity): void {
    setIdentity(socket, identity);
    this.warned.delete(socket.id);
  }

  /**
   * Cuts off the sessions' sockets on every node. Other nodes hear of it through
   * `serverSideEmit`, which the Redis Streams adapter sends over pub/sub: during a Redis outage
   * such a socket lives on until its access token expires (the sweep below ends it then).
   */
  revokeSessions(sessionIds: number[], code: ErrorCode): void {
    this.endSessions(sessionIds, code);
    if (this.clustered) this.io.serverSideEmit('parley:revoke', 'session', sessionIds, code);
  }

  /**
   * Cuts off the user's sockets on every node: through their user channel, which the adapter
   * carries on its stream (in order, and kept through short outages), and through
   * `serverSideEmit`, so that other nodes log it for sockets still in their handshake.
   */
  revokeUser(userId: number, code: ErrorCode): void {
    this.endUser(userId, code);
    if (!this.clustered) return;
    this.io.serverSideEmit('parley:revoke', 'user', [userId], code);
    const everywhere = this.io.in(userChannel(userId));
    everywhere.emit('auth:revoked', { code });
    everywhere.disconnectSockets(true);
  }

  private endSessions(sessionIds: number[], code: ErrorCode): void {
    const ended = new Set(sessionIds);
    for (const id of ended) this.log.add(`session:${id}`, code);
    this.cutOffWhere((socket) => ended.has(socket.data.sessionId), code);
  }

  private endUser(userId: number, code: ErrorCode): void {
    this.log.add(`user:${userId}`, code);
    this.cutOffWhere((socket) => socket.data.user?.id === userId, code);
  }

  /** A mark to take before a handshake reads the session's state from the store. */
  mark(): number {
    return this.log.mark();
  }

  /**
   * Why the socket's session or user was revoked after `mark` (taken before its handshake read
   * the store), or undefined. A socket between that read and `connection` is not yet among the
   * sockets a revocation scans, so without this a logout or ban in that gap would let it live
   * until its token expired.
   */
  revokedSince(mark: number, socket: IdentifiedSocket): ErrorCode | undefined {
    return (
      this.log.since(mark, `user:${socket.data.user.id}`) ??
      this.log.since(mark, `session:${socket.data.sessionId}`)
    );
  }

  private sweep(now: number): void {
    this.log.prune(now);
    const sockets = this.io.of('/').sockets;
    for (const id of this.warned) if (!sockets.has(id)) this.warned.delete(id);
    for (const socket of sockets.values()) {
      const expiresAt = socket.data.expiresAtSec * 1000;
      if (Number.isNaN(expiresAt)) continue;
      if (now >= expiresAt) {
        cutOff(socket, 'token_expired');
      } else if (now >= expiresAt - this.noticeMs && !this.warned.has(socket.id)) {
        this.warned.add(socket.id);
        socket.emit('auth:expiring', { expiresAt });
      }
    }
  }

  /** Tells the socket why, then disconnects it. */
  cutOff(socket: IdentifiedSocket, code: ErrorCode): void {
    cutOff(socket, code);
  }

  private cutOffWhere(test: (socket: IdentifiedSocket) => boolean, code: ErrorCode): void {
    // Collected first: each disconnect removes a socket from the map being walked.
    const doomed = [...this.io.of('/').sockets.values()].filter(test);
    for (const socket of doomed) cutOff(socket, code);
  }
}

/** Tells the client why, then disconnects; engine.io flushes the notice before closing. */
function cutOff(socket: IdentifiedSocket, code: ErrorCode): void {
  socket.emit('auth:revoked', { code });
  socket.disconnect(true);
}
