import type { Database } from 'better-sqlite3';
import type { LeaveOutcome } from '../store.js';

/** Who a dropped room had: its members and the people invited to it, to tell them. */
export interface DroppedRoom {
  members: number[];
  invitees: number[];
}

/**
 * Removes a room and everything of it, inside the caller's transaction: members (their read
 * state and notification levels live in the rows), invitations, removals, then messages (reactions,
 * mentions and file links go with them by ON DELETE CASCADE, search rows by trigger; files
 * no message carries any more are pruned later), then the room. Its id is noted so that it is
 * never handed out again. Used when a private room's last member leaves and when an admin
 * deletes a room.
 */
export function roomDropper(db: Database): (roomId: number) => DroppedRoom {
  const q = {
    dropMembers: db.prepare<[number], { user_id: number }>(
      'DELETE FROM members WHERE room_id = ? RETURNING user_id',
    ),
    dropInvitations: db.prepare<[number], { invitee_id: number }>(
      'DELETE FROM room_invitations WHERE room_id = ? RETURNING invitee_id',
    ),
    dropRemovals: db.prepare<[number]>('DELETE FROM room_removals WHERE room_id = ?'),
    dropMessages: db.prepare<[number]>('DELETE FROM messages WHERE room_id = ?'),
    dropRoom: db.prepare<[number]>('DELETE FROM rooms WHERE id = ?'),
    noteDeleted: db.prepare<[string]>(
      `INSERT INTO meta (key, value) VALUES ('last_deleted_room', ?)
       ON CONFLICT (key) DO UPDATE
       SET value = CAST(MAX(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER)) AS TEXT)`,
    ),
  };
  return (roomId) => {
    const members = q.dropMembers.all(roomId).map((row) => row.user_id);
    const invitees = q.dropInvitations.all(roomId).map((row) => row.invitee_id);
    q.dropRemovals.run(roomId);
    q.dropMessages.run(roomId);
    q.dropRoom.run(roomId);
    q.noteDeleted.run(String(roomId));
    return { members, invitees };
  };
}

/**
 * Takes a member out of a room, inside the caller's transaction: the path of `room:leave` and of
 * an admin's removal alike. A two-person direct room is never left (blocking is how one ends it);
 * a private room whose last member goes is dropped with everything of it.
 */
export function memberRemover(db: Database): (roomId: number, userId: number) => LeaveOutcome {
  const q = {
    removeMember: db.prepare<[number, number]>(
      'DELETE FROM members WHERE room_id = ? AND user_id = ?',
    ),
    // A two-person direct room's key holds one ':'.
    directPair: db.prepare<[number], { one: number }>(
      `SELECT 1 AS one FROM rooms WHERE id = ? AND kind = 'direct' AND direct_key NOT LIKE '%:%:%'`,
    ),
    emptyPrivate: db.prepare<[number], { one: number }>(
      `SELECT 1 AS one FROM rooms WHERE id = ? AND kind = 'private' AND member_count = 0`,
    ),
  };
  const dropRoom = roomDropper(db);
  return (roomId, userId) => {
    if (q.directPair.get(roomId)) return { status: 'direct_pair' };
    if (q.removeMember.run(roomId, userId).changes === 0) return { status: 'not_member' };
    if (!q.emptyPrivate.get(roomId)) return { status: 'left' };
    return { status: 'deleted', invitees: dropRoom(roomId).invitees };
  };
}
