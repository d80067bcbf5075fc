import { ChatError } from '../errors.js';
import { ErrorCode } from '../protocol.js';
import {
  authRefreshPayload,
  historyPayload,
  messageSendPayload,
  parse,
  typingPayload,
} from '../schemas.js';
import { acked, reportUnanswerable, type Fireable } from './dispatch.js';
import { NOT_TAKING_MESSAGES, requireMember } from './room-events.js';
import { roomChannel } from './types.js';

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
      return store.history(roomId, { before, after, limit: limit ?? 50 });
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

/** Typing takes no ack: bad input is reported with `request:error`, floods are dropped. */
export const typing: Fireable = (payload, socket, context) => {
  const user = socket.data.user;
  let input: { roomId: number; typing: boolean };
  try {
    input = parse(typingPayload, payload);
  } catch (error) {
    if (error instanceof ChatError) reportUnanswerable(socket, 'typing', error.toBody());
    return;
  }
  // Membership is the socket's channel, kept in step with the store by the room events.
  if (
    !socket.rooms.has(roomChannel(input.roomId)) ||
    !context.limiters.events.take(user.id).allowed
  )
    return;
  socket.to(roomChannel(input.roomId)).emit('typing', {
    roomId: input.roomId,
    user: { id: user.id, username: user.username, displayName: user.displayName },
    typing: input.typing,
  });
};
