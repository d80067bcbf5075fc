import type { BucketLimiter } from '../auth/rate-limit.js';
import { ChatError } from '../errors.js';
import { ErrorCode } from '../protocol.js';
import { historyPayload, messageSendPayload, parse, typingPayload } from '../schemas.js';
import type { ChatStore } from '../storage/store.js';
import { onAcked, onRaw, reportUnanswerable, type EventContext } from './acked-events.js';
import { requireMember } from './room-events.js';
import { roomChannel, type ChatSocket } from './types.js';

export interface MessageDeps {
  store: ChatStore;
  maxTextLength: number;
  /** For message:send, which has its own, stricter, per-user budget. */
  messages: EventContext;
  /** For history and typing. */
  events: EventContext;
}

/** message:send, message:history and typing. */
export function bindMessageEvents(socket: ChatSocket, deps: MessageDeps): void {
  const { store, maxTextLength } = deps;
  const me = () => socket.data.identity.user;

  onAcked(
    socket,
    'message:send',
    messageSendPayload,
    deps.messages,
    async ({ roomId, clientId, text }) => {
      const trimmed = text.trim();
      if (trimmed === '') throw new ChatError(ErrorCode.invalidPayload, 'text: must not be empty');
      if (trimmed.length > maxTextLength) {
        throw new ChatError(ErrorCode.tooLarge, `text: at most ${maxTextLength} characters`);
      }
      await requireMember(store, roomId, me().id);
      // The author is the token's user; whatever else the payload claimed was dropped by the schema.
      const { message, created } = await store.appendMessage({
        roomId,
        authorId: me().id,
        text: trimmed,
        clientId,
        createdAt: Date.now(),
      });
      // Written before it is broadcast or acknowledged; a retry of the same clientId is not re-sent.
      if (created) socket.to(roomChannel(message.roomId)).emit('message', message);
      return { message };
    },
  );

  onAcked(
    socket,
    'message:history',
    historyPayload,
    deps.events,
    async ({ roomId, before, after, limit }) => {
      await requireMember(store, roomId, me().id);
      return store.history(roomId, { before, after, limit: limit ?? 50 });
    },
  );

  bindTyping(socket, deps.events.limiter);
}

/** Typing takes no ack: bad input is reported with `request:error`, floods are dropped. */
function bindTyping(socket: ChatSocket, limiter: BucketLimiter): void {
  onRaw(socket, 'typing', (payload) => {
    const user = socket.data.identity.user;
    let input: { roomId: number; typing: boolean };
    try {
      input = parse(typingPayload, payload);
    } catch (error) {
      if (error instanceof ChatError) reportUnanswerable(socket, 'typing', error.toBody());
      return;
    }
    // Membership is the socket's channel, kept in step with the store by the room events.
    if (!socket.rooms.has(roomChannel(input.roomId)) || !limiter.take(user.id).allowed) return;
    socket.to(roomChannel(input.roomId)).emit('typing', {
      roomId: input.roomId,
      user: { id: user.id, username: user.username, displayName: user.displayName },
      typing: input.typing,
    });
  });
}
