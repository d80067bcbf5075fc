import type { Logger } from '../logger.js';
import type { Message } from '../protocol.js';
import { roomChannel } from './room-channels.js';
import type { IdentifiedIo, IdentifiedSocket } from './socket-identity.js';

/**
 * The two global channels every socket joins exactly one of at connection: sockets whose
 * handshake said `batch: true`, and the rest. A colon after a word other than `r` keeps them
 * apart from chat room channels (`r:<id>`, see room-channels.ts) and socket ids (no colon), so
 * `roomIdOf` (and with it presence) ignores them. Only `BATCH_CHANNEL` decides who gets a
 * `messages` batch: a socket in neither gets single events, the safe default.
 */
export const BATCH_CHANNEL = 'proto:batch';
export const SINGLE_CHANNEL = 'proto:single';

/** How often rooms that went quiet are forgotten. */
const FORGET_MS = 1000;

/** A room that delivered a message lately, and what it holds back for its next flush. */
interface RoomState {
  /** When the room last delivered (performance.now()). */
  lastEmit: number;
  /** Set while messages wait; they go at lastEmit + window. */
  timer: NodeJS.Timeout | undefined;
  /** Each waiting message and the socket it came from, which its single `message` skips. */
  held: Array<{ message: Message; sender: string }>;
  /** Events that must not overtake the waiting messages (a thread root's new reply count). */
  after: Array<() => void>;
}

/**
 * Coalesced delivery (see `ServerToClientEvents.messages`). A room that delivered nothing
 * within the last window delivers at once, as before; one that did holds new messages back
 * until lastEmit + window and then sends them as one `messages` frame per batch socket (and one
 * `message` per message to the others). Order within a room holds: while a room has a queue,
 * every new message joins it, and a flush sends them by id. Whoever joins or leaves the room's
 * channel flushes it first (`flushRoom`), so a held message reaches exactly the sockets that
 * were in the room when it was written, as an unheld one does. Socket.IO encodes a broadcast
 * once but writes one frame per receiver per emit, so at 400 msg/s in a room of 500 this turns
 * 200,000 frames/s into 50,000.
 */
export class RoomBatches {
  private readonly rooms = new Map<number, RoomState>();
  private forgetTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  private readonly windowMs: number;

  /**
   * `windowMs` 0 never holds anything back: every message is a single `message` event.
   * `clustered` (other nodes serve the same rooms) holds nothing back either: each node would
   * hold its own senders' messages, so a room's messages could arrive out of order, and a join
   * on one node could not flush what another holds.
   */
  constructor(
    private readonly io: IdentifiedIo,
    windowMs: number,
    private readonly logger: Logger,
    clustered = false,
  ) {
    this.windowMs = clustered ? 0 : windowMs;
  }

  /** Delivers a new message to every socket in its room but `sender`'s, now or in a batch. */
  deliver(message: Message, sender: IdentifiedSocket): void {
    const now = performance.now();
    const room = this.stopped || this.windowMs === 0 ? undefined : this.rooms.get(message.roomId);
    if (room && (room.timer || now - room.lastEmit < this.windowMs)) {
      room.held.push({ message, sender: sender.id });
      room.timer ??= setTimeout(
        () => this.flush(message.roomId),
        room.lastEmit + this.windowMs - now,
      );
      return;
    }
    sender.to(roomChannel(message.roomId)).emit('message', message);
    if (this.stopped || this.windowMs === 0) return;
    if (room) room.lastEmit = now;
    else {
      this.rooms.set(message.roomId, {
        lastEmit: now,
        timer: undefined,
        held: [],
        after: [],
      });
      this.forgetTimer ??= setInterval(() => this.forget(), FORGET_MS).unref();
    }
  }

  /** Runs `emit` now, or after the room's waiting messages when it has some. */
  afterQueued(roomId: number, emit: () => void): void {
    const room = this.rooms.get(roomId);
    if (room?.timer) room.after.push(emit);
    else emit();
  }

  /**
   * Sends the room's waiting messages now if it holds any (a Map lookup otherwise). Call it
   * before any socket joins or leaves the room's channel: the held messages then go to the
   * sockets that were in the room when they were written, never to one that joins after (its
   * unread counts already include them) and always to one that leaves after (it was a member).
   */
  flushRoom(roomId: number): void {
    if (this.rooms.get(roomId)?.timer) this.flush(roomId);
  }

  /**
   * Sends every waiting message and stops holding any. Best effort for a closing server:
   * engine.io may drop frames still unwritten when it closes the transports, and clients catch
   * up with `message:history { after }` when they reconnect (the messages are on disk).
   */
  stop(): void {
    this.stopped = true;
    clearInterval(this.forgetTimer);
    for (const [roomId, room] of this.rooms) {
      clearTimeout(room.timer);
      if (room.timer) this.flush(roomId);
    }
    this.rooms.clear();
  }

  private flush(roomId: number): void {
    const room = this.rooms.get(roomId);
    if (!room) return;
    clearTimeout(room.timer);
    const { held, after } = room;
    Object.assign(room, { timer: undefined, held: [], after: [] });
    room.lastEmit = performance.now();
    // Writes may complete out of order one day; the protocol promises oldest first.
    held.sort((a, b) => a.message.id - b.message.id);
    const channel = roomChannel(roomId);
    const [first] = held;
    if (held.length === 1 && first) {
      // One message: the ordinary event, for batch sockets too (one emit instead of two).
      this.io.to(channel).except(first.sender).emit('message', first.message);
    } else if (held.length > 1) {
      // Only a socket known to take batches gets one; any other (even one in neither delivery
      // channel) gets single events, which every client understands.
      const { batch, singles } = this.split(channel);
      if (batch.length > 0)
        this.io.to(batch).emit(
          'messages',
          held.map((h) => h.message),
        );
      if (singles.length > 0)
        for (const { message, sender } of held)
          this.io.to(singles).except(sender).emit('message', message);
    }
    for (const emit of after) {
      try {
        emit();
      } catch (error) {
        this.logger.error('batches: an event after a batch failed', error);
      }
    }
  }

  /**
   * The room's sockets that take batches (in `BATCH_CHANNEL`, found by walking the smaller of
   * the two sets) and the rest, once per flush. Routing with `except(BATCH_CHANNEL)` instead
   * would walk every batch socket of the server on every single emit (the adapter expands an
   * excepted channel into a set of its sockets).
   */
  private split(channel: string): { batch: string[]; singles: string[] } {
    const rooms = this.io.of('/').adapter.rooms;
    const members = rooms.get(channel);
    const takers = rooms.get(BATCH_CHANNEL);
    if (!members) return { batch: [], singles: [] };
    if (!takers) return { batch: [], singles: [...members] };
    const batch: string[] = [];
    if (members.size <= takers.size) {
      for (const id of members) if (takers.has(id)) batch.push(id);
    } else for (const id of takers) if (members.has(id)) batch.push(id);
    if (batch.length === members.size) return { batch, singles: [] };
    const singles: string[] = [];
    for (const id of members) if (!takers.has(id)) singles.push(id);
    return { batch, singles };
  }

  /** Drops rooms that have been quiet for a window: their next message goes at once anyway. */
  private forget(): void {
    const stale = performance.now() - this.windowMs;
    for (const [roomId, room] of this.rooms)
      if (!room.timer && room.lastEmit < stale) this.rooms.delete(roomId);
    if (this.rooms.size === 0) {
      clearInterval(this.forgetTimer);
      this.forgetTimer = undefined;
    }
  }
}
