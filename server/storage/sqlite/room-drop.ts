import type { Database } from 'better-sqlite3';

/** Who a dropped room had: its members and the people invited to it, to tell them. */
export interface DroppedRoom {
  members: number[];
  invitees: number[];
}

/**
 * Removes a room and everything of it, inside the caller's transaction: members (their read
 * state and notification levels live in the rows), invitations, then messages (reactions,
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
    q.dropMessages.run(roomId);
    q.dropRoom.run(roomId);
    q.noteDeleted.run(String(roomId));
    return { members, invitees };
  };
}
