import type { AdminStore } from '../storage/admin-store.js';

/** The part of a socket this module reads; described here so that it imports no socket types. */
interface SeenSocket {
  data: { user: { id: number }; context: { lastSeen: LastSeen } };
  on(event: 'disconnect', listener: (this: SeenSocket) => void): unknown;
}

/**
 * When each user was last seen (a socket connected or disconnected), kept in memory and written
 * to the database in one transaction by the server's periodic sweep and when it closes: a
 * connection costs no write. Readers merge `pending` over what the database holds.
 */
export class LastSeen {
  private pending = new Map<number, number>();

  /** Notes the socket's user now, and again when the socket disconnects. */
  connected(socket: SeenSocket): void {
    this.pending.set(socket.data.user.id, Date.now());
    // One shared listener (Socket.IO calls it with `this` set to the socket): no closure per socket.
    socket.on('disconnect', disconnected);
  }

  /** The later of `stored` and what is waiting to be written for the user. */
  merged(userId: number, stored: number | null): number | null {
    const waiting = this.pending.get(userId);
    return waiting === undefined ? stored : Math.max(waiting, stored ?? 0);
  }

  /** Writes what is waiting; on failure keeps it for the next flush. */
  async flush(store: Pick<AdminStore, 'recordLastSeen'>): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    try {
      await store.recordLastSeen(batch);
    } catch (error) {
      for (const [userId, at] of batch) if (!this.pending.has(userId)) this.pending.set(userId, at);
      throw error;
    }
  }

  /** For the disconnect listener. */
  touch(userId: number): void {
    this.pending.set(userId, Date.now());
  }
}

function disconnected(this: SeenSocket): void {
  this.data.context.lastSeen.touch(this.data.user.id);
}
