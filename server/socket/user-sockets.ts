import type { ExtendedError } from 'socket.io';
import type { SocketShare } from '../cluster/shared-sockets.js';
import { ErrorCode, type HandshakeErrorData } from '../protocol.js';
import type { IdentifiedSocket, SocketIdentity } from './socket-identity.js';

/**
 * How long a socket admitted by the cap counts before it connects: past any handshake's
 * remaining steps (the room read), so that a path that fails without telling (none known) can
 * only hold a place that long.
 */
const ADMITTING_MS = 20_000;

/** A socket being admitted: until when it counts, and its connection's close listener. */
interface Admitting {
  until: number;
  conn: IdentifiedSocket['conn'];
  onClose: () => void;
}

/**
 * How many sockets each user has open, so that one account cannot hold an unbounded number of
 * them (each costs memory, a presence entry and a share of every broadcast). A count per user,
 * not a set of sockets: it is all the cap needs, and it costs nothing per idle socket.
 */
export class UserSockets {
  private readonly open = new Map<number, number>();
  /**
   * Sockets past the cap that have not connected yet, per user (socket id → until when it
   * counts): counted with the open ones, so that handshakes at once cannot all pass a cap
   * that only the connected count towards.
   */
  private readonly admitting = new Map<number, Map<string, Admitting>>();
  /** With several nodes: the counts of the others, and this node's told to them. */
  private readonly shared: SocketShare | undefined;

  constructor(
    private readonly maxPerUser: number,
    share?: (local: () => ReadonlyMap<number, number>) => SocketShare,
    private readonly admittingMs = ADMITTING_MS,
  ) {
    this.shared = share?.(() => this.open);
  }

  /**
   * Socket.IO middleware, after the token check: refuses a socket past the user's cap, counted
   * on every node, handshakes still in flight here included. Other nodes learn of a socket once
   * it connects: handshakes on several nodes at once can overshoot by those in flight on the
   * others, over the Redis wait (at most 500 ms).
   */
  readonly check = (socket: IdentifiedSocket, next: (err?: ExtendedError) => void): void => {
    const userId = socket.data.user.id;
    if (this.here(userId) >= this.maxPerUser) return this.refuse(next);
    if (!this.shared) return this.admit(socket, next);
    void this.shared
      .elsewhere(userId)
      .then((there) => {
        // Read again: sockets of the user may have connected here meanwhile.
        if (this.here(userId) + there >= this.maxPerUser) this.refuse(next);
        else this.admit(socket, next);
      })
      // Nothing here throws; were it to, the handshake would end at Socket.IO's connect timeout.
      .catch(() => {});
  };

  /** Wraps a later handshake step: a socket it refuses no longer holds a place. */
  settlingOnRefusal<S extends IdentifiedSocket>(
    step: (socket: S, next: (err?: ExtendedError) => void) => unknown,
  ): (socket: S, next: (err?: ExtendedError) => void) => void {
    return (socket, next) =>
      void step(socket, (err) => {
        if (err) this.settle(socket);
        next(err);
      });
  }

  /** The socket is connected (and counted as open) or gone: it no longer counts as admitting. */
  settle(socket: IdentifiedSocket): void {
    const userId = socket.data.user.id;
    const entries = this.admitting.get(userId);
    const entry = entries?.get(socket.id);
    // The close listener goes with the place: left on a connected socket, it and its `once`
    // wrapper would cost every idle connection ~0.3 KB for as long as it stays open.
    if (entry) socket.conn.off('close', entry.onClose);
    entries?.delete(socket.id);
    if (entries?.size === 0) this.admitting.delete(userId);
  }

  /** The user's sockets on this node: open, and admitted but not yet connected. */
  private here(userId: number): number {
    const entries = this.admitting.get(userId);
    const now = Date.now();
    if (entries)
      for (const [id, { until, conn, onClose }] of entries) {
        if (until > now) continue;
        // Its place is freed; so is its close listener, on a socket that may live on.
        conn.off('close', onClose);
        entries.delete(id);
      }
    if (entries?.size === 0) this.admitting.delete(userId);
    return (this.open.get(userId) ?? 0) + (entries?.size ?? 0);
  }

  private admit(socket: IdentifiedSocket, next: (err?: ExtendedError) => void): void {
    // Gone during the Redis wait: Socket.IO drops it after the middlewares, and nothing to count.
    if (socket.conn.readyState !== 'open') return next();
    const userId = socket.data.user.id;
    let entries = this.admitting.get(userId);
    if (!entries) this.admitting.set(userId, (entries = new Map()));
    // A client that goes away mid-handshake: its place is free at once.
    const onClose = () => this.settle(socket);
    entries.set(socket.id, { until: Date.now() + this.admittingMs, conn: socket.conn, onClose });
    socket.conn.once('close', onClose);
    next();
  }

  private refuse(next: (err?: ExtendedError) => void): void {
    const refused: ExtendedError & { data?: HandshakeErrorData } = new Error(
      `At most ${this.maxPerUser} connections per account; close one to open another.`,
    );
    refused.data = { code: ErrorCode.tooManyConnections };
    next(refused);
  }

  /** Counts a connected socket until it disconnects. */
  track(socket: IdentifiedSocket): void {
    this.settle(socket);
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
