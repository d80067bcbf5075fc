import type { UserRef } from '../protocol.js';
import { roomChannel, type ChatIo } from './types.js';

/** How long presence changes are gathered before one broadcast per room. */
const COALESCE_MS = 50;

/**
 * Broadcasts `presence` for rooms whose online set may have changed. Changes are coalesced, so
 * that a burst of connections costs one broadcast per room rather than one per connection.
 * The online set is read from the adapter: the users with a socket in the room's channel.
 */
export class Presence {
  private readonly dirty = new Set<number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly io: ChatIo) {}

  changed(roomIds: Iterable<number>): void {
    for (const roomId of roomIds) this.dirty.add(roomId);
    this.timer ??= setTimeout(() => this.flush(), COALESCE_MS);
  }

  /** The distinct users connected to a room right now. */
  online(roomId: number): UserRef[] {
    const namespace = this.io.of('/');
    const users = new Map<number, UserRef>();
    for (const socketId of namespace.adapter.rooms.get(roomChannel(roomId)) ?? []) {
      const user = namespace.sockets.get(socketId)?.data.identity?.user;
      if (user && !users.has(user.id)) {
        users.set(user.id, { id: user.id, username: user.username, displayName: user.displayName });
      }
    }
    return [...users.values()];
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.dirty.clear();
  }

  private flush(): void {
    this.timer = undefined;
    for (const roomId of this.dirty) {
      this.io.to(roomChannel(roomId)).emit('presence', { roomId, online: this.online(roomId) });
    }
    this.dirty.clear();
  }
}
