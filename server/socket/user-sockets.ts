import type { ExtendedError } from 'socket.io';
import type { SocketShare } from '../cluster/shared-sockets.js';
import { ErrorCode, type HandshakeErrorData } from '../protocol.js';
import type { IdentifiedSocket, SocketIdentity } from './socket-identity.js';

/**
 * How many sockets each user has open, so that one account cannot hold an unbounded number of
 * them (each costs memory, a presence entry and a share of every broadcast). A count per user,
 * not a set of sockets: it is all the cap needs, and it costs nothing per idle socket.
 */
export class UserSockets {
  private readonly open = new Map<number, number>();
  /** With several nodes: the counts of the others, and this node's told to them. */
  private readonly shared: SocketShare | undefined;

  constructor(
    private readonly maxPerUser: number,
    share?: (local: () => ReadonlyMap<number, number>) => SocketShare,
  ) {
    this.shared = share?.(() => this.open);
  }

  /**
   * Socket.IO middleware, after the token check: refuses a socket past the user's cap, counted
   * on every node. Sockets admitted at once could overshoot by the handshakes in flight: on one
   * node, at most the per-address handshake cap per address; with several, that on each node,
   * over the Redis wait (at most 500 ms).
   */
  readonly check = (socket: IdentifiedSocket, next: (err?: ExtendedError) => void): void => {
    const here = this.open.get(socket.data.user.id) ?? 0;
    if (here >= this.maxPerUser) return this.refuse(next);
    if (!this.shared) return next();
    void this.shared
      .elsewhere(socket.data.user.id)
      .then((there) => {
        // Read again: sockets of the user may have connected here meanwhile.
        if ((this.open.get(socket.data.user.id) ?? 0) + there >= this.maxPerUser) this.refuse(next);
        else next();
      })
      // Nothing here throws; were it to, the handshake would end at Socket.IO's connect timeout.
      .catch(() => {});
  };

  private refuse(next: (err?: ExtendedError) => void): void {
    const refused: ExtendedError & { data?: HandshakeErrorData } = new Error(
      `At most ${this.maxPerUser} connections per account; close one to open another.`,
    );
    refused.data = { code: ErrorCode.tooManyConnections };
    next(refused);
  }

  /** Counts a connected socket until it disconnects. */
  track(socket: IdentifiedSocket): void {
    const userId = socket.data.user.id;
    const count = (this.open.get(userId) ?? 0) + 1;
    this.open.set(userId, count);
    this.shared?.changed(userId, count);
    // One shared listener (Socket.IO calls it with `this` set to the socket): no closure per socket.
    socket.on('disconnect', release);
  }

  /** Forgets one socket of the user. */
  release(userId: number): void {
    const left = (this.open.get(userId) ?? 1) - 1;
    if (left > 0) this.open.set(userId, left);
    else this.open.delete(userId);
    this.shared?.changed(userId, left);
  }

  /** Which of `userIds` have a socket open here or, with several nodes, on any live node. */
  async online(userIds: number[]): Promise<Set<number>> {
    const online = new Set(userIds.filter((id) => this.open.has(id)));
    if (!this.shared) return online;
    for (const id of await this.shared.onlineElsewhere(userIds)) online.add(id);
    return online;
  }

  /** Takes this node's counts out of Redis (a clean shutdown). */
  async stop(): Promise<void> {
    await this.shared?.stop();
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
