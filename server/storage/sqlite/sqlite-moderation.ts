import type { Database } from 'better-sqlite3';
import type { Role } from '../../protocol.js';
import type { AdminStore, ModerationOutcome } from '../admin-store.js';
import { authorityCleanup } from './authority-cleanup.js';
import { outranksSql, ownerSql, staffSql } from './rank-sql.js';
import { toUser, type UserRow } from './rows.js';

type Row = UserRow & { deleted_at: number | null };
type Refusal = Extract<ModerationOutcome<object>, { ok: false }>;

/**
 * Bans and the admin role in SQLite. Each is one transaction that reads actor and target again
 * and applies the role rules (rank-sql.ts) before it writes: a transfer of ownership or another
 * role change cannot land between the check and the write, whatever the caller awaited before.
 */
export function sqliteModeration(db: Database): Pick<AdminStore, 'banUser' | 'setUserRole'> {
  const cleanup = authorityCleanup(db);
  const q = {
    user: db.prepare<[number], Row>('SELECT * FROM users WHERE id = ?'),
    staff: db.prepare<[number], { one: number }>(
      `SELECT 1 AS one FROM users a WHERE a.id = ? AND ${staffSql('a')}`,
    ),
    owner: db.prepare<[number], { one: number }>(
      `SELECT 1 AS one FROM users a WHERE a.id = ? AND ${ownerSql('a')}`,
    ),
    outranks: db.prepare<[number, number], { one: number }>(
      `SELECT 1 AS one FROM users a, users t WHERE a.id = ? AND t.id = ? AND ${outranksSql('a', 't')}`,
    ),
    // The owner's row is never written here, whatever the checks above said.
    setBan: db.prepare<[number, string | null, number]>(
      "UPDATE users SET banned = ?, ban_reason = ? WHERE id = ? AND role <> 'owner'",
    ),
    setAdmin: db.prepare<[number, number]>(
      "UPDATE users SET admin = ? WHERE id = ? AND role <> 'owner'",
    ),
    revokeSessions: db.prepare<[number, number], { id: number }>(
      'UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL RETURNING id',
    ),
  };

  /** The target's role when `actorId` may act on `targetId` (as `allowed` says of the actor). */
  const check = (actorId: number, targetId: number, allowed: typeof q.staff): Refusal | Role => {
    // The actor first: someone without rights learns nothing about the target.
    if (!allowed.get(actorId)) return { ok: false, refused: 'actor' };
    const target = q.user.get(targetId);
    if (!target || target.deleted_at !== null) return { ok: false, refused: 'target' };
    const role = toUser(target).role;
    if (!q.outranks.get(actorId, targetId)) return { ok: false, refused: 'rank', targetRole: role };
    return role;
  };

  const ban = db.transaction(
    (...[b]: Parameters<AdminStore['banUser']>): ModerationOutcome<{ sessions: number[] }> => {
      const checked = check(b.actorId, b.targetId, q.staff);
      if (typeof checked === 'object') return checked;
      q.setBan.run(b.banned ? 1 : 0, b.banned && b.reason !== '' ? b.reason : null, b.targetId);
      if (!b.banned) return { ok: true, sessions: [] };
      cleanup.forgetResetsFor(b.targetId);
      cleanup.withdrawIssued(b.targetId, b.now);
      return { ok: true, sessions: q.revokeSessions.all(b.now, b.targetId).map((r) => r.id) };
    },
  );
  const setRole = db.transaction(
    (...[c]: Parameters<AdminStore['setUserRole']>): ModerationOutcome<{ before: Role }> => {
      const before = check(c.actorId, c.targetId, q.owner);
      if (typeof before === 'object') return before;
      if (before === c.role) return { ok: true, before };
      q.setAdmin.run(c.role === 'admin' ? 1 : 0, c.targetId);
      cleanup.forgetResetsFor(c.targetId);
      if (c.role === 'member') cleanup.withdrawIssued(c.targetId, c.now);
      return { ok: true, before };
    },
  );

  return {
    async banUser(b) {
      return ban(b);
    },
    async setUserRole(c) {
      return setRole(c);
    },
  };
}
