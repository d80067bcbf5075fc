import type { UserRef } from '../protocol.js';
import { roomChannel } from './room-channels.js';
import type { IdentifiedIo } from './socket-identity.js';

/** Rooms with more people online than this get a capped list, at most once per BIG_ROOM_MS. */
export const PRESENCE_LIST_LIMIT = 200;
const BIG_ROOM_MS = 10_000;

/**
 * Sends `presence` lists to a room's sockets (presence.ts decides when). A list that changes
 * nothing is not sent, except to sockets that just entered; a big room's list is capped, with
 * the full count beside it, and the room is told again at most every BIG_ROOM_MS.
 */
export class PresenceSender {
  private readonly bigRoomDue = new Map<number, NodeJS.Timeout>();
  /** What each room was last told, so that a change that changes nothing sends nothing. */
  private readonly lastSent = new Map<number, string>();
  /** Sockets that entered a room since its last list: they need it even if unchanged. */
  private readonly joiners = new Map<number, string[]>();

  /**
   * @param local send to this node's sockets only (one of several nodes: each tells its own)
   * @param due a big room's wait is over: `changed` says whether it changed meanwhile
   */
  constructor(
    private readonly io: IdentifiedIo,
    private readonly local: boolean,
    private readonly due: (roomId: number) => void,
  ) {}

  /** Whether the room is a big one waiting for its next turn. */
  waiting(roomId: number): boolean {
    return this.bigRoomDue.has(roomId);
  }

  joined(roomId: number, socketId: string): void {
    const waiting = this.joiners.get(roomId);
    if (waiting) waiting.push(socketId);
    else this.joiners.set(roomId, [socketId]);
  }

  send(roomId: number, online: UserRef[]): void {
    const joiners = this.joiners.get(roomId) ?? [];
    this.joiners.delete(roomId);
    // A socket of someone already online joining, or one of two tabs closing, changes nothing
    // for the room: only the sockets that just entered are told.
    const snapshot = online.map((user) => user.id).join(',');
    const unchanged = this.lastSent.get(roomId) === snapshot;
    if (unchanged && joiners.length === 0) return;
    if (online.length === 0) this.lastSent.delete(roomId);
    else this.lastSent.set(roomId, snapshot);
    const io = this.local ? this.io.local : this.io;
    const channel = unchanged ? io.to(joiners) : io.to(roomChannel(roomId));
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
        this.due(roomId);
      }, BIG_ROOM_MS),
    );
  }

  stop(): void {
    for (const timer of this.bigRoomDue.values()) clearTimeout(timer);
    this.bigRoomDue.clear();
    this.lastSent.clear();
    this.joiners.clear();
  }
}
