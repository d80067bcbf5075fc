import type pg from 'pg';
import type { MessageStore } from '../store.js';
import type { MessageRow } from '../sqlite/message-rows.js';
import { one } from './pg-pool.js';
import { IN_ROOM, MESSAGE_SELECT, toMessages } from './pg-message-rows.js';

/** Up to `$3` ids of the room's timeline one way from `$2`, nearest first. */
const ids = (where: string, order: 'ASC' | 'DESC') =>
  `SELECT m.id FROM messages m WHERE m.room_id = $1 AND ${IN_ROOM} AND ${where}
   ORDER BY m.id ${order} LIMIT $3`;
const OLDER = ids('m.id < $2', 'DESC');
const NEWER = ids('m.id > $2', 'ASC');

/**
 * `messagesAround` in PostgreSQL, as sqlite-around.ts: ids up to `limit` each way from the
 * anchor (one more than a side can take tells whether there is more), half before and the rest
 * after, what one side lacks going to the other; then the chosen span, read whole in one range.
 * The room's change number is read first, so that the page is at least as new as the position
 * it answers (a change in between comes again through the feed, never goes missing).
 */
export function pgAround(pool: pg.Pool): MessageStore['messagesAround'] {
  return async (roomId, messageId, limit) => {
    const found = await one<{ id: number; thread_id: number | null; also: boolean; seq: number }>(
      pool,
      `SELECT m.id, m.thread_id, m.also_to_room AS also, r.change_seq AS seq
       FROM messages m JOIN rooms r ON r.id = m.room_id WHERE m.id = $1 AND m.room_id = $2`,
      [messageId, roomId],
    );
    if (!found) return undefined;
    // A thread-only reply opens its thread's root, which is in the timeline (tombstone or not).
    const id = found.thread_id !== null && !found.also ? found.thread_id : found.id;
    const [older, newer] = await Promise.all([
      pool.query<{ id: number }>(OLDER, [roomId, id, limit]),
      pool.query<{ id: number }>(NEWER, [roomId, id, limit]),
    ]);
    const room = limit - 1;
    let before = Math.min(older.rows.length, Math.floor(room / 2));
    const after = Math.min(newer.rows.length, room - before);
    before = Math.min(older.rows.length, room - after);
    const from = before > 0 ? (older.rows[before - 1]?.id ?? id) : id;
    const to = after > 0 ? (newer.rows[after - 1]?.id ?? id) : id;
    const span = await pool.query<MessageRow>(
      `${MESSAGE_SELECT} WHERE m.room_id = $1 AND ${IN_ROOM} AND m.id BETWEEN $2 AND $3
       ORDER BY m.id`,
      [roomId, from, to],
    );
    return {
      messages: toMessages(span.rows),
      hasMore: older.rows.length > before,
      hasMoreAfter: newer.rows.length > after,
      changeSeq: found.seq,
      anchorId: id,
    };
  };
}
