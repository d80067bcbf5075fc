import { ChatError } from '../errors.js';
import { ErrorCode, type Message } from '../protocol.js';
import {
  authRefreshPayload,
  historyPayload,
  messageSendPayload,
  parse,
  typingPayload,
} from '../schemas.js';
import { acked, reportUnanswerable, type Fireable } from './dispatch.js';
import { fileRefusal, WITHOUT_TEXT } from './file-events.js';
import { historyAround } from './history-around.js';
import { noSuchMessage, prepareText, requireWritable } from './message-rules.js';
import { requireMember } from './room-events.js';
import { notMember, requireChannel } from './room-access.js';
import { roomChannel } from './room-channels.js';

/** message:send, message:history and auth:refresh. */
export const messageEvents = {
  'message:send': acked<'message:send', typeof messageSendPayload>(
    messageSendPayload,
    async ({ roomId, clientId, text, replyTo, threadId, alsoToRoom, fileIds }, socket, context) => {
      const author = socket.data.user;
      // Membership is the socket's channel (requireChannel): a send reads no database for it.
      await requireWritable(context, roomId, author.id, socket);
      // A message may be its files alone.
      const prepared =
        fileIds?.length && text.trim() === ''
          ? WITHOUT_TEXT
          : await prepareText(text, roomId, author, context);
      // Asked again after the awaits above: a removal that committed meanwhile has taken the
      // socket out of the channel in the same turn, and nothing is written for it. The store
      // asks once more in the write itself (a removal may still commit before that runs).
      requireChannel(socket, roomId);
      // The author is the token's user; whatever else the payload claimed was dropped by the schema.
      const outcome = await context.store.appendMessage({
        roomId,
        authorId: author.id,
        text: prepared.text,
        mentions: prepared.mentions,
        clientId,
        createdAt: Date.now(),
        replyTo,
        threadId,
        alsoToRoom,
        fileIds,
      });
      if ('refused' in outcome) {
        if (outcome.refused === 'not_member') throw notMember();
        throw outcome.refused === 'no_such_message'
          ? noSuchMessage()
          : fileRefusal(outcome.refused);
      }
      const { message, created } = outcome;
      // A clientId names one send: reused for another room it is a client bug (or a probe for a
      // message of a room the author has left), never a retry. Nothing was written for it.
      if (!created && message.roomId !== roomId)
        throw new ChatError(
          ErrorCode.invalidPayload,
          'clientId: already used for a message in another room',
        );
      // Written before it is broadcast or acknowledged; a retry of the same clientId is not re-sent.
      if (created) {
        // After this turn's acks, or in the room's next batch when it is busy (room-batches.ts).
        context.batches.deliver(message, socket);
        // A thread reply moved its root's reply count: the room sees the root's new state, never
        // before the reply itself (which may still be waiting for its batch).
        if (message.threadId !== undefined) {
          const root = await context.store.getMessage(message.threadId);
          if (root)
            context.batches.afterQueued(message.roomId, () =>
              context.io.to(roomChannel(message.roomId)).emit('message:updated', root),
            );
        }
      }
      return { message };
    },
    'messages',
  ),

  'message:history': acked<'message:history', typeof historyPayload>(
    historyPayload,
    async ({ roomId, threadId, before, after, around, limit }, socket, { store }) => {
      await requireMember(store, roomId, socket.data.user.id);
      if (around !== undefined) return historyAround(store, roomId, around, limit ?? 50);
      const page = await store.history(roomId, { threadId, before, after, limit: limit ?? 50 });
      return { ...capPage(page, after !== undefined), changeSeq: page.changeSeq };
    },
  ),

  'auth:refresh': acked<'auth:refresh', typeof authRefreshPayload>(
    authRefreshPayload,
    async ({ token }, socket, { accounts, live }) => {
      const identity = await accounts.authenticate(token);
      if (identity.user.id !== socket.data.user.id) {
        throw new ChatError(ErrorCode.forbidden, 'The new token belongs to another user.');
      }
      live.holdTo(socket, identity);
      return { expiresAt: identity.expiresAt };
    },
  ),
};

/** The most text one history answer carries: 100 full-length messages would be 1.2 MB or more. */
const HISTORY_PAGE_CHARS = 128 * 1024;

/**
 * Keeps a history page under {@link HISTORY_PAGE_CHARS}, so that what a client can make the
 * server queue per request stays small. The page keeps the messages nearest its anchor (the
 * oldest when reading forward with `after`, the newest otherwise) and says `hasMore`.
 */
function capPage(page: { messages: Message[]; hasMore: boolean }, forward: boolean) {
  let chars = 0;
  const order = forward ? page.messages : [...page.messages].reverse();
  const size = (m: Message) =>
    m.text.length +
    200 +
    JSON.stringify(m.reactions ?? []).length +
    200 * (m.attachments?.length ?? 0);
  const kept = order.findIndex((m) => (chars += size(m)) > HISTORY_PAGE_CHARS);
  if (kept < 1) return { messages: page.messages, hasMore: page.hasMore }; // all fit, or one alone
  const messages = forward ? order.slice(0, kept) : order.slice(0, kept).reverse();
  return { messages, hasMore: true };
}

/**
 * Typing takes no ack: bad input is reported with `request:error`. The dispatcher has already
 * spent the user's event budget on it, so floods are dropped before they get here.
 */
export const typing: Fireable = (payload, socket, context) => {
  const user = socket.data.user;
  let input: { roomId: number; typing: boolean };
  try {
    input = parse(typingPayload, payload);
  } catch (error) {
    if (error instanceof ChatError) reportUnanswerable(socket, 'typing', error.toBody(), true);
    return;
  }
  // Membership is the socket's channel, kept in step with the store by the room events.
  if (!socket.rooms.has(roomChannel(input.roomId))) return;
  // Nobody types in an archived (read-only) room: dropped without an answer. The store answers
  // from memory (room-admin-store.ts): typing, the most frequent event, reads no database.
  context.store.isRoomArchived(input.roomId).then(
    (archived) => {
      if (archived || !socket.rooms.has(roomChannel(input.roomId))) return;
      // Behind the room's held messages: "stopped typing" never shows before the message that
      // ended the typing.
      context.batches.afterQueued(input.roomId, () =>
        socket.to(roomChannel(input.roomId)).emit('typing', {
          roomId: input.roomId,
          user: { id: user.id, username: user.username, displayName: user.displayName },
          typing: input.typing,
        }),
      );
    },
    (error: unknown) => context.logger.error('typing: reading the room failed', error),
  );
};
