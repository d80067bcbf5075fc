import { ChatError } from '../errors.js';
import { ErrorCode, type Message } from '../protocol.js';
import { changesPayload, messageEditPayload, messageIdPayload, reactPayload } from '../schemas.js';
import { acked } from './dispatch.js';
import { auditModeration, notModerator, requireDeleter } from './message-moderation.js';
import { noSuchMessage, prepareText, requireMessage, requireWritable } from './message-rules.js';
import { notMember } from './room-access.js';
import { roomChannel } from './room-channels.js';
import type { ChatSocket } from './types.js';

/**
 * Tells everyone else with the room open (the user's other devices too) a message changed; after
 * the room's messages not yet delivered (held for a batch, or due at the end of the turn), so
 * that a change never reaches a client before the message it changes.
 */
function announce(socket: ChatSocket, message: Message): void {
  socket.data.context.batches.afterQueued(message.roomId, () =>
    socket.to(roomChannel(message.roomId)).emit('message:updated', message),
  );
}

/** message:edit, message:delete, message:react and message:changes: messages that change. */
export const messageChangeEvents = {
  'message:edit': acked<'message:edit', typeof messageEditPayload>(
    messageEditPayload,
    async ({ messageId, text }, socket, context) => {
      const user = socket.data.user;
      const original = await requireMessage(context, messageId, user.id);
      if (original.authorId !== user.id)
        throw new ChatError(ErrorCode.forbidden, 'Only its author can edit a message.');
      await requireWritable(context, original.roomId, user.id);
      const prepared = await prepareText(text, original.roomId, user, context);
      const message = await context.store.editMessage({
        messageId,
        text: prepared.text,
        mentions: prepared.mentions,
        now: Date.now(),
      });
      if (!message) throw noSuchMessage(); // deleted meanwhile
      if (message === 'not_member') throw notMember(); // left or removed meanwhile
      announce(socket, message);
      return { message };
    },
    'messages',
  ),

  'message:delete': acked<'message:delete', typeof messageIdPayload>(
    messageIdPayload,
    async ({ messageId }, socket, context) => {
      const user = socket.data.user;
      const original = await requireMessage(context, messageId, user.id);
      // Moderation: admins and the owner may take anyone's message down (message-moderation.ts).
      const moderated = await requireDeleter(context.store, original, user.id);
      const message = await context.store.deleteMessage(messageId, Date.now(), user.id);
      if (!message) throw noSuchMessage();
      if (message === 'forbidden') throw notModerator(); // demoted or banned meanwhile
      announce(socket, message);
      if (moderated) await auditModeration(context, user.id, message);
      return { message };
    },
  ),

  'message:react': acked<'message:react', typeof reactPayload>(
    reactPayload,
    async ({ messageId, emoji, on }, socket, context) => {
      const user = socket.data.user;
      const original = await requireMessage(context, messageId, user.id);
      await requireWritable(context, original.roomId, user.id);
      const outcome = await context.store.react({
        messageId,
        userId: user.id,
        emoji,
        on,
        now: Date.now(),
      });
      if ('refused' in outcome) {
        if (outcome.refused === 'no_such_message') throw noSuchMessage();
        if (outcome.refused === 'not_member') throw notMember();
        throw new ChatError(
          ErrorCode.quotaExceeded,
          'This message has as many kinds of reaction as it may.',
        );
      }
      if (outcome.changed) announce(socket, outcome.message);
      return { message: outcome.message };
    },
  ),

  'message:changes': acked<'message:changes', typeof changesPayload>(
    changesPayload,
    async ({ rooms, limit }, socket, { store }) => {
      // Rooms the user is not in are left out, whether or not they exist.
      const mine = new Set(await store.memberRoomIds(socket.data.user.id));
      const asked = rooms.filter(
        (r, i) => mine.has(r.roomId) && rooms.findIndex((o) => o.roomId === r.roomId) === i,
      );
      return store.changes(asked, limit ?? 500);
    },
  ),
};
