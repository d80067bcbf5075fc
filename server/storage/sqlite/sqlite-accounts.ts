import type { Database } from 'better-sqlite3';
import type { AccountStore, RegisterOutcome, RegisterRefusal, RegistrationRule } from '../store.js';
import { staffSql } from './rank-sql.js';
import { toStoredUser, toUser, type UserRow } from './rows.js';

/** Users and invites in SQLite; sessions and refresh tokens are in sqlite-sessions.ts. */
export function sqliteAccounts(db: Database): AccountStore {
  const q = {
    countUsers: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM users'),
    userByName: db.prepare<[string], UserRow>('SELECT * FROM users WHERE username = ?'),
    // A deleted account's username, held so that nobody can pass for them straight away.
    held: db.prepare<[string, number], { one: number }>(
      'SELECT 1 AS one FROM reserved_usernames WHERE username = ? AND until > ?',
    ),
    userById: db.prepare<[number], UserRow>('SELECT * FROM users WHERE id = ?'),
    insertUser: db.prepare<[string, string, string, string, number], UserRow>(
      `INSERT INTO users (username, display_name, password_hash, role, created_at)
       VALUES (?, ?, ?, ?, ?) RETURNING *`,
    ),
    joinDefaults: db.prepare<[number, number]>(
      'INSERT INTO members (room_id, user_id, joined_at) SELECT id, ?, ? FROM rooms WHERE is_default = 1',
    ),
    // A code is usable while it has uses left (max_uses NULL: unlimited), is not revoked and
    // has not expired; each registration spends one use (used_by keeps the first user). Its
    // maker must still be an admin (not banned or deleted): demotion, ban and deletion revoke
    // their codes too, and this holds even for a code one of them missed.
    inviteUsable: db.prepare<[string, number], { ok: number }>(
      `SELECT 1 AS ok FROM invites i JOIN users c ON c.id = i.created_by
       WHERE i.hash = ? AND i.revoked_at IS NULL AND i.expires_at > ?
         AND (i.max_uses IS NULL OR i.uses < i.max_uses) AND ${staffSql('c')}`,
    ),
    useInvite: db.prepare<[number, string, number]>(
      `UPDATE invites SET uses = uses + 1, used_by = coalesce(used_by, ?)
       WHERE hash = ? AND revoked_at IS NULL AND expires_at > ?
         AND (max_uses IS NULL OR uses < max_uses)`,
    ),
    insertInvite: db.prepare<[string, number, number]>(
      'INSERT INTO invites (hash, created_by, expires_at, max_uses) VALUES (?, ?, ?, 1)',
    ),
    setBanned: db.prepare<[number, number]>('UPDATE users SET banned = ? WHERE id = ?'),
  };

  /**
   * The one order of checks, for registerUser and checkRegistration alike: the setup (first
   * account) or the policy, then the invite, and only then the username, so that nobody without
   * a usable invite learns which usernames exist.
   */
  const refusal = (
    username: string,
    rule: RegistrationRule,
    first: boolean,
  ): RegisterRefusal | undefined => {
    if (first) return rule.setupVerified ? undefined : 'setup_required';
    if (rule.policy === 'closed') return 'registration_closed';
    if (
      rule.policy === 'invite' &&
      !(rule.inviteHash !== undefined && q.inviteUsable.get(rule.inviteHash, rule.now))
    )
      return 'invalid_invite';
    if (q.userByName.get(username) || q.held.get(username, rule.now)) return 'username_taken';
    return undefined;
  };
  const isFirst = () => (q.countUsers.get()?.n ?? 0) === 0;

  const register = db.transaction(
    (...[user, rule]: Parameters<AccountStore['registerUser']>): RegisterOutcome => {
      const first = isFirst();
      const reason = refusal(user.username, rule, first);
      if (reason) return { ok: false, reason };
      const row = q.insertUser.get(
        user.username,
        user.displayName,
        user.passwordHash,
        first ? 'owner' : 'member',
        rule.now,
      );
      if (!row) throw new Error('insert user returned no row');
      if (!first && rule.policy === 'invite') {
        // Checked usable above, inside this same transaction.
        if (q.useInvite.run(row.id, rule.inviteHash ?? '', rule.now).changes !== 1)
          throw new Error('the invite changed inside the registration transaction');
      }
      q.joinDefaults.run(row.id, rule.now);
      return { ok: true, user: toUser(row) };
    },
  );

  return {
    async registerUser(user, rule) {
      return register(user, rule);
    },
    async checkRegistration(username, rule) {
      return refusal(username, rule, isFirst());
    },
    async countUsers() {
      return q.countUsers.get()?.n ?? 0;
    },
    async findUserByUsername(username) {
      const row = q.userByName.get(username);
      return row && toStoredUser(row);
    },
    async findUserById(id) {
      const row = q.userById.get(id);
      return row && toStoredUser(row);
    },
    async setBanned(userId, banned) {
      q.setBanned.run(banned ? 1 : 0, userId);
    },
    async createInvite(invite) {
      q.insertInvite.run(invite.hash, invite.createdBy, invite.expiresAt);
    },
  };
}
