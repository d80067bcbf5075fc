import type pg from 'pg';
import { nameKeys } from '../../names.js';
import type { RoomAdminStore, RoomUpdateOutcome } from '../room-admin-store.js';
import { toRoomAdminFacts, type FactsRow } from '../sqlite/sqlite-room-admin.js';
import { inTransaction, one } from './pg-pool.js';
import { dropRoomIn, removeMemberIn } from './pg-room-drop.js';
import { isUniqueViolation } from './pg-room-rows.js';
import { lockUser } from './pg-user-actions.js';
import { pgPublicJoin } from './pg-public-join.js';

/**
 * createRoom's look-alike check (pg-rooms.ts), leaving out the room itself: a room may take a
 * name that looks like its own (`General` for `general`). $1 the folded key, $2 the shape key,
 * $3 the actor, $4 the room.
 */
const LOOK_ALIKE_IN_SIGHT = `
  SELECT 1 FROM rooms WHERE kind = 'public' AND name_key = $1 AND id <> $4
  UNION ALL
  SELECT 1 FROM rooms WHERE kind = 'public' AND shape_key = $2 AND id <> $4
  UNION ALL
  SELECT 1 FROM members m JOIN rooms r ON r.id = m.room_id
  WHERE m.user_id = $3 AND r.kind = 'private' AND r.id <> $4
    AND (r.name_key = $1 OR r.shape_key = $2)
  LIMIT 1`;

type RoomUpdate = Parameters<RoomAdminStore['updateRoom']>[0];

/** `updateRoom` in one transaction, with the rules of sqlite-room-admin.ts. */
async function updateIn(db: pg.PoolClient, u: RoomUpdate): Promise<RoomUpdateOutcome> {
  // The actor's row, then the room's (a user's row before a room's, as createRoom and
  // openDirect take them). The actor's lock serialises their renames with their creations on
  // every node: the look-alike check against their own private rooms has no unique index to
  // fall back on. The room's lock makes two changes of one room read what the other wrote.
  if (u.name !== undefined) await lockUser(db, u.actorId);
  const room = await one<{ name: string; topic: string }>(
    db,
    'SELECT name, topic FROM rooms WHERE id = $1 FOR NO KEY UPDATE',
    [u.roomId],
  );
  if (!room) return { ok: false, reason: 'not_found' };
  let changed = false;
  if (u.name !== undefined && u.name !== room.name) {
    const { folded, shape } = nameKeys(u.name);
    if (await one(db, LOOK_ALIKE_IN_SIGHT, [folded, shape, u.actorId, u.roomId]))
      return { ok: false, reason: 'name_taken' };
    await db.query('UPDATE rooms SET name = $1, name_key = $2, shape_key = $3 WHERE id = $4', [
      u.name,
      folded,
      shape,
      u.roomId,
    ]);
    changed = true;
  }
  if (u.topic !== undefined && u.topic !== room.topic) {
    await db.query('UPDATE rooms SET topic = $1 WHERE id = $2', [u.topic, u.roomId]);
    changed = true;
  }
  return { ok: true, changed };
}

/** RoomAdminStore in PostgreSQL, with the rules of sqlite-room-admin.ts. */
export function pgRoomAdmin(pool: pg.Pool): RoomAdminStore {
  return {
    async roomAdminFacts(roomId) {
      const row = await one<FactsRow>(
        pool,
        `SELECT name, kind, created_by, is_default::int AS is_default,
           (archived_at IS NOT NULL)::int AS archived
         FROM rooms WHERE id = $1`,
        [roomId],
      );
      return row && toRoomAdminFacts(row);
    },
    async isRoomArchived(roomId) {
      // Read each time, where SQLite answers from memory: another node may archive the room,
      // and nothing would tell this one. One primary-key look-up.
      const row = await one(pool, 'SELECT 1 FROM rooms WHERE id = $1 AND archived_at IS NOT NULL', [
        roomId,
      ]);
      return row !== undefined;
    },
    async updateRoom(update) {
      try {
        return await inTransaction(pool, (db) => updateIn(db, update));
      } catch (error) {
        // Another node took a look-alike public name after the check read none: the unique
        // indexes decide, and the answer is the check's.
        if (isUniqueViolation(error)) return { ok: false, reason: 'name_taken' };
        throw error;
      }
    },
    async setRoomArchived(roomId, archived, now) {
      // One statement: its row lock makes two nodes' archives of one room change it once.
      const changed = await pool.query(
        archived
          ? 'UPDATE rooms SET archived_at = $2 WHERE id = $1 AND archived_at IS NULL'
          : 'UPDATE rooms SET archived_at = NULL WHERE id = $1 AND archived_at IS NOT NULL',
        archived ? [roomId, now] : [roomId],
      );
      return (changed.rowCount ?? 0) > 0;
    },
    deleteRoom: (roomId) =>
      inTransaction(pool, async (db) => {
        // The room's row first, in the mode a delete needs: a join (its foreign key's key
        // share) waits, then fails on a room that is gone, rather than landing between the
        // members' delete and the room's and failing the drop (or deadlocking with it).
        if (!(await one(db, 'SELECT 1 FROM rooms WHERE id = $1 FOR UPDATE', [roomId])))
          return undefined;
        return dropRoomIn(db, roomId);
      }),
    removeFromRoom: (r) =>
      inTransaction(pool, async (db) => {
        // removeMemberIn locks the room's row first: an accept of an invitation to it (which
        // forgets the removal) runs wholly before or after this, never between the member's
        // delete and the note, which would leave them out of the room with no note, or back in
        // it with one.
        const outcome = await removeMemberIn(db, r.roomId, r.userId);
        // Only while the room exists: a dropped room has nothing to come back to.
        if (outcome.status === 'left')
          await db.query(
            `INSERT INTO room_removals (room_id, user_id, removed_by, removed_at)
             VALUES ($1, $2, $3, $4)
             ON CONFLICT (room_id, user_id)
             DO UPDATE SET removed_by = excluded.removed_by, removed_at = excluded.removed_at`,
            [r.roomId, r.userId, r.removedBy, r.now],
          );
        return outcome;
      }),
    async wasRemoved(roomId, userId) {
      const row = await one(
        pool,
        'SELECT 1 FROM room_removals WHERE room_id = $1 AND user_id = $2',
        [roomId, userId],
      );
      return row !== undefined;
    },
    joinPublicRoom: pgPublicJoin(pool),
  };
}
