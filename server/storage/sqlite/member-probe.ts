import type { Database } from 'better-sqlite3';

/**
 * Whether a user is in a room now: one primary-key probe, synchronous, so that a write in the
 * group commit can ask inside its own transaction (a leave commits at once, between a socket's
 * check and the write).
 */
export function memberProbe(db: Database): (roomId: number, userId: number) => boolean {
  const probe = db
    .prepare<[number, number], 1>('SELECT 1 FROM members WHERE room_id = ? AND user_id = ?')
    .pluck();
  return (roomId, userId) => probe.get(roomId, userId) !== undefined;
}
