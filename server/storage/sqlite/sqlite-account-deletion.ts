import type { Database } from 'better-sqlite3';
import { DELETED_USER_NAME } from '../../protocol.js';
import type { AccountDeleted, SecurityStore } from '../security-store.js';
import { changeNumbers } from './change-numbers.js';
import { mentionWriter } from './mention-writer.js';
import { roomDropper } from './room-drop.js';

/**
 * `deleteAccount` in SQLite, in one transaction. Leaving rooms follows `removeMember` in
 * sqlite-rooms.ts (the member count moves by its trigger; a private room left empty goes, by
 * room-drop.ts); tombstones follow `deleteMessage`
 * (no text, reactions or mentions; the room's next change number, so clients catch up through
 * the change feed).
 */
export function accountDeletion(db: Database): SecurityStore['deleteAccount'] {
  const seqs = changeNumbers(db);
  const mentions = mentionWriter(db);
  const dropRoom = roomDropper(db);
  const q = {
    user: db.prepare<[number], { role: string; username: string }>(
      'SELECT role, username FROM users WHERE id = ? AND deleted_at IS NULL',
    ),
    // '~' is outside every username registration accepts: nobody can take or log in as it.
    anonymise: db.prepare<[string, number, number]>(
      `UPDATE users SET username = '~deleted-' || id, display_name = ?, password_hash = '',
         avatar = NULL, status_emoji = '', status_text = '', admin = 0, deleted_at = ?
       WHERE id = ?`,
    ),
    hold: db.prepare<[string, number]>(
      `INSERT INTO reserved_usernames (username, until) VALUES (?, ?)
       ON CONFLICT (username) DO UPDATE SET until = MAX(until, excluded.until)`,
    ),
    // Two-person direct rooms are kept: nobody leaves those, and the other person keeps the
    // conversation, with "Deleted user".
    rooms: db.prepare<[number], { room_id: number }>(
      `SELECT m.room_id FROM members m JOIN rooms r ON r.id = m.room_id
       WHERE m.user_id = ? AND NOT (r.kind = 'direct' AND r.direct_key NOT LIKE '%:%:%')`,
    ),
    leave: db.prepare<[number, number]>('DELETE FROM members WHERE room_id = ? AND user_id = ?'),
    emptyPrivate: db.prepare<[number], { one: number }>(
      `SELECT 1 AS one FROM rooms WHERE id = ? AND kind = 'private' AND member_count = 0`,
    ),
    invitationsTo: db.prepare<[number]>('DELETE FROM room_invitations WHERE invitee_id = ?'),
    dropReset: db.prepare<[number]>('DELETE FROM password_resets WHERE user_id = ?'),
    revoke: db.prepare<[number, number], { id: number }>(
      'UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL RETURNING id',
    ),
    liveMessages: db.prepare<[number], { id: number; room_id: number }>(
      'SELECT id, room_id FROM messages WHERE author_id = ? AND deleted_at IS NULL',
    ),
    tombstone: db.prepare<[number, number, number]>(
      `UPDATE messages SET text = '', mentions_room = 0, deleted_at = ?, seq = ? WHERE id = ?`,
    ),
    dropReactions: db.prepare<[number]>('DELETE FROM reactions WHERE message_id = ?'),
  };

  const run = db.transaction(
    (...[d]: Parameters<SecurityStore['deleteAccount']>): AccountDeleted | undefined => {
      const user = q.user.get(d.userId);
      if (!user || user.role === 'owner') return undefined;
      const tombstoned = new Set<number>();
      if (d.tombstone) {
        for (const message of q.liveMessages.all(d.userId)) {
          q.tombstone.run(d.now, seqs.next(message.room_id), message.id);
          q.dropReactions.run(message.id);
          mentions.clear(message.id);
          tombstoned.add(message.room_id);
        }
      }
      const leftRooms: number[] = [];
      const deletedRooms: AccountDeleted['deletedRooms'] = [];
      for (const { room_id: roomId } of q.rooms.all(d.userId)) {
        q.leave.run(roomId, d.userId);
        if (!q.emptyPrivate.get(roomId)) {
          leftRooms.push(roomId);
          continue;
        }
        tombstoned.delete(roomId);
        deletedRooms.push({ roomId, invitees: dropRoom(roomId).invitees });
      }
      q.invitationsTo.run(d.userId);
      q.dropReset.run(d.userId);
      q.hold.run(user.username, d.holdUntil);
      q.anonymise.run(DELETED_USER_NAME, d.now, d.userId);
      const sessions = q.revoke.all(d.now, d.userId).map((row) => row.id);
      return { sessions, leftRooms, deletedRooms, tombstonedRooms: [...tombstoned] };
    },
  );
  return async (deletion) => run(deletion);
}
