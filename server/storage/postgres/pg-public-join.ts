import type pg from 'pg';
import { publicJoinRule, type RoomAdminStore } from '../room-admin-store.js';
import { inTransaction, one } from './pg-pool.js';

/**
 * `joinPublicRoom` in PostgreSQL. The room's row is read `FOR SHARE` first: an admin's removal
 * (which locks it `FOR UPDATE`, pg-room-drop.ts), an archive (an UPDATE of it) or a deletion
 * waits for the join, or the join for them, and the checks after the lock see what they did.
 * Joins to one room do not wait for each other.
 */
export function pgPublicJoin(pool: pg.Pool): RoomAdminStore['joinPublicRoom'] {
  return (roomId, userId, now) =>
    inTransaction(pool, async (db) => {
      const room = await one<{ kind: string; archived: boolean }>(
        db,
        'SELECT kind, archived_at IS NOT NULL AS archived FROM rooms WHERE id = $1 FOR SHARE',
        [roomId],
      );
      // Read after the lock, in statements of their own (READ COMMITTED: each sees the
      // commits made before it began).
      const member = await one(db, 'SELECT 1 FROM members WHERE room_id = $1 AND user_id = $2', [
        roomId,
        userId,
      ]);
      const removed = await one(
        db,
        'SELECT 1 FROM room_removals WHERE room_id = $1 AND user_id = $2',
        [roomId, userId],
      );
      const refused = publicJoinRule(room, {
        member: member !== undefined,
        removed: removed !== undefined,
      });
      if (refused) return refused;
      // Two joins of one user (two devices, two nodes) both pass the checks: one row.
      const added = await db.query(
        `INSERT INTO members (room_id, user_id, joined_at) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING`,
        [roomId, userId, now],
      );
      return (added.rowCount ?? 0) > 0 ? ('joined' as const) : ('member' as const);
    });
}
