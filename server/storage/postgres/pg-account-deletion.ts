import type pg from 'pg';
import { DELETED_USER_NAME } from '../../protocol.js';
import type { AccountDeleted, SecurityStore } from '../security-store.js';
import { forgetResetsFor, withdrawIssued } from './pg-moderation.js';
import { inTransaction, one } from './pg-pool.js';
import { removeMemberIn } from './pg-room-drop.js';
import { lockUser } from './pg-user-actions.js';

type Deletion = Parameters<SecurityStore['deleteAccount']>[0];
/** A message the deletion changes, and its room. */
type Touched = { id: number; room_id: number };

/**
 * Gives each message its room's next change number, as sqlite/change-numbers.ts does one at a
 * time: one update per room moves its number past all of them, and they take the numbers in
 * between in id order. The rooms' rows are locked already (see {@link deleteIn}).
 */
async function renumber(db: pg.PoolClient, touched: Touched[]): Promise<void> {
  if (touched.length === 0) return;
  const sorted = [...touched].sort((a, b) => a.room_id - b.room_id || a.id - b.id);
  const perRoom = new Map<number, number>();
  for (const m of sorted) perRoom.set(m.room_id, (perRoom.get(m.room_id) ?? 0) + 1);
  const moved = await db.query<{ id: number; change_seq: number }>(
    `UPDATE rooms r SET change_seq = r.change_seq + v.n
     FROM unnest($1::bigint[], $2::int[]) AS v(id, n) WHERE r.id = v.id
     RETURNING r.id, r.change_seq`,
    [[...perRoom.keys()], [...perRoom.values()]],
  );
  const last = new Map(moved.rows.map((r) => [r.id, r.change_seq - (perRoom.get(r.id) ?? 0)]));
  const seqs = sorted.map((m) => {
    const seq = (last.get(m.room_id) ?? 0) + 1;
    last.set(m.room_id, seq);
    return seq;
  });
  await db.query(
    `UPDATE messages m SET seq = v.seq FROM unnest($1::bigint[], $2::bigint[]) AS v(id, seq)
     WHERE m.id = v.id`,
    [sorted.map((m) => m.id), seqs],
  );
}

/** With `tombstone`: its live messages become tombstones and its reactions go (sqlite-account-deletion.ts). */
async function tombstoneIn(db: pg.PoolClient, d: Deletion): Promise<Set<number>> {
  const live = await db.query<Touched>(
    `UPDATE messages SET text = '', mentions_room = false, deleted_at = $1
     WHERE author_id = $2 AND deleted_at IS NULL RETURNING id, room_id`,
    [d.now, d.userId],
  );
  const ids = live.rows.map((m) => m.id);
  await renumber(db, live.rows);
  await db.query('DELETE FROM reactions WHERE message_id = ANY($1::bigint[])', [ids]);
  await db.query('DELETE FROM mentions WHERE message_id = ANY($1::bigint[])', [ids]);
  // Its reactions on other people's messages: each such message takes a new change number.
  const reacted = await db.query<Touched>(
    `DELETE FROM reactions x USING messages m WHERE x.user_id = $1 AND m.id = x.message_id
     RETURNING m.id, m.room_id`,
    [d.userId],
  );
  const once = new Map(reacted.rows.map((m) => [m.id, m]));
  await renumber(db, [...once.values()]);
  return new Set([...live.rows, ...once.values()].map((m) => m.room_id));
}

/** `deleteAccount` in one transaction, in the order of sqlite-account-deletion.ts. */
async function deleteIn(db: pg.PoolClient, d: Deletion): Promise<AccountDeleted | undefined> {
  // The user's row first: everything the user does that this must see or exclude (accepting an
  // invitation, creating a room, inviting) takes it too, so it runs wholly before or after.
  await lockUser(db, d.userId);
  const user = await one<{ role: string; username: string; avatar: string | null }>(
    db,
    'SELECT role, username, avatar FROM users WHERE id = $1 AND deleted_at IS NULL',
    [d.userId],
  );
  if (!user || user.role === 'owner') return undefined;
  // Then every room this changes, in id order, in the mode a drop needs (a private room left
  // empty goes): its change numbers and members stay still until commit, and two deletions, or a
  // deletion and a leave, take them in one order and cannot deadlock.
  await db.query(
    `SELECT 1 FROM rooms WHERE id IN (
       SELECT room_id FROM members WHERE user_id = $1
       UNION SELECT room_id FROM messages WHERE $2 AND author_id = $1 AND deleted_at IS NULL
       UNION SELECT m.room_id FROM reactions x JOIN messages m ON m.id = x.message_id
         WHERE $2 AND x.user_id = $1)
     ORDER BY id FOR UPDATE`,
    [d.userId, d.tombstone],
  );
  const changed = d.tombstone ? await tombstoneIn(db, d) : new Set<number>();
  // Two-person direct rooms are kept: nobody leaves those, and the other person keeps the
  // conversation, with "Deleted user".
  const rooms = await db.query<{ room_id: number }>(
    `SELECT m.room_id FROM members m JOIN rooms r ON r.id = m.room_id
     WHERE m.user_id = $1 AND NOT (r.kind = 'direct' AND r.direct_key NOT LIKE '%:%:%')
     ORDER BY m.room_id`,
    [d.userId],
  );
  const leftRooms: number[] = [];
  const deletedRooms: AccountDeleted['deletedRooms'] = [];
  for (const { room_id: roomId } of rooms.rows) {
    const left = await removeMemberIn(db, roomId, d.userId);
    if (left.status === 'left') leftRooms.push(roomId);
    if (left.status !== 'deleted') continue;
    changed.delete(roomId);
    deletedRooms.push({ roomId, invitees: left.invitees });
  }
  await db.query('DELETE FROM room_invitations WHERE invitee_id = $1', [d.userId]);
  // Pending invitations it sent: nobody should be asked in by "Deleted user".
  const withdrawn = await db.query<{ room_id: number; invitee_id: number }>(
    'DELETE FROM room_invitations WHERE inviter_id = $1 RETURNING room_id, invitee_id',
    [d.userId],
  );
  await forgetResetsFor(db, d.userId);
  await withdrawIssued(db, d.userId, d.now);
  await db.query(
    `INSERT INTO reserved_usernames (username, until) VALUES ($1, $2)
     ON CONFLICT ((lower(username COLLATE "C")))
     DO UPDATE SET until = greatest(reserved_usernames.until, excluded.until)`,
    [user.username, d.holdUntil],
  );
  // '~' is outside every username registration accepts: nobody can take or log in as it.
  await db.query(
    `UPDATE users SET username = '~deleted-' || id, display_name = $1, password_hash = '',
       avatar = NULL, status_emoji = '', status_text = '', admin = false, deleted_at = $2
     WHERE id = $3`,
    [DELETED_USER_NAME, d.now, d.userId],
  );
  const sessions = await db.query<{ id: number }>(
    'UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL RETURNING id',
    [d.now, d.userId],
  );
  return {
    sessions: sessions.rows.map((row) => row.id).sort((a, b) => a - b),
    leftRooms,
    deletedRooms,
    changedRooms: [...changed],
    withdrawnInvitations: withdrawn.rows.map((row) => ({
      roomId: row.room_id,
      inviteeId: row.invitee_id,
    })),
    avatar: user.avatar,
  };
}

/** `deleteAccount` in PostgreSQL, with the rules of sqlite-account-deletion.ts. */
export function pgAccountDeletion(pool: pg.Pool): SecurityStore['deleteAccount'] {
  return (deletion) => inTransaction(pool, (db) => deleteIn(db, deletion));
}
