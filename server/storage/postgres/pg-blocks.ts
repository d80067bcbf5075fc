import type pg from 'pg';
import type { InvitationStore } from '../store.js';
import { inTransaction, one } from './pg-pool.js';
import { lockUser } from './pg-user-actions.js';

/** The part of {@link InvitationStore} about blocks. */
export type BlockStore = Pick<
  InvitationStore,
  'block' | 'unblock' | 'blockedUsers' | 'isBlocked' | 'directBlock'
>;

/**
 * Blocks on a direct room's other members, as sqlite-invitations.ts reads them. `blocked`: one
 * of them blocked the user, which stops them writing in a pair or a group alike (a group would
 * otherwise get round the block). `blocking` (the user blocked the other) counts between two
 * only: in a group the blocker still talks to the others. A pair's key holds one ':', whoever
 * is still in the room. $1 the room, $2 the user.
 */
const DIRECT_BLOCK = `
  SELECT
    EXISTS (SELECT 1 FROM members o JOIN blocks b ON b.blocker_id = o.user_id
            WHERE o.room_id = r.id AND o.user_id <> $2 AND b.blocked_id = $2) AS blocked,
    r.direct_key NOT LIKE '%:%:%' AND
    EXISTS (SELECT 1 FROM members o JOIN blocks b ON b.blocked_id = o.user_id
            WHERE o.room_id = r.id AND o.user_id <> $2 AND b.blocker_id = $2) AS blocking
  FROM rooms r WHERE r.id = $1 AND r.kind = 'direct'`;

/** Blocks between people in PostgreSQL, with the rules of sqlite-invitations.ts. */
export function pgBlocks(pool: pg.Pool): BlockStore {
  const isBlocked = async (blockerId: number, blockedId: number) =>
    (await one(pool, 'SELECT 1 FROM blocks WHERE blocker_id = $1 AND blocked_id = $2', [
      blockerId,
      blockedId,
    ])) !== undefined;
  // The rooms known not to be direct. A room's kind never changes and its identity never hands
  // an id out twice, so an entry never goes stale, on this node or because of another.
  const notDirect = new Set<number>();

  return {
    block: (blockerId, blockedId, now, max) =>
      inTransaction(pool, async (db) => {
        // The blocker's lock serialises their blocks across nodes (two at once would both count
        // max - 1 and both insert), and every invitation sent to them (pg-invitations.ts takes
        // the invitee's lock): an invitation from the blocked person either committed before,
        // and is withdrawn below, or is made after, and sees the block.
        await lockUser(db, blockerId);
        const already = await one(
          db,
          'SELECT 1 FROM blocks WHERE blocker_id = $1 AND blocked_id = $2',
          [blockerId, blockedId],
        );
        if (!already) {
          const count = await one<{ n: number }>(
            db,
            'SELECT count(*)::int AS n FROM blocks WHERE blocker_id = $1',
            [blockerId],
          );
          if ((count?.n ?? 0) >= max) return false;
          await db.query(
            'INSERT INTO blocks (blocker_id, blocked_id, created_at) VALUES ($1, $2, $3)',
            [blockerId, blockedId, now],
          );
        }
        const withdrawn = await db.query<{ room_id: number }>(
          `DELETE FROM room_invitations WHERE invitee_id = $1 AND inviter_id = $2
           RETURNING room_id`,
          [blockerId, blockedId],
        );
        return withdrawn.rows.map((row) => row.room_id);
      }),
    async unblock(blockerId, blockedId) {
      await pool.query('DELETE FROM blocks WHERE blocker_id = $1 AND blocked_id = $2', [
        blockerId,
        blockedId,
      ]);
    },
    async blockedUsers(userId) {
      // Usernames are stored lower-case; "C" orders them by bytes, as SQLite's NOCASE does.
      const rows = await pool.query<{ id: number; username: string; display_name: string }>(
        `SELECT u.id, u.username, u.display_name FROM blocks b JOIN users u ON u.id = b.blocked_id
         WHERE b.blocker_id = $1 ORDER BY u.username COLLATE "C"`,
        [userId],
      );
      return rows.rows.map((u) => ({
        id: u.id,
        username: u.username,
        displayName: u.display_name,
      }));
    },
    isBlocked,
    async directBlock(roomId, userId) {
      // Asked on every send: a room known not to be direct answers without a read.
      if (notDirect.has(roomId)) return 'none';
      const row = await one<{ blocked: boolean; blocking: boolean }>(pool, DIRECT_BLOCK, [
        roomId,
        userId,
      ]);
      if (!row) {
        // Not direct, or no such room (yet): only a room that exists is remembered.
        if (await one(pool, 'SELECT 1 FROM rooms WHERE id = $1', [roomId])) notDirect.add(roomId);
        return 'none';
      }
      if (row.blocked) return 'blocked';
      return row.blocking ? 'blocking' : 'none';
    },
  };
}
