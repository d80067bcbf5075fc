import type { Message } from '../../protocol.js';
import { QUOTE_CHARS, REACTION_USERS } from '../../protocol.js';
import { toMessage, type MessageRow } from '../sqlite/message-rows.js';
import { one, type Queryable } from './pg-pool.js';

/** In the room's own timeline: not a thread reply, unless it was also sent to the room. */
export const IN_ROOM = '(m.thread_id IS NULL OR m.also_to_room)';

/**
 * How a message is read from PostgreSQL: the columns of SQLite's MESSAGE_SELECT, in the same
 * shapes (flags as 0 or 1, reactions, mentions and files as JSON text), so that SQLite's
 * `toMessage` maps both stores' rows and a message reads the same from either. Reactions keep
 * the first REACTION_USERS people per emoji, emojis in the order they first appeared.
 */
export const MESSAGE_SELECT = `SELECT m.id, m.room_id, m.author_id, u.username, u.display_name,
  m.text, m.client_id, m.created_at, m.seq, m.edited_at, m.deleted_at, m.thread_id,
  m.also_to_room::int AS also_to_room, m.thread_count, m.thread_last_at,
  m.mentions_room::int AS mentions_room, m.reply_to,
  q.author_id AS q_author_id, qu.username AS q_username, qu.display_name AS q_display_name,
  substr(q.text, 1, ${QUOTE_CHARS}) AS q_excerpt, q.deleted_at AS q_deleted_at,
  (SELECT coalesce(json_agg(mn.user_id ORDER BY mn.user_id), '[]')::text
     FROM mentions mn WHERE mn.message_id = m.id) AS mention_ids,
  (SELECT coalesce(json_agg(json_build_array(emoji, user_id, n) ORDER BY first, rank), '[]')::text
   FROM (
     SELECT emoji, user_id, count(*) OVER emoji AS n, min(created_at) OVER emoji AS first,
       row_number() OVER (emoji ORDER BY created_at) AS rank
     FROM reactions WHERE message_id = m.id WINDOW emoji AS (PARTITION BY emoji)
   ) ranked WHERE rank <= ${REACTION_USERS}
  ) AS reaction_pairs,
  CASE WHEN m.deleted_at IS NULL THEN (
    SELECT coalesce(json_agg(json_build_array(f.id, f.name, f.size, f.type, f.width, f.height,
      f.animated::int) ORDER BY mf.position), '[]')::text
    FROM message_files mf JOIN files f ON f.id = mf.file_id WHERE mf.message_id = m.id
  ) END AS attachment_rows
FROM messages m JOIN users u ON u.id = m.author_id
  LEFT JOIN messages q ON q.id = m.reply_to LEFT JOIN users qu ON qu.id = q.author_id`;

/** Rows of MESSAGE_SELECT as messages. */
export const toMessages = (rows: MessageRow[]): Message[] => rows.map(toMessage);

/** A message as it is now, deleted or not; undefined when there is none. */
export async function loadMessage(db: Queryable, messageId: number): Promise<Message | undefined> {
  const row = await one<MessageRow>(db, `${MESSAGE_SELECT} WHERE m.id = $1`, [messageId]);
  return row && toMessage(row);
}

/** The author's message of that client id (any room); undefined when there is none. */
export async function loadByClientId(
  db: Queryable,
  authorId: number,
  clientId: string,
): Promise<Message | undefined> {
  const row = await one<MessageRow>(
    db,
    `${MESSAGE_SELECT} WHERE m.author_id = $1 AND m.client_id = $2`,
    [authorId, clientId],
  );
  return row && toMessage(row);
}

/**
 * Locks the room's row for the rest of the transaction; false when there is no such room.
 * Every message write of a room takes it before it reads anything it checks, and before a
 * message id or a change number is taken: so the room's writes run one at a time across every
 * node, and each id and change number commits before the next one is taken, in order (a client
 * paging by `after`, or asking for changes since N, never steps over one that commits later).
 * `FOR NO KEY UPDATE`, the lock the row's own updates take (last message, change number): it
 * does not block rows that reference the room (a join's member row), while a leave's
 * `FOR UPDATE` (pg-room-drop.ts) and a member count's update wait for it, and it for them.
 */
export async function lockRoom(db: Queryable, roomId: number): Promise<boolean> {
  return (
    (await one(db, 'SELECT 1 FROM rooms WHERE id = $1 FOR NO KEY UPDATE', [roomId])) !== undefined
  );
}

/** Takes the room's next change number; call with the room locked ({@link lockRoom}). */
export async function nextChangeSeq(db: Queryable, roomId: number): Promise<number> {
  const row = await one<{ change_seq: number }>(
    db,
    'UPDATE rooms SET change_seq = change_seq + 1 WHERE id = $1 RETURNING change_seq',
    [roomId],
  );
  return row?.change_seq ?? 0;
}

/** Whether the user is in the room, as committed now (a new snapshot after a lock wait). */
export async function isMemberNow(db: Queryable, roomId: number, userId: number): Promise<boolean> {
  const row = await one(db, 'SELECT 1 FROM members WHERE room_id = $1 AND user_id = $2', [
    roomId,
    userId,
  ]);
  return row !== undefined;
}
