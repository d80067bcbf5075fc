import type pg from 'pg';
import type { Role } from '../../protocol.js';
import type { AdminStore, ModerationOutcome } from '../admin-store.js';
import { toUser, type UserRow } from '../sqlite/rows.js';
import { lockUsers } from './pg-user-actions.js';
import { inTransaction, one, type Queryable } from './pg-pool.js';
import { outranks, owner, staff } from './pg-ranks.js';

type Refusal = Extract<ModerationOutcome<object>, { ok: false }>;
/** The target (null columns when unknown) with what the rules say of the actor. */
type Checked = {
  [K in 'id' | 'username' | 'display_name' | 'role' | 'admin']: UserRow[K] | null;
} & {
  deleted_at: number | null;
  allowed: boolean;
  outranks: boolean | null;
};

/**
 * Locks the rows of actor and target for the rest of the transaction, in id order (two
 * moderations of the same pair cannot deadlock). Everything then read of them is current and
 * stays so until commit: an actor demoted or banned on another node, or a target promoted or
 * handed the server, either commits first (and this sees it) or waits for this to commit. Under
 * READ COMMITTED without it, the checks below could read a role another node is changing and
 * the write land after that change. `NO KEY UPDATE` (see pg-user-actions.ts): it excludes every
 * other moderation, transfer and quota lock, yet lets rows that reference these users be
 * inserted meanwhile, so that a node holding a user's quota lock while it adds the other as a
 * member cannot deadlock with this.
 */
const lockPair = (db: pg.PoolClient, actorId: number, targetId: number) =>
  lockUsers(db, [actorId, targetId]);

/**
 * The target's role when the actor may act on them, after {@link lockPair}; `may` is the rule
 * the actor must meet (pg-ranks.ts). The actor first: someone without rights learns nothing.
 */
async function check(
  db: pg.PoolClient,
  actorId: number,
  targetId: number,
  may: typeof staff,
): Promise<Refusal | Role> {
  const row = await one<Checked>(
    db,
    `SELECT t.id, t.username, t.display_name, t.role, t.admin::int AS admin, t.deleted_at,
            ${may('a')} AS allowed, ${outranks('a', 't')} AS outranks
     FROM users a LEFT JOIN users t ON t.id = $2 WHERE a.id = $1`,
    [actorId, targetId],
  );
  if (!row?.allowed) return { ok: false, refused: 'actor' };
  const { id, username, display_name, role: stored, admin } = row;
  if (
    id === null ||
    username === null ||
    display_name === null ||
    stored === null ||
    admin === null
  )
    return { ok: false, refused: 'target' };
  if (row.deleted_at !== null) return { ok: false, refused: 'target' };
  const role = toUser({ id, username, display_name, role: stored, admin }).role;
  return row.outranks ? role : { ok: false, refused: 'rank', targetRole: role };
}

/**
 * Takes back what this user handed out (authority-cleanup.ts): the reset codes they made, and
 * their invite codes that could still be used, revoked at `now` (the panel still shows them).
 */
export async function withdrawIssued(
  db: pg.PoolClient,
  userId: number,
  now: number,
): Promise<void> {
  await db.query('DELETE FROM password_resets WHERE created_by = $1', [userId]);
  await db.query(
    `UPDATE invites SET revoked_at = $1 WHERE created_by = $2 AND revoked_at IS NULL
       AND expires_at > $1 AND (max_uses IS NULL OR uses < max_uses)`,
    [now, userId],
  );
}

/** Deletes the reset code for this user's password (authority-cleanup.ts). */
export const forgetResetsFor = (db: Queryable, userId: number) =>
  db.query('DELETE FROM password_resets WHERE user_id = $1', [userId]);

/** Bans and the admin role in PostgreSQL, with the rules of sqlite-moderation.ts. */
export function pgModeration(pool: pg.Pool): Pick<AdminStore, 'banUser' | 'setUserRole'> {
  return {
    banUser: (b) =>
      inTransaction(pool, async (db): Promise<ModerationOutcome<{ sessions: number[] }>> => {
        await lockPair(db, b.actorId, b.targetId);
        const checked = await check(db, b.actorId, b.targetId, staff);
        if (typeof checked === 'object') return checked;
        // The owner's row is never written here, whatever the checks above said.
        await db.query(
          `UPDATE users SET banned = $1, ban_reason = $2 WHERE id = $3 AND role <> 'owner'`,
          [b.banned, b.banned && b.reason !== '' ? b.reason : null, b.targetId],
        );
        if (!b.banned) return { ok: true, sessions: [] };
        await forgetResetsFor(db, b.targetId);
        await withdrawIssued(db, b.targetId, b.now);
        const revoked = await db.query<{ id: number }>(
          `UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL
           RETURNING id`,
          [b.now, b.targetId],
        );
        return { ok: true, sessions: revoked.rows.map((row) => row.id) };
      }),
    setUserRole: (c) =>
      inTransaction(pool, async (db): Promise<ModerationOutcome<{ before: Role }>> => {
        // Locked as for a ban: two owners' nodes promoting one member at once would otherwise
        // both read `member` and both report (and audit) the change.
        await lockPair(db, c.actorId, c.targetId);
        const before = await check(db, c.actorId, c.targetId, owner);
        if (typeof before === 'object') return before;
        if (before === c.role) return { ok: true, before };
        await db.query(`UPDATE users SET admin = $1 WHERE id = $2 AND role <> 'owner'`, [
          c.role === 'admin',
          c.targetId,
        ]);
        await forgetResetsFor(db, c.targetId);
        if (c.role === 'member') await withdrawIssued(db, c.targetId, c.now);
        return { ok: true, before };
      }),
  };
}
