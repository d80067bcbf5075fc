import type { Database } from 'better-sqlite3';
import { publicJoinRule, type RoomAdminStore } from '../room-admin-store.js';

/**
 * `joinPublicRoom` in SQLite: one transaction, as every write here is one at a time, so the
 * checks and the insert see the same room.
 */
export function sqlitePublicJoin(db: Database): RoomAdminStore['joinPublicRoom'] {
  const q = {
    room: db.prepare<[number], { kind: string; archived: number }>(
      'SELECT kind, archived_at IS NOT NULL AS archived FROM rooms WHERE id = ?',
    ),
    member: db.prepare<[number, number]>('SELECT 1 FROM members WHERE room_id = ? AND user_id = ?'),
    removed: db.prepare<[number, number]>(
      'SELECT 1 FROM room_removals WHERE room_id = ? AND user_id = ?',
    ),
    add: db.prepare<[number, number, number]>(
      'INSERT INTO members (room_id, user_id, joined_at) VALUES (?, ?, ?)',
    ),
  };
  const join = db.transaction((roomId: number, userId: number, now: number) => {
    const row = q.room.get(roomId);
    const refused = publicJoinRule(row && { kind: row.kind, archived: row.archived === 1 }, {
      member: q.member.get(roomId, userId) !== undefined,
      removed: q.removed.get(roomId, userId) !== undefined,
    });
    if (refused) return refused;
    q.add.run(roomId, userId, now);
    return 'joined' as const;
  });
  return async (roomId, userId, now) => join(roomId, userId, now);
}
