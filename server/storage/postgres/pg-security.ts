import type pg from 'pg';
import type { SecurityStore } from '../security-store.js';
import { toUser, type UserRow } from '../sqlite/rows.js';
import { USER_COLUMNS } from './pg-accounts.js';
import { lockUsers } from './pg-user-actions.js';
import { inTransaction, one, type Queryable } from './pg-pool.js';
import { outranks, staff } from './pg-ranks.js';
import { forgetResetsFor } from './pg-moderation.js';
import { pgAccountDeletion } from './pg-account-deletion.js';

/**
 * SecurityStore in PostgreSQL, with the rules of sqlite-security.ts. Where two nodes could act
 * on the same rows at once, the rows are locked first: a reset code is spent by one redemption
 * only, and an ownership transfer locks both accounts (in id order, so that two transfers
 * cannot deadlock) so that there is never a second owner.
 */
export function pgSecurity(pool: pg.Pool): SecurityStore {
  const setPassword = async (
    db: pg.PoolClient,
    userId: number,
    hash: string,
    keep: number | null,
    now: number,
  ): Promise<number[]> => {
    await db.query('UPDATE users SET password_hash = $1 WHERE id = $2', [hash, userId]);
    // A code made before the change (by whoever) must not undo it.
    await forgetResetsFor(db, userId);
    const revoked = await db.query<{ id: number }>(
      `UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND id <> $3 AND revoked_at IS NULL
       RETURNING id`,
      [now, userId, keep ?? 0],
    );
    return revoked.rows.map((row) => row.id);
  };
  // A code is only as good as its maker's authority now (see sqlite-security.ts).
  const liveReset = (db: Queryable, username: string, hash: string, now: number, lock = '') =>
    one<{ user_id: number }>(
      db,
      `SELECT pr.user_id FROM password_resets pr
       JOIN users u ON u.id = pr.user_id JOIN users i ON i.id = pr.created_by
       WHERE lower(u.username COLLATE "C") = lower($1 COLLATE "C") AND pr.hash = $2 AND pr.expires_at > $3 AND u.deleted_at IS NULL
         AND ${staff('i')} AND ${outranks('i', 'u')} ${lock}`,
      [username, hash, now],
    );
  const user = (db: Queryable, id: number) =>
    one<UserRow & { deleted_at: number | null }>(
      db,
      `SELECT ${USER_COLUMNS}, deleted_at FROM users WHERE id = $1`,
      [id],
    );

  return {
    async userSessions(userId, { now, sessionMaxAgeMs }) {
      const rows = await pool.query<{
        id: number;
        user_agent: string;
        ip: string;
        created_at: number;
        last: number;
      }>(
        `SELECT s.id, s.user_agent, s.ip, s.created_at,
                greatest(s.created_at, coalesce(s.last_active_at, 0)) AS last
         FROM sessions s
         WHERE s.user_id = $1 AND s.revoked_at IS NULL AND s.created_at > $2
           AND EXISTS (SELECT 1 FROM refresh_tokens rt WHERE rt.session_id = s.id
                       AND rt.spent_at IS NULL AND rt.expires_at > $3)
         ORDER BY s.id`,
        [userId, now - sessionMaxAgeMs, now],
      );
      return rows.rows.map((row) => ({
        id: row.id,
        userAgent: row.user_agent,
        ip: row.ip,
        startedAt: row.created_at,
        lastActiveAt: row.last,
      }));
    },
    async revokeOwnSession(userId, sessionId, now) {
      const revoked = await pool.query(
        'UPDATE sessions SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL',
        [now, sessionId, userId],
      );
      return (revoked.rowCount ?? 0) > 0;
    },
    async revokeOtherSessions(userId, keep, now) {
      const revoked = await pool.query<{ id: number }>(
        `UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND id <> $3 AND revoked_at IS NULL
         RETURNING id`,
        [now, userId, keep],
      );
      return revoked.rows.map((row) => row.id);
    },
    async noteSessionActivity(entries) {
      if (entries.length === 0) return;
      // The latest time per session, the rows locked first in id order (a locking SELECT
      // sorts before it locks; an UPDATE ... FROM locks in its join's order), so that two
      // nodes flushing overlapping sessions cannot deadlock.
      const latest = new Map<number, number>();
      for (const [id, at] of entries) latest.set(id, Math.max(at, latest.get(id) ?? 0));
      const ids = [...latest.keys()].sort((a, b) => a - b);
      await inTransaction(pool, async (db) => {
        await db.query(
          'SELECT 1 FROM sessions WHERE id = ANY($1::bigint[]) ORDER BY id FOR NO KEY UPDATE',
          [ids],
        );
        await db.query(
          `UPDATE sessions s SET last_active_at = greatest(coalesce(s.last_active_at, 0), v.at)
           FROM unnest($1::bigint[], $2::bigint[]) AS v(id, at) WHERE s.id = v.id`,
          [ids, ids.map((id) => latest.get(id))],
        );
      });
    },
    setPassword: (userId, hash, keep, now) =>
      inTransaction(pool, (db) => setPassword(db, userId, hash, keep, now)),
    async issuePasswordReset(r) {
      await pool.query(
        `INSERT INTO password_resets (user_id, hash, created_by, expires_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (user_id) DO UPDATE
         SET hash = excluded.hash, created_by = excluded.created_by, expires_at = excluded.expires_at`,
        [r.userId, r.hash, r.createdBy, r.expiresAt],
      );
    },
    async checkPasswordReset(username, hash, now) {
      return (await liveReset(pool, username, hash, now))?.user_id;
    },
    redeemPasswordReset: (r) =>
      inTransaction(pool, async (db) => {
        // The user's row first, then the code: the order every writer of both takes (a ban, a
        // role change, a password change lock the user, then drop their codes), so that none
        // of them can deadlock with a redemption. A second redemption of the same code waits,
        // then finds it gone.
        await db.query(
          'SELECT 1 FROM users WHERE lower(username COLLATE "C") = lower($1 COLLATE "C") FOR NO KEY UPDATE',
          [r.username],
        );
        const userId = (await liveReset(db, r.username, r.hash, r.now, 'FOR UPDATE OF pr'))
          ?.user_id;
        if (userId === undefined) return undefined;
        await db.query('DELETE FROM password_resets WHERE user_id = $1', [userId]);
        const revoked = await setPassword(db, userId, r.passwordHash, null, r.now);
        const row = await user(db, userId);
        if (!row) throw new Error('reset user vanished');
        return { user: toUser(row), banned: row.banned !== 0, revoked };
      }),
    transferOwnership: (fromId, toId) =>
      inTransaction(pool, async (db) => {
        await lockUsers(db, [fromId, toId]);
        const from = await user(db, fromId);
        const to = await user(db, toId);
        if (!from || from.role !== 'owner' || from.banned !== 0 || !to || to.id === from.id)
          return undefined;
        if (to.banned !== 0 || to.deleted_at !== null) return undefined;
        // Demote first: there is never a moment with two owners.
        await db.query(`UPDATE users SET role = 'member', admin = true WHERE id = $1`, [fromId]);
        await db.query(`UPDATE users SET role = 'owner', admin = false WHERE id = $1`, [toId]);
        // As in sqlite-security.ts: codes for either password go, and those the old owner made.
        await forgetResetsFor(db, fromId);
        await forgetResetsFor(db, toId);
        await db.query('DELETE FROM password_resets WHERE created_by = $1', [fromId]);
        const owner = await user(db, toId);
        const previous = await user(db, fromId);
        if (!owner || !previous) throw new Error('transferred users vanished');
        return { owner: toUser(owner), previous: toUser(previous) };
      }),
    deleteAccount: pgAccountDeletion(pool),
    async isDeleted(userId) {
      return ((await user(pool, userId))?.deleted_at ?? null) !== null;
    },
  };
}
