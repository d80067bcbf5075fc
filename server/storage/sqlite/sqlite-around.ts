import type { Database } from 'better-sqlite3';
import type { MessageStore } from '../store.js';
import type { ChangeNumbers } from './change-numbers.js';
import { MESSAGE_SELECT, toMessage, type MessageRow } from './message-rows.js';

/** In the room's own timeline: not a thread reply, unless it was also sent to the room. */
const IN_ROOM = '(m.thread_id IS NULL OR m.also_to_room = 1)';

/**
 * `message:history { around }`: a page of a room's timeline centred on one message, to open
 * the room at a search result or a link. Two index ranges on the timeline's partial index
 * (room_id, id), one each way from the anchor, read with the room's change number in one
 * synchronous step, so that the page and its position agree.
 */
export function aroundPages(
  db: Database,
  seqs: ChangeNumbers,
): Pick<MessageStore, 'messagesAround'> {
  const ids = (where: string, order: 'ASC' | 'DESC') =>
    db.prepare<[number, number, number], { id: number }>(
      `SELECT m.id FROM messages m WHERE m.room_id = ? AND ${IN_ROOM} AND ${where}
       ORDER BY m.id ${order} LIMIT ?`,
    );
  const q = {
    anchor: db.prepare<[number, number], { id: number; thread_id: number | null; also: number }>(
      `SELECT id, thread_id, also_to_room AS also FROM messages WHERE id = ? AND room_id = ?`,
    ),
    older: ids('m.id < ?', 'DESC'),
    newer: ids('m.id > ?', 'ASC'),
    span: db.prepare<[number, number, number], MessageRow>(
      `${MESSAGE_SELECT} WHERE m.room_id = ? AND ${IN_ROOM} AND m.id BETWEEN ? AND ? ORDER BY m.id`,
    ),
  };

  return {
    async messagesAround(roomId, messageId, limit) {
      const found = q.anchor.get(messageId, roomId);
      if (!found) return undefined;
      // A thread-only reply opens its thread's root, which is in the timeline (tombstone or not).
      const id = found.thread_id !== null && !found.also ? found.thread_id : found.id;
      const changeSeq = seqs.current(roomId) ?? 0;
      // Ids only, up to `limit` each way (one more than a side can take tells whether there is
      // more); then the split: half before, the rest after, and what one side lacks goes to
      // the other. The chosen span is read whole in one range.
      const older = q.older.all(roomId, id, limit);
      const newer = q.newer.all(roomId, id, limit);
      const room = limit - 1;
      let before = Math.min(older.length, Math.floor(room / 2));
      const after = Math.min(newer.length, room - before);
      before = Math.min(older.length, room - after);
      const from = before > 0 ? (older[before - 1]?.id ?? id) : id;
      const to = after > 0 ? (newer[after - 1]?.id ?? id) : id;
      return {
        messages: q.span.all(roomId, from, to).map(toMessage),
        hasMore: older.length > before,
        hasMoreAfter: newer.length > after,
        changeSeq,
        anchorId: id,
      };
    },
  };
}
