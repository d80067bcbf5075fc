import type pg from 'pg';
import type { AccountStore, RegisterRefusal, RegistrationRule } from '../store.js';
import { toStoredUser, toUser, type UserRow } from '../sqlite/rows.js';
import { inTransaction, one, type Queryable } from './pg-pool.js';
import { staff } from './pg-ranks.js';

/** A user row in the shape rows.ts maps (its flags as 0 or 1, as SQLite stores them). */
export const USER_COLUMNS = `id, username, display_name, password_hash, role,
  admin::int AS admin, banned::int AS banned`;

/**
 * Registrations take this transaction-level advisory lock ("parley-r"). Two nodes registering
 * at once on an empty server would otherwise both count no users and both make an owner, and
 * two registrations could spend the last use of one invite. Registrations are rare; waiting
 * for one another costs nothing that matters.
 */
const REGISTRATION_LOCK = '8097879414873337202'; // 0x7061726c65792d72

/** Users and invites in PostgreSQL: the same rules as sqlite-accounts.ts. */
export function pgAccounts(pool: pg.Pool): AccountStore {
  const userByName = (db: Queryable, username: string) =>
    one<UserRow>(
      db,
      `SELECT ${USER_COLUMNS} FROM users WHERE lower(username COLLATE "C") = lower($1 COLLATE "C")`,
      [username],
    );
  const countUsers = async (db: Queryable) =>
    (await one<{ n: number }>(db, 'SELECT count(*)::int AS n FROM users'))?.n ?? 0;

  /** The one order of checks of sqlite-accounts.ts: setup or policy, invite, then username. */
  const refusal = async (
    db: Queryable,
    username: string,
    rule: RegistrationRule,
    first: boolean,
    lock = '',
  ): Promise<RegisterRefusal | undefined> => {
    if (first) return rule.setupVerified ? undefined : 'setup_required';
    if (rule.policy === 'closed') return 'registration_closed';
    if (rule.policy === 'invite') {
      const usable =
        rule.inviteHash !== undefined &&
        (await one(
          db,
          `SELECT 1 FROM invites i JOIN users c ON c.id = i.created_by
           WHERE i.hash = $1 AND i.revoked_at IS NULL AND i.expires_at > $2
             AND (i.max_uses IS NULL OR i.uses < i.max_uses) AND ${staff('c')} ${lock}`,
          [rule.inviteHash, rule.now],
        ));
      if (!usable) return 'invalid_invite';
    }
    const taken =
      (await userByName(db, username)) ??
      (await one(
        db,
        `SELECT 1 FROM reserved_usernames
         WHERE lower(username COLLATE "C") = lower($1 COLLATE "C") AND until > $2`,
        [username, rule.now],
      ));
    return taken ? 'username_taken' : undefined;
  };

  return {
    registerUser: (user, rule) =>
      inTransaction(pool, async (db) => {
        await db.query(`SELECT pg_advisory_xact_lock(${REGISTRATION_LOCK}::bigint)`);
        const first = (await countUsers(db)) === 0;
        // The invite is locked as it is checked: a revocation on another node (which does not
        // take the registration lock) waits, so the use below cannot find it changed.
        const reason = await refusal(db, user.username, rule, first, 'FOR UPDATE OF i');
        if (reason) return { ok: false, reason };
        const row = await one<UserRow>(
          db,
          `INSERT INTO users (username, display_name, password_hash, role, created_at)
           VALUES ($1, $2, $3, $4, $5) RETURNING ${USER_COLUMNS}`,
          [
            user.username,
            user.displayName,
            user.passwordHash,
            first ? 'owner' : 'member',
            rule.now,
          ],
        );
        if (!row) throw new Error('insert user returned no row');
        if (!first && rule.policy === 'invite') {
          const used = await db.query(
            `UPDATE invites SET uses = uses + 1, used_by = coalesce(used_by, $1)
             WHERE hash = $2 AND revoked_at IS NULL AND expires_at > $3
               AND (max_uses IS NULL OR uses < max_uses)`,
            [row.id, rule.inviteHash ?? '', rule.now],
          );
          // Checked usable above, under the registration lock.
          if (used.rowCount !== 1)
            throw new Error('the invite changed inside the registration transaction');
        }
        await db.query(
          'INSERT INTO members (room_id, user_id, joined_at) SELECT id, $1, $2 FROM rooms WHERE is_default',
          [row.id, rule.now],
        );
        return { ok: true, user: toUser(row) };
      }),
    async checkRegistration(username, rule) {
      return refusal(pool, username, rule, (await countUsers(pool)) === 0);
    },
    countUsers: () => countUsers(pool),
    async findUserByUsername(username) {
      const row = await userByName(pool, username);
      return row && toStoredUser(row);
    },
    async findUserById(id) {
      const row = await one<UserRow>(pool, `SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [id]);
      return row && toStoredUser(row);
    },
    async setBanned(userId, banned) {
      await pool.query('UPDATE users SET banned = $1 WHERE id = $2', [banned, userId]);
    },
    async createInvite(invite) {
      await pool.query(
        'INSERT INTO invites (hash, created_by, expires_at, max_uses) VALUES ($1, $2, $3, 1)',
        [invite.hash, invite.createdBy, invite.expiresAt],
      );
    },
  };
}
