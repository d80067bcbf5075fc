import type { Database } from 'better-sqlite3';
import { DELETED_USER_NAME } from '../../protocol.js';
import type { AccountDeleted, SecurityStore } from '../security-store.js';
import { authorityCleanup } from './authority-cleanup.js';
import { changeNumbers } from './change-numbers.js';
import { mentionWriter } from './mention-writer.js';
import { roomDropper } from './room-drop.js';

/**
 * `deleteAccount` in SQLite, in one transaction. Leaving rooms follows `removeMember` in
 * sqlite-rooms.ts (the member count moves by its trigger; a private room left empty goes, by
 * room-drop.ts); tombstones follow `deleteMessage` (no text, reactions or mentions; the room's
 * next change number, so clients catch up through the change feed), and the reactions it takes
 * back follow `react` (the message takes its room's next change number).
 */
export function accountDeletion(db: Database): SecurityStore['deleteAccount'] {
  const seqs = changeNumbers(db);
  const mentions = mentionWriter(db);
  const dropRoom = roomDropper(db);
  const cleanup = authorityCleanup(db);
  const q = {
    user: db.prepare<[number], { role: string; username: string; avatar: string | null }>(
      'SELECT role, username, avatar FROM users WHERE id = ? AND deleted_at IS NULL',
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
    // Pending invitations it sent: nobody should be asked in by "Deleted user".
    invitationsFrom: db.prepare<[number], { room_id: number; invitee_id: number }>(
      'DELETE FROM room_invitations WHERE inviter_id = ? RETURNING room_id, invitee_id',
    ),
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
    reactedTo: db.prepare<[number], { message_id: number; room_id: number }>(
      `SELECT DISTINCT r.message_id, m.room_id FROM reactions r JOIN messages m ON m.id = r.message_id
       WHERE r.user_id = ?`,
    ),
    dropOwnReactions: db.prepare<[number]>('DELETE FROM reactions WHERE user_id = ?'),
    setSeq: db.prepare<[number, number]>('UPDATE messages SET seq = ? WHERE id = ?'),
  };

  const run = db.transaction(
    (...[d]: Parameters<SecurityStore['deleteAccount']>): AccountDeleted | undefined => {
      const user = q.user.get(d.userId);
      if (!user || user.role === 'owner') return undefined;
      const changed = new Set<number>();
      if (d.tombstone) {
        for (const message of q.liveMessages.all(d.userId)) {
          q.tombstone.run(d.now, seqs.next(message.room_id), message.id);
          q.dropReactions.run(message.id);
          mentions.clear(message.id);
          changed.add(message.room_id);
        }
        // Its reactions on other people's messages go too, each message with a new change number.
        const reacted = q.reactedTo.all(d.userId);
        q.dropOwnReactions.run(d.userId);
        for (const { message_id: id, room_id: roomId } of reacted) {
          q.setSeq.run(seqs.next(roomId), id);
          changed.add(roomId);
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
        changed.delete(roomId);
        deletedRooms.push({ roomId, invitees: dropRoom(roomId).invitees });
      }
      q.invitationsTo.run(d.userId);
      const withdrawn = q.invitationsFrom.all(d.userId);
      cleanup.forgetResetsFor(d.userId);
      cleanup.withdrawIssued(d.userId, d.now);
      q.hold.run(user.username, d.holdUntil);
      q.anonymise.run(DELETED_USER_NAME, d.now, d.userId);
      const sessions = q.revoke.all(d.now, d.userId).map((row) => row.id);
      return {
        sessions,
        leftRooms,
        deletedRooms,
        changedRooms: [...changed],
        withdrawnInvitations: withdrawn.map((row) => ({
          roomId: row.room_id,
          inviteeId: row.invitee_id,
        })),
        avatar: user.avatar,
      };
    },
  );
  return async (deletion) => run(deletion);
}
