import type { Message, Quote } from '../../../server/protocol';

/** As the server quotes (QUOTE_CHARS in protocol.ts, which the client imports as types only). */
const QUOTE_CHARS = 140;
import type { ChatState, RoomState, ThreadState } from './chat-state';
import type { StateStore } from './state-store';

/** The quote a reply shows of `original`, as it is now. */
function quoteOf(original: Message, quote: Quote): Quote {
  if (original.deletedAt !== undefined) return { ...quote, excerpt: '', deleted: true };
  return { ...quote, author: original.author, excerpt: original.text.slice(0, QUOTE_CHARS) };
}

/**
 * Puts each changed message in place wherever the client holds it (a room's window, the open
 * thread and its root), newer states only: a change that arrives twice (live, then again through
 * the change feed) or out of order is applied once. Replies quoting a changed message show its
 * new text, or "deleted". Messages the client does not hold are left to be fetched when needed.
 */
export function applyUpdates(store: StateStore, updates: Message[]): void {
  if (updates.length === 0) return;
  const byId = new Map(updates.map((m) => [m.id, m]));
  const state = store.get();
  const rooms: ChatState['rooms'] = { ...state.rooms };
  let changed = false;
  for (const roomId of new Set(updates.map((m) => m.roomId))) {
    const room = rooms[roomId];
    if (!room) continue;
    const messages = replaceHeld(room.messages, byId);
    if (messages !== room.messages) {
      rooms[roomId] = { ...room, messages } satisfies RoomState;
      changed = true;
    }
  }
  let thread = state.thread;
  if (thread) {
    const messages = replaceHeld(thread.messages, byId);
    const root = thread.root && newer(thread.root, byId.get(thread.rootId));
    if (messages !== thread.messages || root !== thread.root) {
      thread = { ...thread, messages, root } satisfies ThreadState;
      changed = true;
    }
  }
  if (changed) store.update({ rooms, thread });
}

/** `held` with newer states from `updates` and fresh quotes; the same array when nothing changed. */
function replaceHeld(held: Message[], updates: Map<number, Message>): Message[] {
  let out: Message[] | undefined;
  held.forEach((message, i) => {
    let next = newer(message, updates.get(message.id));
    const quoted = next.replyTo && updates.get(next.replyTo.id);
    if (quoted && next.replyTo) next = { ...next, replyTo: quoteOf(quoted, next.replyTo) };
    if (next !== message) (out ??= [...held])[i] = next;
  });
  return out ?? held;
}

/** The update when it is a newer state of the message than the one held. */
function newer(held: Message, update: Message | undefined): Message {
  return update && update.seq > held.seq ? update : held;
}
