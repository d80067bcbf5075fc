import type pg from 'pg';
import type { LeaveOutcome } from '../store.js';
import type { DroppedRoom } from '../sqlite/room-drop.js';
import { one } from './pg-pool.js';

/**
 * Removes a room and everything of it, inside the caller's transaction, in the order of
 * sqlite/room-drop.ts: members, invitations, removals, messages (reactions, mentions and file
 * links go by ON DELETE CASCADE), then the room. SQLite notes the dropped id in `meta` so that
 * it is never handed out again; here the identity's sequence never goes back, so nothing is
 * noted. The caller holds the room's row lock (see {@link removeMemberIn}).
 */
export async function dropRoomIn(db: pg.PoolClient, roomId: number): Promise<DroppedRoom> {
  const members = await db.query<{ user_id: number }>(
    'DELETE FROM members WHERE room_id = $1 RETURNING user_id',
    [roomId],
  );
  const invitees = await db.query<{ invitee_id: number }>(
    'DELETE FROM room_invitations WHERE room_id = $1 RETURNING invitee_id',
    [roomId],
  );
  await db.query('DELETE FROM room_removals WHERE room_id = $1', [roomId]);
  await db.query('DELETE FROM messages WHERE room_id = $1', [roomId]);
  await db.query('DELETE FROM rooms WHERE id = $1', [roomId]);
  return {
    members: members.rows.map((row) => row.user_id),
    invitees: invitees.rows.map((row) => row.invitee_id),
  };
}

/**
 * Takes a member out of a room inside the caller's transaction, with the rules of
 * sqlite/room-drop.ts: a two-person direct room is never left; a private room whose last member
 * goes is dropped with everything of it.
 *
 * The room's row is locked first (`FOR UPDATE`, the lock a delete needs). Someone joining takes
 * `FOR KEY SHARE` on it (the members → rooms foreign key) and then updates its member count, so
 * with the lock taken first a join and the last leave run one after the other: the join first,
 * and the leaver sees a member left and keeps the room; the leave first, and the join finds the
 * room gone. Without it, each would hold what the other needs (the leave's count update against
 * the join's key share), and PostgreSQL would abort one of them as a deadlock.
 */
export async function removeMemberIn(
  db: pg.PoolClient,
  roomId: number,
  userId: number,
): Promise<LeaveOutcome> {
  // A two-person direct room's key holds one ':'.
  const room = await one<{ pair: boolean }>(
    db,
    `SELECT (kind = 'direct' AND direct_key NOT LIKE '%:%:%') AS pair
     FROM rooms WHERE id = $1 FOR UPDATE`,
    [roomId],
  );
  if (room?.pair) return { status: 'direct_pair' };
  const removed = await db.query('DELETE FROM members WHERE room_id = $1 AND user_id = $2', [
    roomId,
    userId,
  ]);
  if (removed.rowCount === 0) return { status: 'not_member' };
  const empty = await one(
    db,
    `SELECT 1 FROM rooms WHERE id = $1 AND kind = 'private' AND member_count = 0`,
    [roomId],
  );
  if (!empty) return { status: 'left' };
  return { status: 'deleted', invitees: (await dropRoomIn(db, roomId)).invitees };
}
