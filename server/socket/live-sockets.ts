import type { Identity, Revoker } from '../auth/accounts.js';
import type { ErrorCode } from '../protocol.js';
import { sessionChannel, userChannel, type ChatIo, type ChatSocket } from './types.js';

/**
 * Enforces tokens on open sockets: each socket is held to its token's expiry (with an
 * `auth:expiring` notice beforehand), and logout, ban and refresh-token reuse cut sockets off
 * at once. Every socket sits in its session's and its user's channel so that both can be reached.
 */
export class LiveSockets implements Revoker {
  constructor(
    private readonly io: ChatIo,
    private readonly noticeMs: number,
  ) {}

  /** Puts a freshly authenticated socket under watch. */
  attach(socket: ChatSocket): void {
    const { identity } = socket.data;
    void socket.join([sessionChannel(identity.sessionId), userChannel(identity.user.id)]);
    this.holdTo(socket, identity);
    socket.on('disconnect', () => this.clearTimers(socket));
  }

  /** Holds the socket to a new token (after `auth:refresh`). */
  holdTo(socket: ChatSocket, identity: Identity): void {
    const previous = socket.data.identity.sessionId;
    if (previous !== identity.sessionId) {
      void socket.leave(sessionChannel(previous));
      void socket.join(sessionChannel(identity.sessionId));
    }
    socket.data.identity = identity;
    this.clearTimers(socket);
    const left = identity.expiresAt - Date.now();
    socket.data.expiryTimers = {
      notice: setTimeout(
        () => {
          socket.emit('auth:expiring', { expiresAt: identity.expiresAt });
        },
        Math.max(0, left - this.noticeMs),
      ),
      expire: setTimeout(() => cutOff(socket, 'token_expired'), Math.max(0, left)),
    };
  }

  revokeSessions(sessionIds: string[], code: ErrorCode): void {
    for (const sessionId of sessionIds) this.cutOffChannel(sessionChannel(sessionId), code);
  }

  revokeUser(userId: number, code: ErrorCode): void {
    this.cutOffChannel(userChannel(userId), code);
  }

  private cutOffChannel(channel: string, code: ErrorCode): void {
    // Copied: each disconnect removes a socket from the set being walked.
    for (const socketId of [...(this.io.of('/').adapter.rooms.get(channel) ?? [])]) {
      const socket = this.io.of('/').sockets.get(socketId);
      if (socket) cutOff(socket, code);
    }
  }

  private clearTimers(socket: ChatSocket): void {
    const timers = socket.data.expiryTimers;
    if (!timers) return;
    clearTimeout(timers.notice);
    clearTimeout(timers.expire);
    socket.data.expiryTimers = undefined;
  }
}

/** Tells the client why, then disconnects; engine.io flushes the notice before closing. */
function cutOff(socket: ChatSocket, code: ErrorCode): void {
  socket.emit('auth:revoked', { code });
  socket.disconnect(true);
}
