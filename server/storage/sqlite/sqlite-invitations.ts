import type { Database } from 'better-sqlite3';
import type { Invitation } from '../../protocol.js';
import type { InvitationStore, InviteOutcome } from '../store.js';
import { ROOM_COLUMNS, toRoom, type RoomRow } from './rows.js';
import { userActions } from './user-actions.js';

type InvitationRow = RoomRow & {
  inviter_id: number;
  username: string;
  display_name: string;
  created_at: number;
};
type NewInvitation = Parameters<InvitationStore['invite']>[0];

const INVITATION_COLUMNS = `${ROOM_COLUMNS},
  u.id AS inviter_id, u.username, u.display_name, i.created_at`;

function toInvitation(row: InvitationRow): Invitation {
  return {
    room: toRoom(row),
    inviter: { id: row.inviter_id, username: row.username, displayName: row.display_name },
    createdAt: row.created_at,
  };
}

/** Room invitations and blocks in SQLite. */
export function sqliteInvitations(db: Database): InvitationStore {
  const actions = userActions(db);
  const q = {
    blocked: db.prepare<[number, number], { one: number }>(
      'SELECT 1 AS one FROM blocks WHERE blocker_id = ? AND blocked_id = ?',
    ),
    // Already in the room, or already invited to it (by anyone): an invitation adds nothing.
    nothingNew: db.prepare<[{ room: number; user: number }], { one: number }>(
      `SELECT 1 AS one FROM members WHERE room_id = @room AND user_id = @user
       UNION ALL
       SELECT 1 FROM room_invitations WHERE invitee_id = @user AND room_id = @room`,
    ),
    waiting: db.prepare<[number], { n: number }>(
      'SELECT COUNT(*) AS n FROM room_invitations WHERE invitee_id = ?',
    ),
    insert: db.prepare<[number, number, number, number]>(
      `INSERT INTO room_invitations (invitee_id, room_id, inviter_id, created_at)
       VALUES (?, ?, ?, ?)`,
    ),
    one: db.prepare<[number, number], InvitationRow>(
      `SELECT ${INVITATION_COLUMNS} FROM room_invitations i
       JOIN rooms r ON r.id = i.room_id JOIN users u ON u.id = i.inviter_id
       WHERE i.invitee_id = ? AND i.room_id = ?`,
    ),
    all: db.prepare<[number], InvitationRow>(
      `SELECT ${INVITATION_COLUMNS} FROM room_invitations i
       JOIN rooms r ON r.id = i.room_id JOIN users u ON u.id = i.inviter_id
       WHERE i.invitee_id = ? ORDER BY i.created_at, i.room_id`,
    ),
    spend: db.prepare<[number, number]>(
      'DELETE FROM room_invitations WHERE invitee_id = ? AND room_id = ?',
    ),
    addMember: db.prepare<[number, number, number]>(
      'INSERT OR IGNORE INTO members (room_id, user_id, joined_at) VALUES (?, ?, ?)',
    ),
    // Invited back by a member: an admin's earlier removal (room_removals) no longer holds.
    forgetRemoval: db.prepare<[number, number]>(
      'DELETE FROM room_removals WHERE room_id = ? AND user_id = ?',
    ),
    room: db.prepare<[number], RoomRow>(`SELECT ${ROOM_COLUMNS} FROM rooms r WHERE r.id = ?`),
    blockCount: db.prepare<[number], { n: number }>(
      'SELECT COUNT(*) AS n FROM blocks WHERE blocker_id = ?',
    ),
    block: db.prepare<[number, number, number]>(
      'INSERT OR IGNORE INTO blocks (blocker_id, blocked_id, created_at) VALUES (?, ?, ?)',
    ),
    withdraw: db.prepare<[number, number], { room_id: number }>(
      'DELETE FROM room_invitations WHERE invitee_id = ? AND inviter_id = ? RETURNING room_id',
    ),
    unblock: db.prepare<[number, number]>(
      'DELETE FROM blocks WHERE blocker_id = ? AND blocked_id = ?',
    ),
    blockedUsers: db.prepare<[number], { id: number; username: string; display_name: string }>(
      `SELECT u.id, u.username, u.display_name FROM blocks b JOIN users u ON u.id = b.blocked_id
       WHERE b.blocker_id = ? ORDER BY u.username`,
    ),
    // Blocks on a direct room's other members. `blocked`: one of them blocked the user, which
    // stops them writing in a pair or a group alike (a group would otherwise get round the block).
    // `blocking` (the user blocked the other) counts between two only: in a group the blocker
    // still talks to the others. A pair's key holds one ':', whoever is still in the room.
    directBlock: db.prepare<
      [{ room: number; user: number }],
      { blocked: number; blocking: number }
    >(
      `SELECT
         EXISTS (SELECT 1 FROM members o JOIN blocks b ON b.blocker_id = o.user_id
                 WHERE o.room_id = r.id AND o.user_id <> @user AND b.blocked_id = @user) AS blocked,
         r.direct_key NOT LIKE '%:%:%' AND
         EXISTS (SELECT 1 FROM members o JOIN blocks b ON b.blocked_id = o.user_id
                 WHERE o.room_id = r.id AND o.user_id <> @user AND b.blocker_id = @user) AS blocking
       FROM rooms r WHERE r.id = @room AND r.kind = 'direct'`,
    ),
    roomExists: db.prepare<[number], { one: number }>('SELECT 1 AS one FROM rooms WHERE id = ?'),
  };
  // The rooms that are not direct. A room's kind never changes and its id is never reused, even
  // after it is deleted (sqlite-rooms.ts insertRoom), so an entry never goes stale.
  const notDirect = new Set<number>();

  const invite = db.transaction((i: NewInvitation): InviteOutcome => {
    if (q.nothingNew.get({ room: i.roomId, user: i.inviteeId })) return { status: 'unchanged' };
    const retryAfterMs = actions.waitMs(i.inviterId, 'invite', i.limits.perHour, i.now);
    if (retryAfterMs > 0) return { status: 'rate_limited', retryAfterMs };
    if (q.blocked.get(i.inviteeId, i.inviterId)) {
      // Counted like a delivered invitation, so that the inviter cannot tell the two apart.
      actions.record(i.inviterId, 'invite', i.now);
      return { status: 'dropped' };
    }
    if ((q.waiting.get(i.inviteeId)?.n ?? 0) >= i.limits.pendingPerInvitee)
      return { status: 'invitee_full' };
    actions.record(i.inviterId, 'invite', i.now);
    q.insert.run(i.inviteeId, i.roomId, i.inviterId, i.now);
    const row = q.one.get(i.inviteeId, i.roomId);
    if (!row) throw new Error('invitation vanished');
    return { status: 'invited', invitation: toInvitation(row) };
  });

  const accept = db.transaction((roomId: number, userId: number) => {
    if (q.spend.run(userId, roomId).changes === 0) return undefined;
    q.addMember.run(roomId, userId, Date.now());
    q.forgetRemoval.run(roomId, userId);
    const row = q.room.get(roomId);
    return row && toRoom(row);
  });

  const block = db.transaction((blocker: number, blocked: number, now: number, max: number) => {
    if (!q.blocked.get(blocker, blocked) && (q.blockCount.get(blocker)?.n ?? 0) >= max)
      return false;
    q.block.run(blocker, blocked, now);
    return q.withdraw.all(blocker, blocked).map((row) => row.room_id);
  });

  return {
    async invite(invitation) {
      return invite(invitation);
    },
    async invitations(userId) {
      return q.all.all(userId).map(toInvitation);
    },
    async acceptInvitation(roomId, userId) {
      return accept(roomId, userId);
    },
    async declineInvitation(roomId, userId) {
      return q.spend.run(userId, roomId).changes > 0;
    },
    async block(blockerId, blockedId, now, max) {
      return block(blockerId, blockedId, now, max);
    },
    async unblock(blockerId, blockedId) {
      q.unblock.run(blockerId, blockedId);
    },
    async blockedUsers(userId) {
      return q.blockedUsers
        .all(userId)
        .map((u) => ({ id: u.id, username: u.username, displayName: u.display_name }));
    },
    async isBlocked(blockerId, blockedId) {
      return q.blocked.get(blockerId, blockedId) !== undefined;
    },
    async directBlock(roomId, userId) {
      // Asked on every send: a room known not to be direct answers without a read.
      if (notDirect.has(roomId)) return 'none';
      const row = q.directBlock.get({ room: roomId, user: userId });
      if (!row) {
        // Not direct, or no such room (yet): only a room that exists is remembered.
        if (q.roomExists.get(roomId)) notDirect.add(roomId);
        return 'none';
      }
      if (row.blocked) return 'blocked';
      return row.blocking ? 'blocking' : 'none';
    },
  };
}
