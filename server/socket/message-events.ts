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
import { NOT_TAKING_MESSAGES, requireMember } from './room-events.js';
import { roomChannel } from './room-channels.js';

/** message:send, message:history and auth:refresh. */
export const messageEvents = {
  'message:send': acked<'message:send', typeof messageSendPayload>(
    messageSendPayload,
    async ({ roomId, clientId, text }, socket, { store, options }) => {
      const trimmed = text.trim();
      if (trimmed === '') throw new ChatError(ErrorCode.invalidPayload, 'text: must not be empty');
      if (trimmed.length > options.maxTextLength) {
        throw new ChatError(
          ErrorCode.tooLarge,
          `text: at most ${options.maxTextLength} characters`,
        );
      }
      const author = socket.data.user;
      await requireMember(store, roomId, author.id);
      const block = await store.directBlock(roomId, author.id);
      if (block === 'blocked') throw new ChatError(ErrorCode.forbidden, NOT_TAKING_MESSAGES);
      if (block === 'blocking')
        throw new ChatError(ErrorCode.forbidden, 'You blocked this person; unblock them to write.');
      // The author is the token's user; whatever else the payload claimed was dropped by the schema.
      const { message, created } = await store.appendMessage({
        roomId,
        authorId: author.id,
        text: trimmed,
        clientId,
        createdAt: Date.now(),
      });
      // A clientId names one send: reused for another room it is a client bug (or a probe for a
      // message of a room the author has left), never a retry. Nothing was written for it.
      if (!created && message.roomId !== roomId)
        throw new ChatError(
          ErrorCode.invalidPayload,
          'clientId: already used for a message in another room',
        );
      // Written before it is broadcast or acknowledged; a retry of the same clientId is not re-sent.
      if (created) socket.to(roomChannel(message.roomId)).emit('message', message);
      return { message };
    },
    'messages',
  ),

  'message:history': acked<'message:history', typeof historyPayload>(
    historyPayload,
    async ({ roomId, before, after, limit }, socket, { store }) => {
      await requireMember(store, roomId, socket.data.user.id);
      const page = await store.history(roomId, { before, after, limit: limit ?? 50 });
      return capPage(page, after !== undefined);
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
  const kept = order.findIndex((m) => (chars += m.text.length + 200) > HISTORY_PAGE_CHARS);
  if (kept < 1) return page; // all fit (-1), or the first alone is over: send it anyway
  const messages = forward ? order.slice(0, kept) : order.slice(0, kept).reverse();
  return { messages, hasMore: true };
}

/**
 * Typing takes no ack: bad input is reported with `request:error`. The dispatcher has already
 * spent the user's event budget on it, so floods are dropped before they get here.
 */
export const typing: Fireable = (payload, socket) => {
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
  socket.to(roomChannel(input.roomId)).emit('typing', {
    roomId: input.roomId,
    user: { id: user.id, username: user.username, displayName: user.displayName },
    typing: input.typing,
  });
};
