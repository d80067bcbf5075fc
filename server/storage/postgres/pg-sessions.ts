import type pg from 'pg';
import type { RotateOutcome, SessionStore } from '../store.js';
import { toStoredUser, toUser, type UserRow } from '../sqlite/rows.js';
import type { RefreshRow } from '../sqlite/sqlite-sessions.js';
import { USER_COLUMNS } from './pg-accounts.js';
import { inTransaction, one } from './pg-pool.js';

/** Sessions that ended before $1, for a lifetime of $2 ms: the rule of sqlite-sessions.ts. */
const ENDED_SESSIONS = `SELECT id FROM sessions
  WHERE revoked_at <= $1 OR created_at + $2 <= $1
     OR NOT EXISTS (SELECT 1 FROM refresh_tokens rt WHERE rt.session_id = sessions.id)`;

/**
 * Sessions and refresh tokens in PostgreSQL, with the rules of sqlite-sessions.ts. Rotation
 * locks the presented token's row (`FOR UPDATE`) before it reads whether it is spent: two nodes
 * given the same token at the same moment then run one after the other, and the second sees
 * the first's spend. Without the lock both would read it unspent and a session would end up
 * with two live tokens, which is the very theft refresh rotation exists to catch.
 */
export function pgSessions(pool: pg.Pool): SessionStore {
  const revoke = (db: pg.PoolClient | pg.Pool, sessionId: number, now: number) =>
    db.query('UPDATE sessions SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [
      now,
      sessionId,
    ]);
  const insertRefresh = (db: pg.PoolClient, hash: string, sessionId: number, expiresAt: number) =>
    db.query('INSERT INTO refresh_tokens (hash, session_id, expires_at) VALUES ($1, $2, $3)', [
      hash,
      sessionId,
      expiresAt,
    ]);

  const rotate = (r: Parameters<SessionStore['rotateRefreshToken']>[0]) =>
    inTransaction(pool, async (db): Promise<RotateOutcome> => {
      const row = await one<RefreshRow>(
        db,
        `SELECT rt.session_id, rt.expires_at, rt.spent_at, rt.replaced_by, s.revoked_at,
                s.user_id, s.created_at AS session_created_at
         FROM refresh_tokens rt JOIN sessions s ON s.id = rt.session_id
         WHERE rt.hash = $1 FOR UPDATE OF rt`,
        [r.oldHash],
      );
      if (!row) return { status: 'unknown' };
      if (row.revoked_at !== null) return { status: 'revoked' };
      const sessionEnd = row.session_created_at + r.sessionMaxAgeMs;
      if (sessionEnd <= r.now) return { status: 'expired' };
      if (row.spent_at !== null) {
        // The token just before the current one, soon after it was spent (its answer may have
        // been lost): it rotates again, and the current one is discarded. The current one is
        // locked too: another node may be rotating it this moment, and then it is spent, not
        // current (read after that node commits), and this presentation is reuse.
        const replaced = row.replaced_by;
        const graced =
          replaced !== null &&
          r.now - row.spent_at <= r.graceMs &&
          (await one(
            db,
            'SELECT 1 FROM refresh_tokens WHERE hash = $1 AND spent_at IS NULL FOR UPDATE',
            [replaced],
          ));
        if (!graced) {
          await revoke(db, row.session_id, r.now);
          return { status: 'reused', sessionId: row.session_id, userId: row.user_id };
        }
        await db.query(
          'UPDATE refresh_tokens SET spent_at = $1, replaced_by = NULL WHERE hash = $2',
          [r.now, replaced],
        );
      } else if (row.expires_at <= r.now) return { status: 'expired' };
      const user = await one<UserRow>(db, `SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [
        row.user_id,
      ]);
      if (!user) return { status: 'unknown' };
      // `spent_at` is set once, so re-rotations in the grace window cannot stretch it.
      await db.query(
        'UPDATE refresh_tokens SET spent_at = coalesce(spent_at, $1), replaced_by = $2 WHERE hash = $3',
        [r.now, r.newHash, r.oldHash],
      );
      await insertRefresh(db, r.newHash, row.session_id, Math.min(r.refreshExpiresAt, sessionEnd));
      return { status: 'ok', sessionId: row.session_id, user: toStoredUser(user) };
    });

  return {
    createSession: (s) =>
      inTransaction(pool, async (db) => {
        const session = await one<{ id: number }>(
          db,
          `INSERT INTO sessions (user_id, created_at, user_agent, ip, last_active_at)
           VALUES ($1, $2, $3, $4, $2) RETURNING id`,
          [s.userId, s.now, s.userAgent ?? '', s.ip ?? ''],
        );
        if (!session) throw new Error('insert session returned no row');
        await insertRefresh(db, s.refreshHash, session.id, s.refreshExpiresAt);
        return session.id;
      }),
    rotateRefreshToken: rotate,
    async sessionOfRefreshToken(hash) {
      const row = await one<{ session_id: number }>(
        pool,
        'SELECT session_id FROM refresh_tokens WHERE hash = $1',
        [hash],
      );
      return row?.session_id;
    },
    async sessionState(sessionId) {
      const row = await one<
        Pick<UserRow, 'id' | 'username' | 'display_name' | 'role' | 'admin' | 'banned'> & {
          revoked_at: number | null;
          created_at: number;
        }
      >(
        pool,
        `SELECT u.id, u.username, u.display_name, u.role, u.admin::int AS admin,
                u.banned::int AS banned, s.revoked_at, s.created_at
         FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = $1`,
        [sessionId],
      );
      if (!row) return undefined;
      return {
        user: toUser(row),
        banned: row.banned !== 0,
        revoked: row.revoked_at !== null,
        startedAt: row.created_at,
      };
    },
    async revokeSession(sessionId, now) {
      await revoke(pool, sessionId, now);
    },
    async revokeUserSessions(userId, now) {
      const revoked = await pool.query<{ id: number }>(
        'UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL RETURNING id',
        [now, userId],
      );
      return revoked.rows.map((row) => row.id);
    },
    pruneSessions: (p) =>
      inTransaction(pool, async (db) => {
        const cut = [p.endedBefore, p.sessionMaxAgeMs];
        // Spent tokens stay while their session lives: presenting one is how theft is caught.
        const expired = await db.query(
          'DELETE FROM refresh_tokens WHERE expires_at <= $1 AND spent_at IS NULL',
          [p.now],
        );
        const ofEnded = await db.query(
          `DELETE FROM refresh_tokens WHERE session_id IN (${ENDED_SESSIONS})`,
          cut,
        );
        const sessions = await db.query(
          `DELETE FROM sessions WHERE id IN (${ENDED_SESSIONS})`,
          cut,
        );
        return {
          sessions: sessions.rowCount ?? 0,
          refreshTokens: (expired.rowCount ?? 0) + (ofEnded.rowCount ?? 0),
        };
      }),
  };
}
