import type pg from 'pg';
import type { OpenDirectOutcome, RoomStore } from '../store.js';
import { inTransaction, one } from './pg-pool.js';
import { loadRoom } from './pg-room-rows.js';
import { lockUsers, recordAction, waitMs } from './pg-user-actions.js';

/** Adds every one of `ids` not in the room yet; true when anyone was added. */
async function addAll(db: pg.PoolClient, roomId: number, ids: number[], now: number) {
  const added = await db.query(
    `INSERT INTO members (room_id, user_id, joined_at)
     SELECT $1, unnest($2::bigint[]), $3 ON CONFLICT DO NOTHING`,
    [roomId, ids, now],
  );
  return (added.rowCount ?? 0) > 0;
}

/**
 * `dm:open` in one transaction, with the rules of sqlite-direct.ts: a block or a quota is
 * checked against the state the room is created or refilled in, and the same set of people
 * always gets the same room, on whichever node it is opened.
 */
export function pgOpenDirect(pool: pg.Pool): RoomStore['openDirect'] {
  return (open) =>
    inTransaction(pool, async (db): Promise<OpenDirectOutcome> => {
      // The sorted ids name the set: two people keep the `min:max` key direct rooms always had.
      const ids = [...new Set(open.userIds)].sort((x, y) => x - y);
      if (ids.length < 2) throw new Error('a direct room needs two people');
      const group = ids.length > 2;
      // Everyone's row, in id order (the order every writer of several users takes): a block
      // (pg-blocks.ts locks the blocker) then lands wholly before this check or after the room
      // is made, never between the check and the members it adds.
      await lockUsers(db, ids);
      if (group) {
        // Any block, either way, between two of the people: nobody is put in a group with
        // someone they blocked or who blocked them.
        const among = await one(
          db,
          `SELECT 1 FROM blocks
           WHERE blocker_id = ANY($1::bigint[]) AND blocked_id = ANY($1::bigint[]) LIMIT 1`,
          [ids],
        );
        if (among) return { ok: false, reason: 'blocked' };
      } else {
        // Between two, only the blocked person is turned away: the blocker still reads the room.
        const other = ids[0] === open.openedBy ? ids[1] : ids[0];
        const blocked = await one(
          db,
          'SELECT 1 FROM blocks WHERE blocker_id = $1 AND blocked_id = $2',
          [other, open.openedBy],
        );
        if (blocked) return { ok: false, reason: 'blocked' };
      }
      const key = ids.join(':');
      const found = async () =>
        (await one<{ id: number }>(db, 'SELECT id FROM rooms WHERE direct_key = $1', [key]))?.id;
      const opened = async (id: number, changed: boolean): Promise<OpenDirectOutcome> => {
        const room = await loadRoom(db, id);
        if (!room) throw new Error('direct room vanished');
        return { ok: true, room, changed };
      };

      const existing = await found();
      // Someone who left a group is back when its set is opened again.
      if (existing !== undefined)
        return opened(existing, await addAll(db, existing, ids, open.now));
      const charged = group && open.perHour !== undefined;
      if (charged) {
        // A new group lands in the lists of people who did not ask for it: it costs a room, of
        // the allowance createRoom counts, under the opener's lock, taken above with everyone's.
        const retryAfterMs = await waitMs(db, open.openedBy, 'room', open.perHour ?? 0, open.now);
        if (retryAfterMs > 0) return { ok: false, reason: 'hourly_quota', retryAfterMs };
      }
      // Another node may be creating this set's room right now. The unique direct_key decides:
      // ON CONFLICT waits for that node's transaction, and when it commits, inserts nothing
      // (rather than failing this transaction); the room it made is then read and refilled.
      // Opening an existing set costs nothing, so no action is recorded then.
      const created = await one<{ id: number }>(
        db,
        `INSERT INTO rooms (name, kind, direct_key, created_at) VALUES ('direct', 'direct', $1, $2)
         ON CONFLICT (direct_key) DO NOTHING RETURNING id`,
        [key, open.now],
      );
      if (!created) {
        const raced = await found();
        if (raced === undefined) throw new Error('direct room vanished');
        return opened(raced, await addAll(db, raced, ids, open.now));
      }
      if (charged) await recordAction(db, open.openedBy, 'room', open.now);
      await addAll(db, created.id, ids, open.now);
      return opened(created.id, true);
    });
}
