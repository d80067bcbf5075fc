import { ChatError } from '../errors.js';
import { parseMentions } from '../mentions.js';
import { emojify } from '../emoji-shortcodes.js';
import { ErrorCode, ROOM_MENTION_OPEN_UP_TO, type User } from '../protocol.js';
import type { MentionNames } from '../storage/store.js';
import { NOT_TAKING_MESSAGES, requireMember } from './room-events.js';
import { requireNotArchived } from './room-admin-rules.js';
import { requireChannel } from './room-access.js';
import type { ChatSocket, ServerContext } from './types.js';

/**
 * The rules a send and an edit share: the text (trimmed, not empty, shortcodes replaced, within
 * `maxTextLength` after that), who it mentions, and whether `@room` is allowed.
 */
export async function prepareText(
  text: string,
  roomId: number,
  user: User,
  { store, options }: ServerContext,
): Promise<{ text: string; mentions: MentionNames }> {
  const tooLong = () =>
    new ChatError(ErrorCode.tooLarge, `text: at most ${options.maxTextLength} characters`);
  const raw = text.trim();
  // Shortcodes at most double the text (`:wales:`, 7 units, is a 14-unit flag): anything longer
  // is refused before any parsing, so that no text costs more than its limit's worth of work.
  if (raw.length > 2 * options.maxTextLength) throw tooLong();
  const trimmed = emojify(raw);
  if (trimmed === '') throw new ChatError(ErrorCode.invalidPayload, 'text: must not be empty');
  if (trimmed.length > options.maxTextLength) throw tooLong();
  const mentions = parseMentions(trimmed);
  // `@room` reaches everyone: in a big room only the owner may wake them all.
  if (mentions.room && user.role !== 'owner') {
    const room = await store.getRoom(roomId);
    if (room && room.memberCount > ROOM_MENTION_OPEN_UP_TO)
      throw new ChatError(
        ErrorCode.forbidden,
        `@room reaches everyone; in rooms over ${ROOM_MENTION_OPEN_UP_TO} people only the owner may use it.`,
      );
  }
  return { text: trimmed, mentions };
}

/**
 * The user may write in the room: a member, the room not archived, and not on either side of a
 * block in a DM. Given the socket, membership is its room channel (`requireChannel`): a send
 * then reads no database at all for its rules in a room that is not direct (archived rooms and
 * room kinds are known from memory). Without one, the store answers.
 */
export async function requireWritable(
  { store }: ServerContext,
  roomId: number,
  userId: number,
  socket?: ChatSocket,
): Promise<void> {
  if (socket) requireChannel(socket, roomId);
  else await requireMember(store, roomId, userId);
  await requireNotArchived(store, roomId);
  const block = await store.directBlock(roomId, userId);
  if (block === 'blocked') throw new ChatError(ErrorCode.forbidden, NOT_TAKING_MESSAGES);
  if (block === 'blocking')
    throw new ChatError(ErrorCode.forbidden, 'You blocked this person; unblock them to write.');
}

/** What a non-member, or anyone asking about a deleted message, is told: nothing is there. */
export const noSuchMessage = () => new ChatError(ErrorCode.notFound, 'No such message.');

/**
 * Where a live message of a room the user is in is, and who wrote it; anything else answers
 * `not_found`, so that nobody learns what is in rooms they are not in. The message itself (its
 * reactions may list a hundred people each) is loaded once, by the change that follows.
 */
export async function requireMessage(
  context: ServerContext,
  messageId: number,
  userId: number,
): Promise<{ roomId: number; authorId: number }> {
  const message = await context.store.liveMessage(messageId);
  if (!message) throw noSuchMessage();
  if (!(await context.store.isMember(message.roomId, userId))) throw noSuchMessage();
  return message;
}
