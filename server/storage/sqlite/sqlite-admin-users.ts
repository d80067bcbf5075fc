import type { Database } from 'better-sqlite3';
import type { AdminStore } from '../admin-store.js';
import { toAdminUser, type AdminUserRow } from './admin-rows.js';

/** `%`, `_` and the escape character itself match only themselves in a LIKE pattern. */
function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

type UserAdministration = Pick<AdminStore, 'adminUsers' | 'adminUser' | 'recordLastSeen'>;

/**
 * The admin panel's side of the users table: listing and last seen (bans and the admin role are
 * in sqlite-moderation.ts).
 */
export function sqliteAdminUsers(db: Database): UserAdministration {
  const q = {
    page: db.prepare<[number, number], AdminUserRow>(
      'SELECT * FROM users WHERE id > ? ORDER BY id LIMIT ?',
    ),
    search: db.prepare<[number, string, string, number], AdminUserRow>(
      `SELECT * FROM users WHERE id > ?
         AND (username LIKE ? ESCAPE '\\' OR display_name LIKE ? ESCAPE '\\')
       ORDER BY id LIMIT ?`,
    ),
    byId: db.prepare<[number], AdminUserRow>('SELECT * FROM users WHERE id = ?'),
    seen: db.prepare<[number, number, number]>(
      'UPDATE users SET last_seen_at = ? WHERE id = ? AND (last_seen_at IS NULL OR last_seen_at < ?)',
    ),
  };
  const recordSeen = db.transaction((seen: ReadonlyMap<number, number>) => {
    for (const [userId, at] of seen) q.seen.run(at, userId, at);
  });

  return {
    async adminUsers({ query, after, limit }) {
      const rows = query
        ? q.search.all(after ?? 0, likeContains(query), likeContains(query), limit + 1)
        : q.page.all(after ?? 0, limit + 1);
      const users = rows.slice(0, limit).map(toAdminUser);
      return { users, nextCursor: rows.length > limit ? (users.at(-1)?.id ?? null) : null };
    },
    async adminUser(userId) {
      const row = q.byId.get(userId);
      return row && toAdminUser(row);
    },
    async recordLastSeen(seen) {
      if (seen.size > 0) recordSeen(seen);
    },
  };
}
