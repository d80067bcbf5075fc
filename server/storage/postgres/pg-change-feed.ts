import type pg from 'pg';
import type { MessageStore } from '../store.js';
import type { MessageRow } from '../sqlite/message-rows.js';
import { ChangesPageBuilder } from '../changes-page.js';
import { MESSAGE_SELECT } from './pg-message-rows.js';

/**
 * `changes` in PostgreSQL: the change feed of sqlite-message-changes.ts, the same answer for the
 * same rows. Each room's current change number is read BEFORE its changed messages. Change
 * numbers commit in order (each is taken under the room's lock, pg-message-rows.ts), so every
 * change up to the number read is visible to the later read; a change committed in between
 * may show too, with a number above the position answered, and comes again next time
 * (harmless: a message is sent as it is now). Read the other way round, a change could be
 * counted in the position and missing from the answer: lost for good.
 */
export function pgChangeFeed(pool: pg.Pool): MessageStore['changes'] {
  return async (rooms, limit) => {
    const page = new ChangesPageBuilder(limit);
    if (rooms.length === 0) return page.page;
    // Every room's position in one round trip; only rooms that changed cost another.
    const found = await pool.query<{ id: number; change_seq: number }>(
      'SELECT id, change_seq FROM rooms WHERE id = ANY($1::bigint[])',
      [rooms.map((room) => room.roomId)],
    );
    const currents = new Map(found.rows.map((row) => [row.id, row.change_seq]));
    for (const { roomId, since } of rooms) {
      const current = currents.get(roomId);
      if (current === undefined || !page.wants(roomId, since, current)) continue;
      const rows = await pool.query<MessageRow>(
        `${MESSAGE_SELECT} WHERE m.room_id = $1 AND m.seq > 0 AND m.seq > $2 ORDER BY m.seq LIMIT $3`,
        [roomId, since, page.rowsToRead],
      );
      page.add(roomId, since, current, rows.rows);
    }
    return page.page;
  };
}
