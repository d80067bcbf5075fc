import type pg from 'pg';
import type { CreateRoomOutcome, RoomStore } from '../store.js';
import { nameKeys } from '../../names.js';
import { inTransaction, one } from './pg-pool.js';
import { pgOpenDirect } from './pg-direct.js';
import { removeMemberIn } from './pg-room-drop.js';
import { pgRoomPages } from './pg-room-pages.js';
import { isUniqueViolation, loadRoom } from './pg-room-rows.js';
import { lockUser, recordAction, waitMs } from './pg-user-actions.js';

/**
 * A name is taken when it looks like (names.ts) a public room's name or the name of a private
 * room the creator is in. Other private rooms never count: they would leak. $1 the folded key,
 * $2 the shape key, $3 the creator.
 */
const LOOK_ALIKE_IN_SIGHT = `
  SELECT 1 FROM rooms WHERE kind = 'public' AND name_key = $1
  UNION ALL
  SELECT 1 FROM rooms WHERE kind = 'public' AND shape_key = $2
  UNION ALL
  SELECT 1 FROM members m JOIN rooms r ON r.id = m.room_id
  WHERE m.user_id = $3 AND r.kind = 'private' AND (r.name_key = $1 OR r.shape_key = $2)
  LIMIT 1`;

type CreateRoom = Parameters<RoomStore['createRoom']>[0];

/** Rooms and memberships in PostgreSQL, with the rules of sqlite-rooms.ts. */
export function pgRooms(pool: pg.Pool): RoomStore {
  const create = (r: CreateRoom) =>
    inTransaction(pool, async (db): Promise<CreateRoomOutcome> => {
      // The creator's lock serialises their creations across nodes: the quota counts, and the
      // look-alike check against their own private rooms, which no index covers (names of
      // private rooms are not unique). Public names need no lock: their unique indexes decide.
      await lockUser(db, r.createdBy);
      if (r.quota) {
        const retryAfterMs = await waitMs(db, r.createdBy, 'room', r.quota.perHour, r.now);
        if (retryAfterMs > 0) return { ok: false, reason: 'hourly_quota', retryAfterMs };
        const own = await one<{ n: number }>(
          db,
          `SELECT count(*)::int AS n FROM rooms WHERE created_by = $1 AND kind <> 'direct'`,
          [r.createdBy],
        );
        if ((own?.n ?? 0) >= r.quota.total) return { ok: false, reason: 'total_quota' };
      }
      const { folded, shape } = nameKeys(r.name);
      if (await one(db, LOOK_ALIKE_IN_SIGHT, [folded, shape, r.createdBy]))
        return { ok: false, reason: 'name_taken' };
      const created = await one<{ id: number }>(
        db,
        `INSERT INTO rooms (name, kind, name_key, shape_key, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [r.name, r.kind, folded, shape, r.createdBy, r.now],
      );
      if (!created) throw new Error('insert room returned no row');
      await db.query('INSERT INTO members (room_id, user_id, joined_at) VALUES ($1, $2, $3)', [
        created.id,
        r.createdBy,
        r.now,
      ]);
      await recordAction(db, r.createdBy, 'room', r.now);
      const room = await loadRoom(db, created.id);
      if (!room) throw new Error('created room vanished');
      return { ok: true, room };
    });

  return {
    async createRoom(room) {
      try {
        return await create(room);
      } catch (error) {
        // Another node took a look-alike public name after the check above read none (READ
        // COMMITTED shows only what is committed): the unique index waits for that node and
        // refuses this insert, and the answer is "taken", as SQLite answers it.
        if (isUniqueViolation(error)) return { ok: false, reason: 'name_taken' };
        throw error;
      }
    },
    getRoom: (roomId) => loadRoom(pool, roomId),
    listRooms: pgRoomPages(pool),
    async memberRoomIds(userId) {
      const rows = await pool.query<{ room_id: number }>(
        'SELECT room_id FROM members WHERE user_id = $1 ORDER BY room_id',
        [userId],
      );
      return rows.rows.map((row) => row.room_id);
    },
    async isMember(roomId, userId) {
      const row = await one(pool, 'SELECT 1 FROM members WHERE room_id = $1 AND user_id = $2', [
        roomId,
        userId,
      ]);
      return row !== undefined;
    },
    async addMember(roomId, userId) {
      // One statement: its foreign-key check waits for a leave that holds the room's row lock
      // (pg-room-drop.ts), so it never joins a room that is being dropped.
      const added = await pool.query(
        `INSERT INTO members (room_id, user_id, joined_at) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING`,
        [roomId, userId, Date.now()],
      );
      return (added.rowCount ?? 0) > 0;
    },
    removeMember: (roomId, userId) =>
      inTransaction(pool, (db) => removeMemberIn(db, roomId, userId)),
    openDirect: pgOpenDirect(pool),
    async roomMembers(roomId, { after, limit, skip = [] }) {
      // The primary key (room_id, user_id) keeps a room's members in id order: a page is a
      // range. One row past the page says whether another page follows.
      const rows = await pool.query<{ id: number; username: string; display_name: string }>(
        `SELECT u.id, u.username, u.display_name FROM members m JOIN users u ON u.id = m.user_id
         WHERE m.room_id = $1 AND m.user_id > $2 AND m.user_id <> ALL($3::bigint[])
         ORDER BY m.user_id LIMIT $4`,
        [roomId, after, skip, limit + 1],
      );
      const members = rows.rows
        .slice(0, limit)
        .map((m) => ({ id: m.id, username: m.username, displayName: m.display_name }));
      const count = await one<{ n: number }>(
        pool,
        'SELECT member_count AS n FROM rooms WHERE id = $1',
        [roomId],
      );
      return { members, more: rows.rows.length > limit, total: count?.n ?? 0 };
    },
  };
}
