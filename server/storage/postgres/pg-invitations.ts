import type pg from 'pg';
import type { Invitation } from '../../protocol.js';
import type { InvitationStore, InviteOutcome } from '../store.js';
import { ROOM_COLUMNS, toRoom, type RoomRow } from '../sqlite/rows.js';
import { pgBlocks } from './pg-blocks.js';
import { inTransaction, one, type Queryable } from './pg-pool.js';
import { lockUser, lockUsers, recordAction, waitMs } from './pg-user-actions.js';

type InvitationRow = RoomRow & {
  inviter_id: number;
  username: string;
  display_name: string;
  created_at: number;
};
type NewInvitation = Parameters<InvitationStore['invite']>[0];

/** Invitations with their rooms and inviters; `WHERE` follows. */
const SELECT_INVITATIONS = `SELECT ${ROOM_COLUMNS},
  u.id AS inviter_id, u.username, u.display_name, i.created_at
  FROM room_invitations i JOIN rooms r ON r.id = i.room_id JOIN users u ON u.id = i.inviter_id`;

function toInvitation(row: InvitationRow): Invitation {
  return {
    room: toRoom(row),
    inviter: { id: row.inviter_id, username: row.username, displayName: row.display_name },
    createdAt: row.created_at,
  };
}

const spend = (db: Queryable, roomId: number, userId: number) =>
  db.query('DELETE FROM room_invitations WHERE invitee_id = $1 AND room_id = $2', [userId, roomId]);

/** `invite` in one transaction, in the order of checks of sqlite-invitations.ts. */
async function inviteIn(db: pg.PoolClient, i: NewInvitation): Promise<InviteOutcome> {
  // Both people's row locks: the inviter's serialises their hourly count, the invitee's the
  // count of invitations waiting for them (two inviters on two nodes would otherwise both see
  // room for one more), and orders this against the invitee blocking the inviter (pg-blocks.ts
  // takes the blocker's lock): either the block sees this invitation and withdraws it, or this
  // sees the block. Ascending id order, as every multi-user lock here, so that A inviting B
  // while B invites A cannot deadlock. Row locks rather than advisory ones: the same locks the
  // other quotas take, released by COMMIT, and nothing to keep unique across lock spaces.
  await lockUsers(db, [i.inviterId, i.inviteeId]);
  // Already in the room, or already invited to it (by anyone): an invitation adds nothing.
  const nothingNew = await one(
    db,
    `SELECT 1 FROM members WHERE room_id = $1 AND user_id = $2
     UNION ALL
     SELECT 1 FROM room_invitations WHERE invitee_id = $2 AND room_id = $1`,
    [i.roomId, i.inviteeId],
  );
  if (nothingNew) return { status: 'unchanged' };
  const retryAfterMs = await waitMs(db, i.inviterId, 'invite', i.limits.perHour, i.now);
  if (retryAfterMs > 0) return { status: 'rate_limited', retryAfterMs };
  const blocked = await one(db, 'SELECT 1 FROM blocks WHERE blocker_id = $1 AND blocked_id = $2', [
    i.inviteeId,
    i.inviterId,
  ]);
  if (blocked) {
    // Counted like a delivered invitation, so that the inviter cannot tell the two apart.
    await recordAction(db, i.inviterId, 'invite', i.now);
    return { status: 'dropped' };
  }
  const waiting = await one<{ n: number }>(
    db,
    'SELECT count(*)::int AS n FROM room_invitations WHERE invitee_id = $1',
    [i.inviteeId],
  );
  if ((waiting?.n ?? 0) >= i.limits.pendingPerInvitee) return { status: 'invitee_full' };
  await recordAction(db, i.inviterId, 'invite', i.now);
  // A room being dropped meanwhile holds its row lock; this insert's foreign-key check waits
  // for it and then fails, as SQLite's does for a room that is gone: no invitation outlives it.
  await db.query(
    `INSERT INTO room_invitations (invitee_id, room_id, inviter_id, created_at)
     VALUES ($1, $2, $3, $4)`,
    [i.inviteeId, i.roomId, i.inviterId, i.now],
  );
  const row = await one<InvitationRow>(
    db,
    `${SELECT_INVITATIONS} WHERE i.invitee_id = $1 AND i.room_id = $2`,
    [i.inviteeId, i.roomId],
  );
  if (!row) throw new Error('invitation vanished');
  return { status: 'invited', invitation: toInvitation(row) };
}

/** Room invitations and blocks in PostgreSQL, with the rules of sqlite-invitations.ts. */
export function pgInvitations(pool: pg.Pool): InvitationStore {
  return {
    invite: (invitation) => inTransaction(pool, (db) => inviteIn(db, invitation)),
    async invitations(userId) {
      const rows = await pool.query<InvitationRow>(
        `${SELECT_INVITATIONS} WHERE i.invitee_id = $1 ORDER BY i.created_at, i.room_id`,
        [userId],
      );
      return rows.rows.map(toInvitation);
    },
    acceptInvitation: (roomId, userId) =>
      inTransaction(pool, async (db) => {
        // The invitee's row before all (a user's row before a room's): a deletion of the
        // account (pg-account-deletion.ts) takes it too, so that it either sees this membership
        // and leaves the room, or drops the invitation before this reads it. Without it, the
        // deletion could list the account's rooms before this commits and leave it a member.
        await lockUser(db, userId);
        // Then the room's row, in the mode the member count's update takes anyway. A drop
        // (pg-room-drop.ts) holds it FOR UPDATE and then deletes the invitations: spending the
        // invitation before this lock, the drop would wait for our invitation row while we
        // waited for its room, and PostgreSQL would abort one as a deadlock. Taken first, a
        // drop either ends before (no row here, the invitation is gone: undefined) or after.
        const room = await one(db, 'SELECT 1 FROM rooms WHERE id = $1 FOR NO KEY UPDATE', [roomId]);
        if (!room) return undefined;
        // The delete's row lock decides between two accepts: the second waits for the first,
        // then finds no row under READ COMMITTED and answers undefined.
        if ((await spend(db, roomId, userId)).rowCount === 0) return undefined;
        await db.query(
          `INSERT INTO members (room_id, user_id, joined_at) VALUES ($1, $2, $3)
           ON CONFLICT DO NOTHING`,
          [roomId, userId, Date.now()],
        );
        // Invited back by a member: an admin's earlier removal no longer holds.
        await db.query('DELETE FROM room_removals WHERE room_id = $1 AND user_id = $2', [
          roomId,
          userId,
        ]);
        const row = await one<RoomRow>(db, `SELECT ${ROOM_COLUMNS} FROM rooms r WHERE r.id = $1`, [
          roomId,
        ]);
        return row && toRoom(row);
      }),
    async declineInvitation(roomId, userId) {
      return ((await spend(pool, roomId, userId)).rowCount ?? 0) > 0;
    },
    ...pgBlocks(pool),
  };
}
