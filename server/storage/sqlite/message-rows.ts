import type { Attachment, Message, Reaction } from '../../protocol.js';
import { QUOTE_CHARS, REACTION_USERS } from '../../protocol.js';
import { toAttachment } from './sqlite-files.js';

/**
 * How a message is read from SQLite: one row with its author, its quote (the message it
 * answers, as it is now), and its reactions, mentions and files as JSON from their own tables. Every
 * query that returns messages selects these columns from `messages m`.
 */
export const MESSAGE_SELECT = `SELECT m.id, m.room_id, m.author_id, u.username, u.display_name,
  m.text, m.client_id, m.created_at, m.seq, m.edited_at, m.deleted_at, m.thread_id,
  m.also_to_room, m.thread_count, m.thread_last_at, m.mentions_room, m.reply_to,
  q.author_id AS q_author_id, qu.username AS q_username, qu.display_name AS q_display_name,
  substr(q.text, 1, ${QUOTE_CHARS}) AS q_excerpt, q.deleted_at AS q_deleted_at,
  (SELECT json_group_array(user_id) FROM mentions WHERE message_id = m.id) AS mention_ids,
  (SELECT json_group_array(json_array(emoji, user_id, n) ORDER BY first, rank) FROM (
     SELECT emoji, user_id, COUNT(*) OVER emoji AS n, MIN(created_at) OVER emoji AS first,
       ROW_NUMBER() OVER (emoji ORDER BY created_at) AS rank
     FROM reactions WHERE message_id = m.id WINDOW emoji AS (PARTITION BY emoji)
   ) WHERE rank <= ${REACTION_USERS}
  ) AS reaction_pairs,
  CASE WHEN m.deleted_at IS NULL THEN (
    SELECT json_group_array(json_array(f.id, f.name, f.size, f.type, f.width, f.height, f.animated)
      ORDER BY mf.position)
    FROM message_files mf JOIN files f ON f.id = mf.file_id WHERE mf.message_id = m.id
  ) END AS attachment_rows
FROM messages m JOIN users u ON u.id = m.author_id
  LEFT JOIN messages q ON q.id = m.reply_to LEFT JOIN users qu ON qu.id = q.author_id`;

export interface MessageRow {
  id: number;
  room_id: number;
  author_id: number;
  username: string;
  display_name: string;
  text: string;
  client_id: string;
  created_at: number;
  seq: number;
  edited_at: number | null;
  deleted_at: number | null;
  thread_id: number | null;
  also_to_room: number;
  thread_count: number;
  thread_last_at: number | null;
  mentions_room: number;
  reply_to: number | null;
  q_author_id: number | null;
  q_username: string | null;
  q_display_name: string | null;
  q_excerpt: string | null;
  q_deleted_at: number | null;
  mention_ids: string;
  reaction_pairs: string;
  /** JSON `[id, name, size, type, width, height, animated]` per file; null once deleted. */
  attachment_rows: string | null;
}

/**
 * Reactions grouped by emoji, in the order each emoji first appeared, each with its count and
 * the first REACTION_USERS people (SQL keeps no more: a message's reactions stay small to send).
 */
function reactions(triples: string): Reaction[] | undefined {
  const list = JSON.parse(triples) as Array<[string, number, number]>;
  if (list.length === 0) return undefined;
  const byEmoji = new Map<string, Reaction>();
  for (const [emoji, userId, count] of list) {
    const reaction = byEmoji.get(emoji);
    if (reaction) reaction.userIds.push(userId);
    else byEmoji.set(emoji, { emoji, count, userIds: [userId] });
  }
  return [...byEmoji.values()];
}

type FileTuple = [string, string, number, string, number | null, number | null, number];

/** A message's files, in the sender's order; undefined for none (or a tombstone). */
function attachments(json: string | null): Attachment[] | undefined {
  if (json === null) return undefined;
  const tuples = JSON.parse(json) as FileTuple[];
  if (tuples.length === 0) return undefined;
  return tuples.map(([id, name, size, type, width, height, animated]) =>
    toAttachment({ id, name, size, type, width, height, animated }),
  );
}

/** A row as the protocol's Message; optional fields only when they say something. */
export function toMessage(row: MessageRow): Message {
  const message: Message = {
    id: row.id,
    roomId: row.room_id,
    author: { id: row.author_id, username: row.username, displayName: row.display_name },
    text: row.text,
    clientId: row.client_id,
    createdAt: row.created_at,
    seq: row.seq,
  };
  if (row.edited_at !== null) message.editedAt = row.edited_at;
  if (row.deleted_at !== null) message.deletedAt = row.deleted_at;
  if (row.reply_to !== null && row.q_author_id !== null) {
    const deleted = row.q_deleted_at !== null;
    message.replyTo = {
      id: row.reply_to,
      author: {
        id: row.q_author_id,
        username: row.q_username ?? '',
        displayName: row.q_display_name ?? '',
      },
      excerpt: deleted ? '' : (row.q_excerpt ?? ''),
      ...(deleted ? { deleted: true } : {}),
    };
  }
  if (row.thread_id !== null) message.threadId = row.thread_id;
  if (row.also_to_room) message.alsoToRoom = true;
  if (row.thread_count > 0)
    message.thread = { replyCount: row.thread_count, lastReplyAt: row.thread_last_at ?? 0 };
  const found = reactions(row.reaction_pairs);
  if (found) message.reactions = found;
  const mentioned = JSON.parse(row.mention_ids) as number[];
  if (mentioned.length > 0) message.mentions = mentioned;
  if (row.mentions_room) message.mentionsRoom = true;
  const files = attachments(row.attachment_rows);
  if (files) message.attachments = files;
  return message;
}

/** What the insert of a message returns: enough to build it without reading it back. */
export interface InsertedRow {
  id: number;
  seq: number;
  username: string;
  display_name: string;
}

/**
 * A message just inserted that quotes nothing, is in no thread, has no files and names nobody:
 * exactly what `toMessage` would read back for it (no reactions, mentions or replies yet), built
 * from the insert's own `RETURNING`, so that the common send skips MESSAGE_SELECT's joins and
 * subqueries. Any other message is read back.
 */
export function freshMessage(
  row: InsertedRow,
  m: { roomId: number; authorId: number; text: string; clientId: string; createdAt: number },
  mentionsRoom: boolean,
): Message {
  const message: Message = {
    id: row.id,
    roomId: m.roomId,
    author: { id: m.authorId, username: row.username, displayName: row.display_name },
    text: m.text,
    clientId: m.clientId,
    createdAt: m.createdAt,
    seq: row.seq,
  };
  if (mentionsRoom) message.mentionsRoom = true;
  return message;
}
