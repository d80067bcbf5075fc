import type { Database } from 'better-sqlite3';
import type {
  AccountStore,
  RegisterOutcome,
  RegisterRefusal,
  RegistrationRule,
  RotateOutcome,
  SessionStore,
} from '../store.js';
import { toStoredUser, toUser, type UserRow } from './rows.js';

/** Users, invites, sessions and refresh tokens in SQLite. */
export function sqliteAccounts(db: Database): AccountStore & SessionStore {
  const q = {
    countUsers: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM users'),
    userByName: db.prepare<[string], UserRow>('SELECT * FROM users WHERE username = ?'),
    userById: db.prepare<[number], UserRow>('SELECT * FROM users WHERE id = ?'),
    insertUser: db.prepare<[string, string, string, string, number], UserRow>(
      `INSERT INTO users (username, display_name, password_hash, role, created_at)
       VALUES (?, ?, ?, ?, ?) RETURNING *`,
    ),
    joinDefaults: db.prepare<[number, number]>(
      'INSERT INTO members (room_id, user_id, joined_at) SELECT id, ?, ? FROM rooms WHERE is_default = 1',
    ),
    inviteUsable: db.prepare<[string, number], { ok: number }>(
      'SELECT 1 AS ok FROM invites WHERE hash = ? AND used_by IS NULL AND expires_at > ?',
    ),
    useInvite: db.prepare<[number, string, number]>(
      'UPDATE invites SET used_by = ? WHERE hash = ? AND used_by IS NULL AND expires_at > ?',
    ),
    insertInvite: db.prepare<[string, number, number]>(
      'INSERT INTO invites (hash, created_by, expires_at) VALUES (?, ?, ?)',
    ),
    setBanned: db.prepare<[number, number]>('UPDATE users SET banned = ? WHERE id = ?'),
    insertSession: db.prepare<[number, number], { id: number }>(
      'INSERT INTO sessions (user_id, created_at) VALUES (?, ?) RETURNING id',
    ),
    insertRefresh: db.prepare<[string, number, number]>(
      'INSERT INTO refresh_tokens (hash, session_id, expires_at) VALUES (?, ?, ?)',
    ),
    refreshByHash: db.prepare<
      [string],
      {
        session_id: number;
        expires_at: number;
        spent_at: number | null;
        revoked_at: number | null;
        user_id: number;
      }
    >(
      `SELECT rt.session_id, rt.expires_at, rt.spent_at, s.revoked_at, s.user_id
       FROM refresh_tokens rt JOIN sessions s ON s.id = rt.session_id WHERE rt.hash = ?`,
    ),
    sessionOfRefresh: db.prepare<[string], { session_id: number }>(
      'SELECT session_id FROM refresh_tokens WHERE hash = ?',
    ),
    spendRefresh: db.prepare<[number, string]>(
      'UPDATE refresh_tokens SET spent_at = ? WHERE hash = ?',
    ),
    // Runs on every handshake: only the columns it needs (not the password hash).
    sessionState: db.prepare<
      [number],
      {
        id: number;
        username: string;
        display_name: string;
        role: string;
        banned: number;
        revoked_at: number | null;
      }
    >(
      `SELECT u.id, u.username, u.display_name, u.role, u.banned, s.revoked_at
       FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ?`,
    ),
    revokeSession: db.prepare<[number, number]>(
      'UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL',
    ),
    revokeUserSessions: db.prepare<[number, number], { id: number }>(
      'UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL RETURNING id',
    ),
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
    if (q.userByName.get(username)) return 'username_taken';
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

  const rotate = db.transaction(
    (...[r]: Parameters<SessionStore['rotateRefreshToken']>): RotateOutcome => {
      const row = q.refreshByHash.get(r.oldHash);
      if (!row) return { status: 'unknown' };
      if (row.revoked_at !== null) return { status: 'revoked' };
      if (row.spent_at !== null) {
        q.revokeSession.run(r.now, row.session_id);
        return { status: 'reused', sessionId: row.session_id, userId: row.user_id };
      }
      if (row.expires_at <= r.now) return { status: 'expired' };
      const user = q.userById.get(row.user_id);
      if (!user) return { status: 'unknown' };
      q.spendRefresh.run(r.now, r.oldHash);
      q.insertRefresh.run(r.newHash, row.session_id, r.refreshExpiresAt);
      return { status: 'ok', sessionId: row.session_id, user: toStoredUser(user) };
    },
  );

  const createSession = db.transaction((...[s]: Parameters<SessionStore['createSession']>) => {
    const session = q.insertSession.get(s.userId, s.now);
    if (!session) throw new Error('insert session returned no row');
    q.insertRefresh.run(s.refreshHash, session.id, s.refreshExpiresAt);
    return session.id;
  });

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
    async createSession(session) {
      return createSession(session);
    },
    async rotateRefreshToken(rotation) {
      return rotate(rotation);
    },
    async sessionOfRefreshToken(hash) {
      return q.sessionOfRefresh.get(hash)?.session_id;
    },
    async sessionState(sessionId) {
      const row = q.sessionState.get(sessionId);
      if (!row) return undefined;
      return { user: toUser(row), banned: row.banned !== 0, revoked: row.revoked_at !== null };
    },
    async revokeSession(sessionId, now) {
      q.revokeSession.run(now, sessionId);
    },
    async revokeUserSessions(userId, now) {
      return q.revokeUserSessions.all(now, userId).map((row) => row.id);
    },
  };
}
