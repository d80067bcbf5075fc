import type { NotifyLevel, ReadState as ServerReadState } from '../../../server/protocol';
import { lastSeenId } from './chat-state';
import type { Requester } from './room-directory';
import type { ActionResult } from './socket-request';
import type { StateStore } from './state-store';

/**
 * What this person has read, kept on the server so that every device of theirs agrees: the room
 * in view, while the window is seen, is read as messages arrive. The count clears here at once;
 * the server is told with at most one `room:read` in flight per room (a mark made meanwhile
 * follows when it returns), and tells the person's other devices.
 */
export class ReadState {
  private readonly inFlight = new Set<number>();
  /** The highest id asked to be marked per room, whether or not it was sent yet. */
  private readonly wanted = new Map<number, number>();

  constructor(
    private readonly store: StateStore,
    private readonly request: Requester,
    private readonly isVisible: () => boolean = () => true,
  ) {}

  /** True when the room is the one open and the window can be seen. */
  isLookingAt(roomId: number): boolean {
    return this.store.get().activeRoomId === roomId && this.isVisible();
  }

  /**
   * Everything in the room counts as read, up to its newest message; in a detached window (a
   * search result far back), only up to the window's end, and the server counts what is left.
   */
  markRead(roomId: number): void {
    const room = this.store.get().rooms[roomId];
    if (!room) return;
    if (room.hasNewer) {
      if (lastSeenId(room) > room.lastReadId) this.markUpTo(roomId, lastSeenId(room));
      return;
    }
    // The open thread is beside the room: its replies (mentions in them too) are read with it.
    const thread = this.store.get().thread;
    const threadNewest =
      thread?.roomId === roomId ? (thread.messages[thread.messages.length - 1]?.id ?? 0) : 0;
    const newest = Math.max(lastSeenId(room), room.room.lastMessageId, threadNewest);
    if (room.unread !== 0 || room.mentions !== 0 || newest > room.lastReadId)
      this.store.patchRoom(roomId, (r) => ({
        unread: 0,
        mentions: 0,
        lastReadId: Math.max(r.lastReadId, newest),
      }));
    this.markUpTo(roomId, newest);
  }

  /** Asks the server to move the read position to `messageId` (never back). */
  private markUpTo(roomId: number, messageId: number): void {
    if (messageId > (this.wanted.get(roomId) ?? 0)) {
      this.wanted.set(roomId, messageId);
      void this.send(roomId);
    }
  }

  /** The server's word on this user's state in a room (an answer, or another device's change). */
  apply(roomId: number, read: ServerReadState): void {
    const looking = this.isLookingAt(roomId) && !this.store.get().rooms[roomId]?.hasNewer;
    this.store.patchRoom(roomId, (r) => ({
      lastReadId: Math.max(r.lastReadId, read.lastReadId),
      notify: read.notify,
      unread: looking ? 0 : read.unread,
      mentions: looking ? 0 : read.mentions,
    }));
  }

  async setNotify(roomId: number, level: NotifyLevel): Promise<ActionResult> {
    const answer = await this.request('room:notify', { roomId, level });
    if (!answer.ok) return answer;
    this.apply(roomId, answer.read);
    return { ok: true };
  }

  /** After a reconnect, marks that never reached the server are sent again. */
  resend(): void {
    for (const roomId of this.wanted.keys()) void this.send(roomId);
  }

  private async send(roomId: number): Promise<void> {
    if (this.inFlight.has(roomId)) return;
    const messageId = this.wanted.get(roomId) ?? 0;
    const room = this.store.get().rooms[roomId];
    if (!room || messageId <= 0) return;
    this.inFlight.add(roomId);
    const answer = await this.request('room:read', { roomId, messageId });
    this.inFlight.delete(roomId);
    if (answer.ok) {
      if (this.wanted.get(roomId) === messageId) this.wanted.delete(roomId);
      this.apply(roomId, answer.read);
    }
    if ((this.wanted.get(roomId) ?? 0) > messageId) void this.send(roomId);
  }
}
