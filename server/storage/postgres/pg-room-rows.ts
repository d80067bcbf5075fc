import type { Room, UserRef } from '../../protocol.js';
import { ROOM_COLUMNS, toRoom, type RoomRow } from '../sqlite/rows.js';
import { one, type Queryable } from './pg-pool.js';

/** A room row's columns (alias `r`), the ones rows.ts maps. */
export { ROOM_COLUMNS };

/** True for PostgreSQL's unique_violation (SQLSTATE 23505). */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && (error as { code?: unknown }).code === '23505';
}

/**
 * Rooms from their rows, direct rooms with their members (2 to 8, by id), so that a client can
 * name the conversation; in the order of `rows`. One query fetches the members of every direct room of a page, rather
 * than one query per room: each one is a round trip to the database.
 */
export async function withMembers(db: Queryable, rows: RoomRow[]): Promise<Room[]> {
  const direct = rows.filter((row) => row.kind === 'direct').map((row) => row.id);
  const members = new Map<number, UserRef[]>();
  if (direct.length > 0) {
    const found = await db.query<{
      room_id: number;
      id: number;
      username: string;
      display_name: string;
    }>(
      `SELECT m.room_id, u.id, u.username, u.display_name
       FROM members m JOIN users u ON u.id = m.user_id
       WHERE m.room_id = ANY($1::bigint[]) ORDER BY m.room_id, u.id`,
      [direct],
    );
    for (const m of found.rows) {
      const list = members.get(m.room_id) ?? [];
      list.push({ id: m.id, username: m.username, displayName: m.display_name });
      members.set(m.room_id, list);
    }
  }
  return rows.map((row) => {
    const room = toRoom(row);
    return room.kind === 'direct' ? { ...room, members: members.get(room.id) ?? [] } : room;
  });
}

/** One room by id, as getRoom answers it; undefined when there is none. */
export async function loadRoom(db: Queryable, roomId: number): Promise<Room | undefined> {
  const row = await one<RoomRow>(db, `SELECT ${ROOM_COLUMNS} FROM rooms r WHERE r.id = $1`, [
    roomId,
  ]);
  if (!row) return undefined;
  return (await withMembers(db, [row]))[0];
}
