import type { Message } from '../../../server/protocol';
import {
  emptyRoom,
  inRoomTimeline,
  lastSeenId,
  mentionsMe,
  mergeMessages,
  settlePending,
  type RoomState,
} from './chat-state';
import { catchUpChanges } from './change-feed';
import type { ReadState } from './read-state';
import { inPool, loadJoinedRooms, type Requester } from './room-directory';
import type { StateStore } from './state-store';

const PAGE = 50;
/** Rooms caught up at once after a connect, so that many rooms do not exhaust the rate budget. */
const CATCH_UP_WIDTH = 4;
/** A sync that left a room behind (the server kept refusing) tries again after this long, */
const RETRY_MS = 5000;
/** doubling while it keeps failing, up to this: a struggling server is not asked ever faster. */
const RETRY_MAX_MS = 60_000;

export interface SyncHooks {
  /** Thread replies, for the thread in the side panel. */
  threads?: { receive(message: Message): void };
  /** A new message from someone else arrived live. */
  onIncoming?: (message: Message, room: RoomState) => void;
  /** After each sync: sends that were waiting for the connection go out. */
  synced?: () => void;
  /** Whether the socket is connected; a sync cut short by a disconnect reruns on connect. */
  online?: () => boolean;
  /** A live message kept out of a detached window; `sentHere`: its pending entry was ours. */
  detached?: (message: Message, sentHere: boolean) => void;
}

/**
 * Rooms and their messages as the server has them: after every connect the joined rooms (page by
 * page) and whatever each missed, a few rooms at a time, waiting out rate limits. One sync runs at
 * a time; asking during one runs one more after it, so nothing asked for is skipped.
 */
/** How far the server's nodes' clocks may disagree, for {@link RoomSync.behindSince}. */
const CLOCK_SLACK_MS = 5_000;

export class RoomSync {
  private running: Promise<void> | undefined;
  private again = false;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private retryMs = RETRY_MS;
  /**
   * Rooms not yet caught up since a (re)connect, and the id everything up to which is held.
   * Live messages and acknowledged sends arrive while catch-up runs and raise the newest id held,
   * so catch-up must start from here, never from the newest message: that would skip the gap.
   */
  private readonly behind = new Map<number, number>();

  constructor(
    private readonly store: StateStore,
    /** Waits out `rate_limited` answers (see `patiently`). */
    private readonly patient: Requester,
    private readonly read: ReadState,
    private readonly hooks: SyncHooks = {},
  ) {}

  /**
   * Live events since `since` (server time, ms) may be missing: each loaded room's next catch-up
   * reads from the newest message held that is older than that, less CLOCK_SLACK_MS for the
   * clocks of the server's nodes, never from a later one that arrived live after the gap.
   */
  behindSince(since: number): void {
    for (const room of Object.values(this.store.get().rooms)) {
      if (!room.loaded || room.hasNewer) continue;
      const before = room.messages.filter((m) => m.createdAt < since - CLOCK_SLACK_MS).at(-1);
      // Nothing held is that old: from the start of what is held (a room with older pages
      // unread), or of the room; never the whole history of a busy room.
      const first = room.messages[0];
      const from = before?.id ?? (room.hasOlder && first ? first.id - 1 : 0);
      const known = this.behind.get(room.room.id);
      this.behind.set(room.room.id, known === undefined ? from : Math.min(known, from));
    }
  }

  /** Brings every joined room up to date; resolves when no sync is running or asked for. */
  sync(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    clearTimeout(this.retry);
    this.running = (async () => {
      do {
        this.again = false;
        await this.syncOnce();
      } while (this.again);
    })().finally(() => (this.running = undefined));
    return this.running;
  }

  /** No more retries: the client is stopping. */
  stop(): void {
    clearTimeout(this.retry);
    this.retry = undefined;
  }

  /** Loads the newest page once, then only what came after the newest message seen. */
  async catchUp(roomId: number): Promise<boolean> {
    const room = this.store.get().rooms[roomId];
    if (!room) return true;
    if (!room.loaded) {
      const page = await this.patient('message:history', { roomId, limit: PAGE });
      if (!page.ok) return false;
      // Opened at a search result meanwhile: the newest page is not next to that window.
      if (this.store.get().rooms[roomId]?.hasNewer) return true;
      // The unread counts are the server's (from rooms:list), already counting this page. The
      // page is as of its `changeSeq`: that is the position, whatever the listing said, and a
      // change announced while the page was on its way comes through the feed.
      this.store.patchRoom(roomId, (r) => {
        const messages = mergeMessages(r.messages, page.messages);
        return this.withSettled({
          ...r,
          messages,
          hasOlder: page.hasMore,
          loaded: true,
          changeSeq: page.changeSeq,
        });
      });
      this.pageRead(roomId, page.changeSeq);
      if (this.read.isLookingAt(roomId)) this.read.markRead(roomId);
      return true;
    }
    // A detached window is not followed: it fetches newer pages as the reader scrolls to them.
    if (room.hasNewer) {
      this.behind.delete(roomId);
      return true;
    }
    for (let after = this.behind.get(roomId) ?? lastSeenId(room); ;) {
      const page = await this.patient('message:history', { roomId, after, limit: 100 });
      if (!page.ok) return false;
      this.receive(page.messages, false);
      const last = page.messages[page.messages.length - 1];
      if (!page.hasMore || !last) {
        this.behind.delete(roomId);
        return true;
      }
      after = last.id;
      this.behind.set(roomId, after);
    }
  }

  /**
   * Adds messages to their rooms (thread replies kept in their thread go to the open thread
   * instead); one for a room this client lacks makes it sync (once). The whole batch (a page, or
   * a `messages` event) is one store notification, so one re-render however many it holds.
   */
  receive(messages: Message[], live: boolean): void {
    let unknownRoom = false;
    this.store.batch(() => {
      // A message for a room we were just added to syncs; the rest of the batch still counts.
      for (const message of messages) if (!this.receiveOne(message, live)) unknownRoom = true;
    });
    if (unknownRoom) void this.sync();
  }

  /** One message of `receive`, against the state as the ones before it left it; false: no room. */
  private receiveOne(message: Message, live: boolean): boolean {
    const meId = this.store.get().me.id;
    const room = this.store.get().rooms[message.roomId];
    if (!room) return false;
    this.hooks.threads?.receive(message);
    const timeline = inRoomTimeline(message);
    if (
      timeline &&
      message.id <= lastSeenId(room) &&
      room.messages.some((m) => m.id === message.id)
    )
      return true;
    const fromOther = message.author.id !== meId;
    const inView = this.read.isLookingAt(message.roomId);
    // A detached window (opened at a search result) does not take live messages: unseen.
    const detached = timeline && room.hasNewer === true;
    const sentHere = !fromOther && room.pending.some((p) => p.clientId === message.clientId);
    // Seen: a timeline message in the room in view, or a reply in the thread open beside it.
    const thread = this.store.get().thread;
    const inOpenThread = message.threadId !== undefined && thread?.rootId === message.threadId;
    const seen = inView && ((timeline && !detached) || inOpenThread);
    // A message at or before the read position was read already (the user wrote after it: a
    // batch can bring it after the ack of their own later message), as the server counts it.
    const counts = live && fromOther && !seen && message.id > room.lastReadId;
    this.store.patchRoom(message.roomId, (r) =>
      this.withSettled({
        ...r,
        // A room not loaded yet holds nothing: its first page is the newest, and a message
        // kept before it could leave a gap that paging back would never fill.
        messages:
          timeline && r.loaded && !r.hasNewer ? mergeMessages(r.messages, [message]) : r.messages,
        // A thread reply of one's own settles its pending entry here: it is not in the room.
        pending: fromOther ? r.pending : r.pending.filter((p) => p.clientId !== message.clientId),
        unread: counts && timeline ? r.unread + 1 : r.unread,
        mentions: counts && mentionsMe(message, meId) ? r.mentions + 1 : r.mentions,
        // Writing in a room reads it (the server moved the read position too), on every device.
        ...(!fromOther && timeline && live
          ? { unread: 0, mentions: 0, lastReadId: Math.max(r.lastReadId, message.id) }
          : {}),
      }),
    );
    if (inView && timeline) this.read.markRead(message.roomId);
    if (detached && live) this.hooks.detached?.(message, sentHere);
    const updated = this.store.get().rooms[message.roomId];
    if (live && fromOther && updated) this.hooks.onIncoming?.(message, updated);
    return true;
  }

  private async syncOnce(): Promise<void> {
    // Where each room was complete when this sync began, before anything more arrives live.
    for (const room of Object.values(this.store.get().rooms))
      if (room.loaded && !this.behind.has(room.room.id))
        this.behind.set(room.room.id, lastSeenId(room));
    // Counts as they were before paging: a room whose counts changed meanwhile (a read on
    // another device, a live message) keeps them, as they are newer than the listing's.
    const before = new Map(
      Object.values(this.store.get().rooms).map((r) => [r.room.id, countsOf(r)] as const),
    );
    const joined = await loadJoinedRooms(this.patient);
    if (!joined) return;
    const { rooms: held, activeRoomId: active } = this.store.get();
    for (const roomId of this.behind.keys())
      if (!joined.some((room) => room.id === roomId)) this.behind.delete(roomId);
    const rooms: Record<number, RoomState> = {};
    for (const listing of joined) {
      const known = held[listing.id];
      // The server's read state is the truth; the change feed position stays the client's own.
      const fresh = emptyRoom(listing);
      const changedMeanwhile = known && before.get(listing.id) !== countsOf(known);
      rooms[listing.id] = known
        ? {
            ...known,
            room: listing,
            ...(changedMeanwhile
              ? {}
              : {
                  unread: fresh.unread,
                  mentions: fresh.mentions,
                  lastReadId: fresh.lastReadId,
                  notify: fresh.notify,
                }),
          }
        : fresh;
    }
    const activeRoomId = active !== null && rooms[active] ? active : (joined[0]?.id ?? null);
    this.store.update({ rooms, activeRoomId, listed: true });
    // The room in view first, then the rest a few at a time.
    const ids = Object.keys(rooms).map(Number);
    const order =
      activeRoomId === null ? ids : [activeRoomId, ...ids.filter((id) => id !== activeRoomId)];
    let behind = 0;
    await inPool(order, CATCH_UP_WIDTH, async (id) => {
      if (!(await this.catchUp(id))) behind++;
    });
    // Then what changed in messages already held (edits, deletions, reactions, reply counts).
    if (!(await catchUpChanges(this.store, this.patient))) behind++;
    if (activeRoomId !== null && this.read.isLookingAt(activeRoomId))
      this.read.markRead(activeRoomId);
    this.hooks.synced?.();
    // A gap must not stay: rooms the server would not answer for are asked again soon.
    clearTimeout(this.retry);
    if (behind === 0) this.retryMs = RETRY_MS;
    else if (this.hooks.online?.() ?? true) {
      this.retry = setTimeout(() => void this.sync(), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
    }
  }

  /**
   * After a page of the room's messages (as of `changeSeq`) was merged: a position past it is
   * lowered to it, and changes announced meanwhile (which could not be applied to messages not
   * yet held) come through the feed.
   */
  pageRead(roomId: number, changeSeq: number): void {
    const room = this.store.get().rooms[roomId];
    if (!room) return;
    if (room.changeSeq > changeSeq) this.store.patchRoom(roomId, () => ({ changeSeq }));
    if (Math.max(room.room.changeSeq, room.changeSeq) > changeSeq)
      void catchUpChanges(this.store, this.patient);
  }

  /** The room with every pending message that is now stored taken out, in the same update. */
  withSettled(room: RoomState): RoomState {
    return room.pending.length === 0
      ? room
      : { ...room, pending: settlePending(room, this.store.get().me.id) };
  }
}

/** A room's read counts as one comparable value. */
const countsOf = (r: RoomState): string => `${r.unread}/${r.mentions}/${r.lastReadId}/${r.notify}`;
