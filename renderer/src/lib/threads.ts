import type { Message } from '../../../server/protocol';
import { mergeMessages, type ThreadState } from './chat-state';
import type { Requester } from './room-directory';
import type { StateStore } from './state-store';

const PAGE = 50;

/**
 * The thread in the side panel: its replies, paged like a room's history (newest page first,
 * older on demand), kept current by live replies and caught up after a reconnect.
 */
export class Threads {
  constructor(
    private readonly store: StateStore,
    private readonly request: Requester,
    private readonly hooks: {
      /** Replies arrived in the open thread: they may be read now. */
      seen?: (roomId: number) => void;
      /** A page as of the room's `changeSeq` was merged (see RoomSync.pageRead). */
      pageRead?: (roomId: number, changeSeq: number) => void;
    } = {},
  ) {}

  /** Opens the thread of `rootId` (a message of the room) and loads its newest replies. */
  async open(roomId: number, rootId: number): Promise<void> {
    const root = this.store.get().rooms[roomId]?.messages.find((m) => m.id === rootId);
    const thread: ThreadState = {
      roomId,
      rootId,
      root,
      messages: [],
      hasOlder: false,
      loaded: false,
    };
    this.store.update({ thread });
    const page = await this.request('message:history', { roomId, threadId: rootId, limit: PAGE });
    if (!page.ok || !this.isOpen(roomId, rootId)) return;
    this.patch((t) => ({
      messages: mergeMessages(t.messages, page.messages),
      hasOlder: page.hasMore,
      loaded: true,
    }));
    this.hooks.seen?.(roomId);
    this.hooks.pageRead?.(roomId, page.changeSeq);
  }

  close(): void {
    this.store.update({ thread: null });
  }

  async loadOlder(): Promise<void> {
    const thread = this.store.get().thread;
    const oldest = thread?.messages[0];
    if (!thread || !thread.hasOlder || !oldest) return;
    const { roomId, rootId } = thread;
    const page = await this.request('message:history', {
      roomId,
      threadId: rootId,
      before: oldest.id,
      limit: PAGE,
    });
    if (!page.ok || !this.isOpen(roomId, rootId)) return;
    this.patch((t) => ({
      messages: mergeMessages(t.messages, page.messages),
      hasOlder: page.hasMore,
    }));
    this.hooks.pageRead?.(roomId, page.changeSeq);
  }

  /** A reply that arrived live (or was acknowledged) goes into the open thread it belongs to. */
  receive(message: Message): void {
    const thread = this.store.get().thread;
    if (!thread || message.roomId !== thread.roomId || message.threadId !== thread.rootId) return;
    this.patch((t) => ({ messages: mergeMessages(t.messages, [message]) }));
    this.hooks.seen?.(message.roomId);
  }

  /** After a reconnect: the replies sent while away, page by page. */
  async catchUp(): Promise<void> {
    const thread = this.store.get().thread;
    if (!thread?.loaded) return;
    const { roomId, rootId } = thread;
    for (let after = thread.messages[thread.messages.length - 1]?.id ?? 0; ;) {
      const page = await this.request('message:history', {
        roomId,
        threadId: rootId,
        after,
        limit: 100,
      });
      if (!page.ok || !this.isOpen(roomId, rootId)) return;
      this.patch((t) => ({ messages: mergeMessages(t.messages, page.messages) }));
      const last = page.messages[page.messages.length - 1];
      if (!page.hasMore || !last) return;
      after = last.id;
    }
  }

  private isOpen(roomId: number, rootId: number): boolean {
    const thread = this.store.get().thread;
    return thread?.roomId === roomId && thread.rootId === rootId;
  }

  private patch(change: (thread: ThreadState) => Partial<ThreadState>): void {
    const thread = this.store.get().thread;
    if (thread) this.store.update({ thread: { ...thread, ...change(thread) } });
  }
}
