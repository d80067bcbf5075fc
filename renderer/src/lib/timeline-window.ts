import type { Message } from '../../../server/protocol';
import { lastSeenId, mergeMessages, type RoomState } from './chat-state';
import type { Requester } from './room-directory';
import type { ActionResult } from './socket-request';
import type { StateStore } from './state-store';

/** Messages asked for around a search result: about half before it, half after. */
const AROUND_PAGE = 50;
/** Newer pages while scrolling down a detached window, the most the server gives. */
const NEWER_PAGE = 100;
/** The newest page when going back to the latest messages (as a room's first load). */
const LATEST_PAGE = 50;

/** What the window needs from the rest of the client. */
export interface WindowHooks {
  /** A page as of `changeSeq` was merged: changes announced meanwhile come through the feed. */
  pageRead(roomId: number, changeSeq: number): void;
  /** Fetches what came after the newest message held (the window is attached again). */
  catchUp(roomId: number): Promise<boolean>;
  /** The window took in more messages: read them if the room is in view. */
  seen(roomId: number): void;
}

/** A contiguous run of a room's messages and whether more lie on either side of it. */
interface Run {
  messages: Message[];
  hasOlder: boolean;
  hasNewer: boolean;
}

/**
 * A room's timeline opened away from its newest messages: at a search result, with
 * `message:history { around }`, instead of paging back until it is found. The window is then
 * detached (`RoomState.hasNewer`): older pages load as usual, newer ones with `loadNewer` until
 * the newest is reached, when it is attached again and what arrived live meanwhile is fetched.
 * Live messages stay out of a detached window (RoomSync), and the read position moves only as far
 * as the window goes (ReadState). Sending from a detached window goes back to the latest.
 */
export class TimelineWindow {
  private readonly loadingNewer = new Set<number>();

  constructor(
    private readonly store: StateStore,
    private readonly request: Requester,
    private readonly hooks: WindowHooks,
  ) {}

  /** Opens the room's window at the message (fetching the page around it unless it is held). */
  async openAt(roomId: number, messageId: number): Promise<ActionResult> {
    const held = this.store.get().rooms[roomId];
    if (!held) return { ok: false, error: { code: 'not_found', message: 'No such room.' } };
    if (held.messages.some((m) => m.id === messageId)) {
      this.store.patchRoom(roomId, () => ({ focus: { id: messageId } }));
      return { ok: true };
    }
    const page = await this.request('message:history', {
      roomId,
      around: messageId,
      limit: AROUND_PAGE,
    });
    if (!page.ok) return page;
    const around: Run = {
      messages: page.messages,
      hasOlder: page.hasMore,
      hasNewer: page.hasMoreAfter ?? false,
    };
    this.store.patchRoom(roomId, (r) => {
      // Held messages that overlap the page make one run with it; others are let go.
      const joined = r.loaded ? joinRuns(runOf(r), around) : null;
      return {
        ...(joined ?? { ...around, changeSeq: page.changeSeq }),
        loaded: true,
        focus: { id: messageId },
      };
    });
    this.hooks.pageRead(roomId, page.changeSeq);
    if (!around.hasNewer) await this.hooks.catchUp(roomId);
    this.hooks.seen(roomId);
    return { ok: true };
  }

  /** The next newer page of a detached window; the last one attaches it again. */
  async loadNewer(roomId: number): Promise<void> {
    const room = this.store.get().rooms[roomId];
    if (!room?.hasNewer || this.loadingNewer.has(roomId)) return;
    const after = lastSeenId(room);
    this.loadingNewer.add(roomId);
    const page = await this.request('message:history', { roomId, after, limit: NEWER_PAGE });
    this.loadingNewer.delete(roomId);
    if (!page.ok) return;
    let merged = false;
    this.store.patchRoom(roomId, (r) => {
      // The window moved meanwhile (opened elsewhere, or back at the latest): not its page.
      if (!r.hasNewer || lastSeenId(r) !== after) return {};
      merged = true;
      return { messages: mergeMessages(r.messages, page.messages), hasNewer: page.hasMore };
    });
    if (!merged) return;
    this.hooks.pageRead(roomId, page.changeSeq);
    // Live messages were kept out until now: whatever the page missed is fetched.
    if (!page.hasMore) await this.hooks.catchUp(roomId);
    this.hooks.seen(roomId);
  }

  /** Leaves a detached window for the room's newest page, as when it was first opened. */
  async toLatest(roomId: number): Promise<void> {
    if (!this.store.get().rooms[roomId]?.hasNewer) return;
    const page = await this.request('message:history', { roomId, limit: LATEST_PAGE });
    if (!page.ok) return;
    this.store.patchRoom(roomId, () => ({
      messages: page.messages,
      hasOlder: page.hasMore,
      hasNewer: false,
      changeSeq: page.changeSeq,
    }));
    this.hooks.pageRead(roomId, page.changeSeq);
    await this.hooks.catchUp(roomId);
    this.hooks.seen(roomId);
  }

  /**
   * A live message that a detached window kept out. One's own message sent from here takes the
   * window back to the latest, where it shows, as in Slack; anything else waits for the reader.
   */
  liveWhileDetached(message: Message, sentHere: boolean): void {
    if (sentHere) void this.toLatest(message.roomId);
  }
}

const runOf = (room: RoomState): Run => ({
  messages: room.messages,
  hasOlder: room.hasOlder,
  hasNewer: room.hasNewer === true,
});

/**
 * Two contiguous runs of the same timeline whose id ranges overlap are one contiguous run;
 * null when they do not overlap (or either is empty), since a gap may lie between them.
 */
export function joinRuns(a: Run, b: Run): Run | null {
  const aFirst = a.messages[0]?.id;
  const aLast = a.messages[a.messages.length - 1]?.id;
  const bFirst = b.messages[0]?.id;
  const bLast = b.messages[b.messages.length - 1]?.id;
  if (aFirst === undefined || aLast === undefined || bFirst === undefined || bLast === undefined)
    return null;
  if (bFirst > aLast || aFirst > bLast) return null;
  return {
    messages: mergeMessages(a.messages, b.messages),
    hasOlder: aFirst <= bFirst ? a.hasOlder : b.hasOlder,
    hasNewer: aLast >= bLast ? a.hasNewer : b.hasNewer,
  };
}
