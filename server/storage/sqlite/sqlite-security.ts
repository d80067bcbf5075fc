import type { Database } from 'better-sqlite3';
import type { SecurityStore } from '../security-store.js';
import { authorityCleanup } from './authority-cleanup.js';
import { outranksSql, staffSql } from './rank-sql.js';
import { toUser, type UserRow } from './rows.js';
import { accountDeletion } from './sqlite-account-deletion.js';

type Row = UserRow & { deleted_at: number | null };

/**
 * SecurityStore in SQLite: "Your sessions", password changes and admin-made reset codes, and
 * ownership transfer here; account deletion in sqlite-account-deletion.ts.
 */
export function sqliteSecurity(db: Database): SecurityStore {
  const cleanup = authorityCleanup(db);
  const q = {
    user: db.prepare<[number], Row>('SELECT * FROM users WHERE id = ?'),
    // Live: not revoked, not past its lifetime, and still renewable (an unspent, unexpired
    // refresh token): a session nobody can use any more is not listed.
    sessions: db.prepare<
      { user: number; now: number; born: number },
      { id: number; user_agent: string; ip: string; created_at: number; last: number }
    >(
      `SELECT s.id, s.user_agent, s.ip, s.created_at,
              MAX(s.created_at, COALESCE(s.last_active_at, 0)) AS last
       FROM sessions s
       WHERE s.user_id = @user AND s.revoked_at IS NULL AND s.created_at > @born
         AND EXISTS (SELECT 1 FROM refresh_tokens rt WHERE rt.session_id = s.id
                     AND rt.spent_at IS NULL AND rt.expires_at > @now)`,
    ),
    revokeOwn: db.prepare<[number, number, number]>(
      'UPDATE sessions SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL',
    ),
    revokeOthers: db.prepare<[number, number, number], { id: number }>(
      `UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND id <> ? AND revoked_at IS NULL
       RETURNING id`,
    ),
    touch: db.prepare<[number, number]>(
      'UPDATE sessions SET last_active_at = MAX(COALESCE(last_active_at, 0), ?) WHERE id = ?',
    ),
    setHash: db.prepare<[string, number]>('UPDATE users SET password_hash = ? WHERE id = ?'),
    putReset: db.prepare<[number, string, number, number]>(
      `INSERT INTO password_resets (user_id, hash, created_by, expires_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (user_id) DO UPDATE
       SET hash = excluded.hash, created_by = excluded.created_by, expires_at = excluded.expires_at`,
    ),
    // A code is only as good as its maker's authority now: the issuer must still be an admin
    // (not banned or deleted) who outranks the target as the target is now, checked in the
    // same transaction that spends it.
    liveReset: db.prepare<[string, string, number], { user_id: number }>(
      `SELECT pr.user_id FROM password_resets pr
       JOIN users u ON u.id = pr.user_id JOIN users i ON i.id = pr.created_by
       WHERE u.username = ? AND pr.hash = ? AND pr.expires_at > ? AND u.deleted_at IS NULL
         AND ${staffSql('i')} AND ${outranksSql('i', 'u')}`,
    ),
    spendReset: db.prepare<[number]>('DELETE FROM password_resets WHERE user_id = ?'),
    setRole: db.prepare<[string, number, number]>(
      'UPDATE users SET role = ?, admin = ? WHERE id = ?',
    ),
  };

  const setPassword = db.transaction(
    (userId: number, hash: string, keep: number | null, now: number): number[] => {
      q.setHash.run(hash, userId);
      // A code made before the change (by whoever) must not undo it.
      cleanup.forgetResetsFor(userId);
      return q.revokeOthers.all(now, userId, keep ?? 0).map((row) => row.id);
    },
  );
  const touch = db.transaction((entries: Array<[number, number]>) => {
    for (const [id, at] of entries) q.touch.run(at, id);
  });
  const redeem = db.transaction((...[r]: Parameters<SecurityStore['redeemPasswordReset']>) => {
    const userId = q.liveReset.get(r.username, r.hash, r.now)?.user_id;
    if (userId === undefined) return undefined;
    q.spendReset.run(userId);
    const revoked = setPassword(userId, r.passwordHash, null, r.now);
    const row = q.user.get(userId);
    if (!row) throw new Error('reset user vanished');
    return { user: toUser(row), banned: row.banned !== 0, revoked };
  });
  const transfer = db.transaction((fromId: number, toId: number) => {
    const from = q.user.get(fromId);
    const to = q.user.get(toId);
    if (!from || from.role !== 'owner' || from.banned !== 0 || !to || to.id === from.id)
      return undefined;
    if (to.banned !== 0 || to.deleted_at !== null) return undefined;
    // Demote first: there is never a moment with two owners.
    q.setRole.run('member', 1, fromId);
    q.setRole.run('owner', 0, toId);
    // Codes for either password were made for other roles; the old owner, now an admin, no
    // longer outranks everyone their codes were for (their invite codes stay: admins make them).
    cleanup.forgetResetsFor(fromId);
    cleanup.forgetResetsFor(toId);
    cleanup.withdrawIssued(fromId, null);
    const owner = q.user.get(toId);
    const previous = q.user.get(fromId);
    if (!owner || !previous) throw new Error('transferred users vanished');
    return { owner: toUser(owner), previous: toUser(previous) };
  });

  return {
    async userSessions(userId, { now, sessionMaxAgeMs }) {
      return q.sessions.all({ user: userId, now, born: now - sessionMaxAgeMs }).map((row) => ({
        id: row.id,
        userAgent: row.user_agent,
        ip: row.ip,
        startedAt: row.created_at,
        lastActiveAt: row.last,
      }));
    },
    async revokeOwnSession(userId, sessionId, now) {
      return q.revokeOwn.run(now, sessionId, userId).changes > 0;
    },
    async revokeOtherSessions(userId, keep, now) {
      return q.revokeOthers.all(now, userId, keep).map((row) => row.id);
    },
    async noteSessionActivity(entries) {
      touch(entries);
    },
    async setPassword(userId, hash, keep, now) {
      return setPassword(userId, hash, keep, now);
    },
    deleteAccount: accountDeletion(db),
    async issuePasswordReset(r) {
      q.putReset.run(r.userId, r.hash, r.createdBy, r.expiresAt);
    },
    async checkPasswordReset(username, hash, now) {
      return q.liveReset.get(username, hash, now)?.user_id;
    },
    async redeemPasswordReset(r) {
      return redeem(r);
    },
    async transferOwnership(fromId, toId) {
      return transfer(fromId, toId);
    },
    async isDeleted(userId) {
      return (q.user.get(userId)?.deleted_at ?? null) !== null;
    },
  };
}
