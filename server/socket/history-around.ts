import { ChatError } from '../errors.js';
import { ErrorCode, type HistoryPage, type Message } from '../protocol.js';
import type { ChatStore } from '../storage/store.js';

/** The most text one history answer carries, as for the other history pages. */
const PAGE_CHARS = 128 * 1024;
const size = (m: Message) =>
  m.text.length +
  200 +
  JSON.stringify(m.reactions ?? []).length +
  200 * (m.attachments?.length ?? 0);

/**
 * `message:history { around }` for a member: the room's timeline centred on the message (or,
 * for a thread-only reply, on its thread's root); `not_found` when the message is not in that
 * room, whether it does not exist or is elsewhere. Past the page's size cap, messages are left
 * out from both ends, farthest from the anchor first, and `hasMore`/`hasMoreAfter` say so.
 */
export async function historyAround(
  store: ChatStore,
  roomId: number,
  messageId: number,
  limit: number,
): Promise<HistoryPage> {
  const page = await store.messagesAround(roomId, messageId, limit);
  if (!page) throw new ChatError(ErrorCode.notFound, 'No such message in this room.');
  let { messages, hasMore, hasMoreAfter } = page;
  const anchorId = page.anchorId;
  let chars = messages.reduce((sum, m) => sum + size(m), 0);
  while (chars > PAGE_CHARS && messages.length > 1) {
    const at = messages.findIndex((m) => m.id === anchorId);
    // Drop from the side with more messages beyond the anchor.
    const dropFirst = at >= messages.length - 1 - at;
    const dropped = dropFirst ? messages[0] : messages[messages.length - 1];
    if (!dropped || dropped.id === anchorId) break;
    messages = dropFirst ? messages.slice(1) : messages.slice(0, -1);
    if (dropFirst) hasMore = true;
    else hasMoreAfter = true;
    chars -= size(dropped);
  }
  return { messages, hasMore, hasMoreAfter, changeSeq: page.changeSeq };
}
