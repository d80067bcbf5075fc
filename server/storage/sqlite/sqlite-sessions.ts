import type { Database } from 'better-sqlite3';
import type { RotateOutcome, SessionStore } from '../store.js';
import { toStoredUser, toUser, type UserRow } from './rows.js';

/** A refresh token with its session, as rotation reads it (the PostgreSQL store too). */
export interface RefreshRow {
  session_id: number;
  expires_at: number;
  spent_at: number | null;
  replaced_by: string | null;
  revoked_at: number | null;
  user_id: number;
  session_created_at: number;
}

/**
 * Sessions that ended: revoked, or past their absolute lifetime, before the cut-off (so that
 * access tokens still in flight meet `token_revoked`, not an unknown session); or left without
 * a refresh token, all expired, so that nobody can use them again.
 */
const ENDED_SESSIONS = `SELECT id FROM sessions
  WHERE revoked_at <= @endedBefore OR created_at + @maxAge <= @endedBefore
     OR NOT EXISTS (SELECT 1 FROM refresh_tokens rt WHERE rt.session_id = sessions.id)`;
type Cut = { endedBefore: number; maxAge: number };

/**
 * Sessions and their refresh tokens in SQLite. Each session has one unspent refresh token; a
 * spent one keeps `replaced_by`, the token issued in its place, which is what lets the token
 * just before the current one be presented again within the grace window.
 */
export function sqliteSessions(db: Database): SessionStore {
  const q = {
    userById: db.prepare<[number], UserRow>('SELECT * FROM users WHERE id = ?'),
    insertSession: db.prepare<[number, number, string, string, number], { id: number }>(
      `INSERT INTO sessions (user_id, created_at, user_agent, ip, last_active_at)
       VALUES (?, ?, ?, ?, ?) RETURNING id`,
    ),
    insertRefresh: db.prepare<[string, number, number]>(
      'INSERT INTO refresh_tokens (hash, session_id, expires_at) VALUES (?, ?, ?)',
    ),
    refreshByHash: db.prepare<[string], RefreshRow>(
      `SELECT rt.session_id, rt.expires_at, rt.spent_at, rt.replaced_by, s.revoked_at, s.user_id,
              s.created_at AS session_created_at
       FROM refresh_tokens rt JOIN sessions s ON s.id = rt.session_id WHERE rt.hash = ?`,
    ),
    unspent: db.prepare<[string], { ok: number }>(
      'SELECT 1 AS ok FROM refresh_tokens WHERE hash = ? AND spent_at IS NULL',
    ),
    sessionOfRefresh: db.prepare<[string], { session_id: number }>(
      'SELECT session_id FROM refresh_tokens WHERE hash = ?',
    ),
    // `spent_at` is set once: a re-rotation in the grace window does not move it, so presenting
    // the same token again and again cannot stretch the window.
    spendRefresh: db.prepare<[number, string, string]>(
      'UPDATE refresh_tokens SET spent_at = COALESCE(spent_at, ?), replaced_by = ? WHERE hash = ?',
    ),
    discardRefresh: db.prepare<[number, string]>(
      'UPDATE refresh_tokens SET spent_at = ?, replaced_by = NULL WHERE hash = ?',
    ),
    // Runs on every handshake: only the columns it needs (not the password hash).
    sessionState: db.prepare<
      [number],
      Pick<UserRow, 'id' | 'username' | 'display_name' | 'role' | 'admin' | 'banned'> & {
        revoked_at: number | null;
        created_at: number;
      }
    >(
      `SELECT u.id, u.username, u.display_name, u.role, u.admin, u.banned, s.revoked_at, s.created_at
       FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ?`,
    ),
    revokeSession: db.prepare<[number, number]>(
      'UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL',
    ),
    revokeUserSessions: db.prepare<[number, number], { id: number }>(
      'UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL RETURNING id',
    ),
    // Spent tokens stay while their session lives, expired or not: presenting one is how a
    // stolen copy is caught (reuse revokes the session), however late the victim comes back.
    pruneExpiredTokens: db.prepare<[number]>(
      'DELETE FROM refresh_tokens WHERE expires_at <= ? AND spent_at IS NULL',
    ),
    pruneTokensOfEnded: db.prepare<Cut>(
      `DELETE FROM refresh_tokens WHERE session_id IN (${ENDED_SESSIONS})`,
    ),
    pruneEnded: db.prepare<Cut>(`DELETE FROM sessions WHERE id IN (${ENDED_SESSIONS})`),
  };

  const rotate = db.transaction(
    (...[r]: Parameters<SessionStore['rotateRefreshToken']>): RotateOutcome => {
      const row = q.refreshByHash.get(r.oldHash);
      if (!row) return { status: 'unknown' };
      if (row.revoked_at !== null) return { status: 'revoked' };
      const sessionEnd = row.session_created_at + r.sessionMaxAgeMs;
      if (sessionEnd <= r.now) return { status: 'expired' };
      if (row.spent_at !== null) {
        // Its answer may have been lost: the token just before the current one, soon after it
        // was spent, rotates again and the current one is discarded (one branch stays alive).
        const replaced = row.replaced_by;
        const graced =
          replaced !== null && r.now - row.spent_at <= r.graceMs && q.unspent.get(replaced);
        if (!graced) {
          q.revokeSession.run(r.now, row.session_id);
          return { status: 'reused', sessionId: row.session_id, userId: row.user_id };
        }
        q.discardRefresh.run(r.now, replaced);
      } else if (row.expires_at <= r.now) return { status: 'expired' };
      const user = q.userById.get(row.user_id);
      if (!user) return { status: 'unknown' };
      q.spendRefresh.run(r.now, r.newHash, r.oldHash);
      q.insertRefresh.run(r.newHash, row.session_id, Math.min(r.refreshExpiresAt, sessionEnd));
      return { status: 'ok', sessionId: row.session_id, user: toStoredUser(user) };
    },
  );

  const createSession = db.transaction((...[s]: Parameters<SessionStore['createSession']>) => {
    const session = q.insertSession.get(s.userId, s.now, s.userAgent ?? '', s.ip ?? '', s.now);
    if (!session) throw new Error('insert session returned no row');
    q.insertRefresh.run(s.refreshHash, session.id, s.refreshExpiresAt);
    return session.id;
  });

  const prune = db.transaction((...[p]: Parameters<SessionStore['pruneSessions']>) => {
    const cut = { endedBefore: p.endedBefore, maxAge: p.sessionMaxAgeMs };
    const expired = q.pruneExpiredTokens.run(p.now).changes;
    const ofEnded = q.pruneTokensOfEnded.run(cut).changes;
    const sessions = q.pruneEnded.run(cut).changes;
    return { sessions, refreshTokens: expired + ofEnded };
  });

  return {
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
      return {
        user: toUser(row),
        banned: row.banned !== 0,
        revoked: row.revoked_at !== null,
        startedAt: row.created_at,
      };
    },
    async revokeSession(sessionId, now) {
      q.revokeSession.run(now, sessionId);
    },
    async revokeUserSessions(userId, now) {
      return q.revokeUserSessions.all(now, userId).map((row) => row.id);
    },
    async pruneSessions(p) {
      return prune(p);
    },
  };
}
