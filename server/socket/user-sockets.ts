import type { ExtendedError } from 'socket.io';
import { ErrorCode, type HandshakeErrorData } from '../protocol.js';
import type { IdentifiedSocket, SocketIdentity } from './socket-identity.js';

/**
 * How many sockets each user has open, so that one account cannot hold an unbounded number of
 * them (each costs memory, a presence entry and a share of every broadcast). A count per user,
 * not a set of sockets: it is all the cap needs, and it costs nothing per idle socket.
 */
export class UserSockets {
  private readonly open = new Map<number, number>();

  constructor(private readonly maxPerUser: number) {}

  /**
   * Socket.IO middleware, after the token check: refuses a socket past the user's cap. Sockets
   * admitted in the same tick could overshoot by the few handshakes in flight at once, which the
   * per-address handshake cap bounds.
   */
  readonly check = (socket: IdentifiedSocket, next: (err?: ExtendedError) => void): void => {
    if ((this.open.get(socket.data.user.id) ?? 0) < this.maxPerUser) return next();
    const refused: ExtendedError & { data?: HandshakeErrorData } = new Error(
      `At most ${this.maxPerUser} connections per account; close one to open another.`,
    );
    refused.data = { code: ErrorCode.tooManyConnections };
    next(refused);
  };

  /** Counts a connected socket until it disconnects. */
  track(socket: IdentifiedSocket): void {
    const userId = socket.data.user.id;
    this.open.set(userId, (this.open.get(userId) ?? 0) + 1);
    // One shared listener (Socket.IO calls it with `this` set to the socket): no closure per socket.
    socket.on('disconnect', release);
  }

  /** Forgets one socket of the user. */
  release(userId: number): void {
    const left = (this.open.get(userId) ?? 1) - 1;
    if (left > 0) this.open.set(userId, left);
    else this.open.delete(userId);
  }
}

/**
 * The socket as the shared listener sees it, described here rather than taken from types.ts:
 * its ServerContext names UserSockets, which would make an import cycle.
 */
type Releasing = {
  data: SocketIdentity & { context: { userSockets: UserSockets } };
  client: { sockets: Map<string, unknown>; conn: { readyState: string; close(): void } };
};

function release(this: Releasing): void {
  this.data.context.userSockets.release(this.data.user.id);
  // Socket.IO keeps the connection open when its last namespace socket leaves. Parley uses one
  // namespace, so such a connection serves nothing, and it would escape the caps above and every
  // ban or logout (those find sockets, not connections): it is closed.
  const { client } = this;
  if (client.sockets.size === 0 && client.conn.readyState === 'open') client.conn.close();
}
