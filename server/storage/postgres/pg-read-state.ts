import type pg from 'pg';
import { UNREAD_CAP, type NotifyLevel, type ReadState } from '../../protocol.js';
import type { MessageStore } from '../store.js';
import { one, type Queryable } from './pg-pool.js';

/** The read-state columns {@link readStateColumns} adds to a row; null where not a member. */
export interface ReadStateColumns {
  last_read_id: number | null;
  notify: string | null;
  unread: number;
  mentions: number;
}

/**
 * A member's read state as columns of a query that has the member's row as `mb` (all null when
 * not a member), the room as `r` and the user's id as parameter `user`: the counts of
 * sqlite-read-state.ts, stopping at UNREAD_CAP so that a room left unread for a year costs no
 * more than one left for a day. Computed inside the listing query itself, so that a page of
 * rooms is one round trip, not three per room. Arguments are SQL of this store, never input.
 */
export const readStateColumns = (user: string): string => `
  mb.last_read_id, mb.notify,
  (SELECT count(*) FROM (SELECT 1 FROM messages m
     WHERE m.room_id = r.id AND m.id > mb.last_read_id AND m.author_id <> ${user}
       AND m.deleted_at IS NULL AND (m.thread_id IS NULL OR m.also_to_room)
     LIMIT ${UNREAD_CAP}) unread)::int AS unread,
  (SELECT count(*) FROM (
     SELECT mn.message_id FROM mentions mn
     WHERE mn.user_id = ${user} AND mn.room_id = r.id AND mn.message_id > mb.last_read_id
     UNION
     SELECT m.id FROM messages m
     WHERE m.room_id = r.id AND m.id > mb.last_read_id AND m.mentions_room AND m.author_id <> ${user}
     LIMIT ${UNREAD_CAP}) mentioned)::int AS mentions`;

/** The read state of those columns; undefined when the user is not a member. */
export function toReadState(row: ReadStateColumns, kind: string): ReadState | undefined {
  if (row.last_read_id === null) return undefined;
  return {
    lastReadId: row.last_read_id,
    unread: row.unread,
    mentions: row.mentions,
    // Rooms start at `mentions` and direct conversations at `all` (protocol.ts NotifyLevel).
    notify: (row.notify as NotifyLevel | null) ?? (kind === 'direct' ? 'all' : 'mentions'),
  };
}

/** The member's read state, read with the columns above; undefined when not a member. */
async function readStateOf(db: Queryable, roomId: number, userId: number) {
  const row = await one<ReadStateColumns & { kind: string }>(
    db,
    `SELECT ${readStateColumns('$2')}, r.kind FROM members mb JOIN rooms r ON r.id = mb.room_id
     WHERE mb.room_id = $1 AND mb.user_id = $2`,
    [roomId, userId],
  );
  return row && toReadState(row, row.kind);
}

/**
 * Read positions and notification levels in PostgreSQL, as sqlite-read-state.ts. Each write is
 * one statement (no check to guard), followed by a read of the state it left.
 */
export function pgReadStates(
  pool: pg.Pool,
): Pick<MessageStore, 'readState' | 'markRead' | 'setNotify'> {
  return {
    readState: (roomId, userId) => readStateOf(pool, roomId, userId),
    async markRead(roomId, userId, messageId) {
      // Forward only, and never past the room's newest message (thread replies included).
      await pool.query(
        `UPDATE members SET last_read_id = greatest(last_read_id,
           least($1, (SELECT coalesce(max(id), 0) FROM messages WHERE room_id = $2)))
         WHERE room_id = $2 AND user_id = $3`,
        [messageId, roomId, userId],
      );
      return readStateOf(pool, roomId, userId);
    },
    async setNotify(roomId, userId, level) {
      await pool.query('UPDATE members SET notify = $1 WHERE room_id = $2 AND user_id = $3', [
        level,
        roomId,
        userId,
      ]);
      return readStateOf(pool, roomId, userId);
    },
  };
}
