import type { Beat, PresenceShare } from '../cluster/shared-presence.js';
import type { UserRef } from '../protocol.js';
import { PresenceSender } from './presence-sender.js';
import { roomsHere, usersHere } from './presence-here.js';
import type { IdentifiedIo } from './socket-identity.js';

/** How long presence changes are gathered before one broadcast per room. */
const COALESCE_MS = 50;

/**
 * Broadcasts `presence` for rooms whose online set may have changed. Changes are coalesced, so
 * that a burst of connections costs one broadcast per room, not one per connection. Every
 * broadcast goes to everyone in the room, so its cost grows with the square of the room's size:
 * big rooms are told at most every 10 s, with the list capped and the full count beside it.
 *
 * One of several nodes (`share`): each node writes its own sockets' users per room to Redis,
 * tells the others which rooms changed (`parley:presence`), and tells its own sockets the union
 * of every live node's users. A node that dies drops out when its keys expire, and the others
 * then tell their rooms again.
 */
export class Presence {
  private readonly dirty = new Set<number>();
  /** Big rooms that changed while waiting for their turn: only those are told again. */
  private readonly bigRoomChanged = new Set<number>();
  private readonly sender: PresenceSender;
  private timer: NodeJS.Timeout | undefined;
  /** Set by stop(): the sockets closed after it must not schedule anything more. */
  private stopped = false;
  /** Rooms whose users on this node changed: written to the share before they are told. */
  private readonly toPublish = new Set<number>();
  /** The shared flush under way (it waits on Redis); changes meanwhile wait for the next one. */
  private sharedFlush: Promise<void> | undefined;
  /** With several nodes: this node's presence in Redis, and which nodes are alive. */
  readonly share: PresenceShare | undefined;

  constructor(
    private readonly io: IdentifiedIo,
    share?: (heartbeat: (beat: Beat) => void) => PresenceShare,
  ) {
    this.sender = new PresenceSender(io, share !== undefined, (roomId) => {
      if (this.bigRoomChanged.delete(roomId)) this.changed([roomId]);
    });
    this.share = share?.((beat) => this.beat(beat));
    if (!share) return;
    io.on('parley:presence', (roomIds) => {
      // From another node, through Redis: checked all the same.
      if (Array.isArray(roomIds) && roomIds.length <= 10_000 && roomIds.every(Number.isInteger))
        this.heard(roomIds);
    });
  }

  /** A socket entered the room: it is owed the current list, changed or not. */
  joined(roomId: number, socketId: string): void {
    if (this.stopped) return;
    this.sender.joined(roomId, socketId);
    this.changed([roomId]);
  }

  changed(roomIds: Iterable<number>, local = true): void {
    if (this.stopped) return;
    for (const roomId of roomIds) {
      if (local && this.share) this.toPublish.add(roomId);
      if (this.sender.waiting(roomId)) this.bigRoomChanged.add(roomId);
      else this.dirty.add(roomId);
    }
    if (this.dirty.size > 0) this.timer ??= setTimeout(() => this.flush(), COALESCE_MS);
  }

  /** Everyone online in the room, on every node when there are several. */
  async onlineEverywhere(roomId: number): Promise<UserRef[]> {
    const local = this.online(roomId);
    return this.share ? this.share.online(roomId, local).catch(() => local) : local;
  }

  /** The distinct users connected to a room on this node, in the order they are found. */
  online(roomId: number): UserRef[] {
    return usersHere(this.io, roomId);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const rooms = roomsHere(this.io);
    this.toPublish.clear();
    clearTimeout(this.timer);
    this.timer = undefined;
    this.dirty.clear();
    this.bigRoomChanged.clear();
    this.sender.stop();
    if (!this.share) return;
    // The flush under way ends first (it writes nothing once stopped), then this node's share
    // goes, and the other nodes are told at once rather than at their next heartbeat.
    await this.sharedFlush;
    await this.share.stop();
    if (rooms.length > 0) this.io.serverSideEmit('parley:presence', rooms);
  }

  /**
   * Each heartbeat: this node's share written again if Redis lost it, rooms told again if a node
   * came or went, and writes that failed tried again.
   */
  private beat({ nodesChanged, lost }: Beat): void {
    if (lost) this.changed(roomsHere(this.io));
    else if (nodesChanged) this.heard(roomsHere(this.io));
    if (this.toPublish.size > 0) this.changed([...this.toPublish]);
  }

  /** Rooms changed on another node (or a node came or went): told here, nothing written. */
  private heard(roomIds: Iterable<number>): void {
    const here = new Set(roomsHere(this.io));
    this.changed(
      [...roomIds].filter((roomId) => here.has(roomId)),
      false,
    );
  }

  private flush(): void {
    this.timer = undefined;
    if (!this.share) {
      for (const roomId of this.dirty) this.sender.send(roomId, this.online(roomId));
      this.dirty.clear();
      return;
    }
    // One shared flush at a time; when it ends, it looks again for what changed meanwhile.
    if (this.sharedFlush) return;
    const rooms = [...this.dirty];
    const publish = [...this.toPublish];
    this.dirty.clear();
    this.toPublish.clear();
    this.sharedFlush = this.flushShared(this.share, rooms, publish)
      .catch(() => {})
      .finally(() => {
        this.sharedFlush = undefined;
        if (this.dirty.size > 0 && !this.stopped)
          this.timer ??= setTimeout(() => this.flush(), COALESCE_MS);
      });
  }

  /**
   * This node's changes written first, then the other nodes told, then each room's union told
   * to this node's sockets. A write that fails is tried again at the next heartbeat.
   */
  private async flushShared(share: PresenceShare, rooms: number[], publish: number[]) {
    const written: number[] = [];
    await Promise.all(
      publish.map((roomId) =>
        share.publish(roomId, this.online(roomId)).then(
          () => written.push(roomId),
          () => this.toPublish.add(roomId),
        ),
      ),
    );
    if (this.stopped) return;
    if (written.length > 0) this.io.serverSideEmit('parley:presence', written);
    await Promise.all(
      rooms.map(async (roomId) => {
        const online = await this.onlineEverywhere(roomId);
        if (!this.stopped) this.sender.send(roomId, online);
      }),
    );
  }
}
