import type { Logger } from '../logger.js';
import type { Message } from '../protocol.js';
import { roomChannel } from './room-channels.js';
import type { IdentifiedIo, IdentifiedSocket } from './socket-identity.js';

/**
 * The two global channels every socket joins exactly one of at connection: sockets whose
 * handshake said `batch: true`, and the rest. A colon after a word other than `r` keeps them
 * apart from chat room channels (`r:<id>`, see room-channels.ts) and socket ids (no colon), so
 * `roomIdOf` (and with it presence) ignores them.
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
  messages: Message[];
  /** The socket each waiting message came from, which its single `message` skips. */
  senders: string[];
  /** Events that must not overtake the waiting messages (a thread root's new reply count). */
  after: Array<() => void>;
}

/**
 * Coalesced delivery (see `ServerToClientEvents.messages`). A room that delivered nothing
 * within the last window delivers at once, as before; one that did holds new messages back
 * until lastEmit + window and then sends them as one `messages` frame per batch socket (and one
 * `message` per message to the others). Order within a room holds: while a room has a queue,
 * every new message joins it. Socket.IO encodes a broadcast once but writes one frame per
 * receiver per emit, so at 400 msg/s in a room of 500 this turns 200,000 frames/s into 50,000.
 */
export class RoomBatches {
  private readonly rooms = new Map<number, RoomState>();
  private forgetTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  /** `windowMs` 0 never holds anything back: every message is a single `message` event. */
  constructor(
    private readonly io: IdentifiedIo,
    private readonly windowMs: number,
    private readonly logger: Logger,
  ) {}

  /** Delivers a new message to every socket in its room but `sender`'s, now or in a batch. */
  deliver(message: Message, sender: IdentifiedSocket): void {
    const now = performance.now();
    const room = this.stopped || this.windowMs === 0 ? undefined : this.rooms.get(message.roomId);
    if (room && (room.timer || now - room.lastEmit < this.windowMs)) {
      room.messages.push(message);
      room.senders.push(sender.id);
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
        messages: [],
        senders: [],
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

  /** Sends every waiting message (they are acknowledged, so on disk) and stops holding any. */
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
    const { messages, senders, after } = room;
    Object.assign(room, { timer: undefined, messages: [], senders: [], after: [] });
    room.lastEmit = performance.now();
    const channel = roomChannel(roomId);
    const [first] = messages;
    if (messages.length === 1 && first) {
      // One message: the ordinary event, for batch sockets too (one emit instead of two).
      this.io.to(channel).except(senders).emit('message', first);
    } else {
      const singles = this.membersOf(channel, SINGLE_CHANNEL);
      const size = this.io.of('/').adapter.rooms.get(channel)?.size ?? 0;
      if (singles.length < size) this.io.to(channel).except(singles).emit('messages', messages);
      if (singles.length > 0)
        messages.forEach((message, i) => {
          const sender = senders[i];
          this.io
            .to(singles)
            .except(sender ?? [])
            .emit('message', message);
        });
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
   * The sockets in both channels, found by walking the smaller one, once per flush. Routing with
   * `except(BATCH_CHANNEL)` instead would walk every batch socket of the server on every single
   * emit (the adapter expands an excepted channel into a set of its sockets).
   */
  private membersOf(channel: string, other: string): string[] {
    const rooms = this.io.of('/').adapter.rooms;
    const a = rooms.get(channel);
    const b = rooms.get(other);
    if (!a || !b) return [];
    const [small, big] = a.size <= b.size ? [a, b] : [b, a];
    const both: string[] = [];
    for (const id of small) if (big.has(id)) both.push(id);
    return both;
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
