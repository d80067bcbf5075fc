import type { UserRef } from '../protocol.js';
import { roomChannel } from './room-channels.js';
import type { IdentifiedIo } from './socket-identity.js';

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
  /** Big rooms that changed while waiting for their timer: only those are told again. */
  private readonly bigRoomChanged = new Set<number>();
  /** What each room was last told, so that a change that changes nothing sends nothing. */
  private readonly lastSent = new Map<number, string>();
  /** Sockets that entered a room since its last broadcast: they need the list even if unchanged. */
  private readonly joiners = new Map<number, string[]>();
  private timer: NodeJS.Timeout | undefined;
  /** Set by stop(): the sockets closed after it must not schedule anything more. */
  private stopped = false;

  constructor(private readonly io: IdentifiedIo) {}

  /** A socket entered the room: it is owed the current list, changed or not. */
  joined(roomId: number, socketId: string): void {
    if (this.stopped) return;
    const waiting = this.joiners.get(roomId);
    if (waiting) waiting.push(socketId);
    else this.joiners.set(roomId, [socketId]);
    this.changed([roomId]);
  }

  changed(roomIds: Iterable<number>): void {
    if (this.stopped) return;
    for (const roomId of roomIds) {
      if (this.bigRoomDue.has(roomId)) this.bigRoomChanged.add(roomId);
      else this.dirty.add(roomId);
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
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.dirty.clear();
    for (const timer of this.bigRoomDue.values()) clearTimeout(timer);
    this.bigRoomDue.clear();
    this.bigRoomChanged.clear();
    this.lastSent.clear();
    this.joiners.clear();
  }

  private flush(): void {
    this.timer = undefined;
    for (const roomId of this.dirty) this.broadcast(roomId);
    this.dirty.clear();
  }

  private broadcast(roomId: number): void {
    const online = this.online(roomId);
    const joiners = this.joiners.get(roomId) ?? [];
    this.joiners.delete(roomId);
    // A socket of someone already online joining, or one of two tabs closing, changes nothing
    // for the room: only the sockets that just entered are told.
    const snapshot = online.map((user) => user.id).join(',');
    const unchanged = this.lastSent.get(roomId) === snapshot;
    if (unchanged && joiners.length === 0) return;
    if (online.length === 0) this.lastSent.delete(roomId);
    else this.lastSent.set(roomId, snapshot);
    const channel = unchanged ? this.io.to(joiners) : this.io.to(roomChannel(roomId));
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
        if (this.bigRoomChanged.delete(roomId)) this.changed([roomId]);
      }, BIG_ROOM_MS),
    );
  }
}
