import type { Logger } from '../logger.js';
import type { Message } from '../protocol.js';
import { sendHeld, type HeldMessage } from './batch-delivery.js';
import { roomChannel } from './room-channels.js';
import type { IdentifiedIo, IdentifiedSocket } from './socket-identity.js';

/** How often rooms that went quiet are forgotten. */
const FORGET_MS = 1000;

/** A flush due once the promise callbacks of the current turn have run (see `deliver`). */
const SOON = 'soon';

/** A room that delivered a message lately, and what it holds back for its next flush. */
interface RoomState {
  /** When the room last delivered (performance.now()). */
  lastEmit: number;
  /** When its two latest messages came, older first: how busy it is. */
  arrivals: [number, number];
  /** Set while messages wait: a timer for lastEmit + window, or `SOON`. */
  pending: NodeJS.Timeout | typeof SOON | undefined;
  /** Each waiting message and the socket it came from. */
  held: HeldMessage[];
  /** Events that must not overtake the waiting messages (a thread root's new reply count). */
  after: Array<() => void>;
}

/**
 * Coalesced delivery (see `ServerToClientEvents.messages`). A room's messages that one commit
 * wrote leave together, once the turn's promise callbacks have run (`process.nextTick`): after
 * the acks of that commit, not before them as a synchronous emit would. A busy room, one
 * delivering its third message within a window, also holds new messages back until lastEmit +
 * window and sends them as one `messages` frame per batch socket (and one `message` per message
 * to the others). Arrivals count when delivered, after their commit: evenly spaced messages make
 * a room busy from about two a window (200/s at 10 ms); random ones sometimes below that. Not
 * holding the second message of a window keeps a steady 100/s from waiting a few ms each for a
 * window that would gather only itself. Order within a room holds: while a room has a queue,
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
   * `windowMs` 0 never holds anything back: every message is a single `message` event at once.
   * `clustered` (other nodes serve the same rooms) holds nothing back either: each node would
   * hold its own senders' messages, so a room's messages could arrive out of order, and a join
   * on one node could not flush what another holds.
   */
  constructor(
    private readonly io: IdentifiedIo,
    windowMs: number,
    private readonly logger: Logger,
    clustered = false,
    /** The clock (ms, monotonic); tests set the times of deliveries. */
    private readonly now: () => number = () => performance.now(),
  ) {
    this.windowMs = clustered ? 0 : windowMs;
  }

  /** Delivers a new message to every socket in its room but `sender`'s, soon or in a batch. */
  deliver(message: Message, sender: IdentifiedSocket): void {
    if (this.stopped || this.windowMs === 0) {
      sender.to(roomChannel(message.roomId)).emit('message', message);
      return;
    }
    const now = this.now();
    const room = this.room(message.roomId);
    const busy = now - room.arrivals[0] < this.windowMs;
    room.arrivals = [room.arrivals[1], now];
    room.held.push({ message, sender: sender.id });
    if (room.pending) return;
    const wait = room.lastEmit + this.windowMs - now;
    if (busy && wait > 0) {
      room.pending = setTimeout(() => this.flushSafely(message.roomId), wait);
      return;
    }
    room.pending = SOON;
    process.nextTick(() => {
      if (this.rooms.get(message.roomId)?.pending === SOON) this.flushSafely(message.roomId);
    });
  }

  /** A flush outside any handler: an error is logged, never left to crash the process. */
  private flushSafely(roomId: number): void {
    try {
      this.flush(roomId);
    } catch (error) {
      this.logger.error('batches: delivering a batch failed', error);
    }
  }

  /** Runs `emit` now, or after the room's waiting messages when it has some. */
  afterQueued(roomId: number, emit: () => void): void {
    const room = this.rooms.get(roomId);
    if (room?.pending) room.after.push(emit);
    else emit();
  }

  /**
   * Sends the room's waiting messages now if it holds any (a Map lookup otherwise). Call it
   * before any socket joins or leaves the room's channel: the held messages then go to the
   * sockets that were in the room when they were written, never to one that joins after (its
   * unread counts already include them) and always to one that leaves after (it was a member).
   */
  flushRoom(roomId: number): void {
    // Logged, never thrown: the join or leave that asked must still change the channels.
    if (this.rooms.get(roomId)?.pending) this.flushSafely(roomId);
  }

  /**
   * Sends every waiting message and stops holding any. Best effort for a closing server:
   * engine.io may drop frames still unwritten when it closes the transports, and clients catch
   * up with `message:history { after }` when they reconnect (the messages are on disk).
   */
  stop(): void {
    this.stopped = true;
    clearInterval(this.forgetTimer);
    for (const [roomId, room] of this.rooms) if (room.pending) this.flushSafely(roomId);
    this.rooms.clear();
  }

  private room(roomId: number): RoomState {
    let room = this.rooms.get(roomId);
    if (!room) {
      // Long ago: a new room is neither busy nor within a window of its last emit.
      const never = -Infinity;
      room = { lastEmit: never, arrivals: [never, never], pending: undefined, held: [], after: [] };
      this.rooms.set(roomId, room);
      this.forgetTimer ??= setInterval(() => this.forget(), FORGET_MS).unref();
    }
    return room;
  }

  private flush(roomId: number): void {
    const room = this.rooms.get(roomId);
    if (!room) return;
    if (room.pending !== SOON) clearTimeout(room.pending);
    const { held, after } = room;
    Object.assign(room, { pending: undefined, held: [], after: [] });
    room.lastEmit = this.now();
    // Writes may complete out of order one day; the protocol promises oldest first.
    held.sort((a, b) => a.message.id - b.message.id);
    try {
      sendHeld(this.io, roomChannel(roomId), held);
    } finally {
      // Even after a failed send: the edits and typing queued behind it are not dropped.
      for (const emit of after) {
        try {
          emit();
        } catch (error) {
          this.logger.error('batches: an event after a batch failed', error);
        }
      }
    }
  }

  /** Drops rooms quiet for a window: their next message is neither busy nor held anyway. */
  private forget(): void {
    const stale = this.now() - this.windowMs;
    for (const [roomId, room] of this.rooms)
      if (!room.pending && room.lastEmit < stale && room.arrivals[1] < stale)
        this.rooms.delete(roomId);
    if (this.rooms.size === 0) {
      clearInterval(this.forgetTimer);
      this.forgetTimer = undefined;
    }
  }
}
