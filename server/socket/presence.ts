import type { UserRef } from '../protocol.js';
import { roomChannel, type ChatIo } from './types.js';

/** How long presence changes are gathered before one broadcast per room. */
const COALESCE_MS = 50;
/** Rooms with more people online than this get a capped list, at most once per BIG_ROOM_MS. */
export const PRESENCE_LIST_LIMIT = 200;
const BIG_ROOM_MS = 10_000;

/**
 * Broadcasts `presence` for rooms whose online set may have changed. Changes are coalesced, so
 * that a burst of connections costs one broadcast per room, not one per connection. Every
 * broadcast goes to everyone in the room, so its cost grows with the square of the room's size:
 * big rooms are told at most every 10 s, with the list capped and the full count beside it.
 */
export class Presence {
  private readonly dirty = new Set<number>();
  private readonly bigRoomDue = new Map<number, NodeJS.Timeout>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly io: ChatIo) {}

  changed(roomIds: Iterable<number>): void {
    for (const roomId of roomIds) {
      if (!this.bigRoomDue.has(roomId)) this.dirty.add(roomId);
    }
    if (this.dirty.size > 0) this.timer ??= setTimeout(() => this.flush(), COALESCE_MS);
  }

  /** The distinct users connected to a room right now, in the order they are found. */
  online(roomId: number): UserRef[] {
    const namespace = this.io.of('/');
    const users = new Map<number, UserRef>();
    for (const socketId of namespace.adapter.rooms.get(roomChannel(roomId)) ?? []) {
      const user = namespace.sockets.get(socketId)?.data.user;
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
    for (const timer of this.bigRoomDue.values()) clearTimeout(timer);
    this.bigRoomDue.clear();
  }

  private flush(): void {
    this.timer = undefined;
    for (const roomId of this.dirty) this.broadcast(roomId);
    this.dirty.clear();
  }

  private broadcast(roomId: number): void {
    const online = this.online(roomId);
    const channel = this.io.to(roomChannel(roomId));
    if (online.length <= PRESENCE_LIST_LIMIT) {
      channel.emit('presence', { roomId, online });
      return;
    }
    channel.emit('presence', {
      roomId,
      online: online.slice(0, PRESENCE_LIST_LIMIT),
      onlineCount: online.length,
    });
    // Later changes wait for this timer, which sends one fresh snapshot for all of them.
    this.bigRoomDue.set(
      roomId,
      setTimeout(() => {
        this.bigRoomDue.delete(roomId);
        this.changed([roomId]);
      }, BIG_ROOM_MS),
    );
  }
}
