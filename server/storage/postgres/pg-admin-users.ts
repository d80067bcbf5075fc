import type pg from 'pg';
import type { AdminStore } from '../admin-store.js';
import { toAdminUser, type AdminUserRow } from '../sqlite/admin-rows.js';
import { USER_COLUMNS } from './pg-accounts.js';
import { lockUsers } from './pg-user-actions.js';
import { inTransaction, one } from './pg-pool.js';

const SELECT = `SELECT ${USER_COLUMNS}, status_emoji, status_text, avatar, ban_reason,
  last_seen_at, deleted_at, created_at FROM users`;

/**
 * Contains, case-insensitively for ASCII letters only, as SQLite's LIKE: `lower` under the "C"
 * collation folds A-Z and nothing else, whatever the database's locale. `strpos` takes the
 * query as plain text, so `%` and `_` need no escaping.
 */
const contains = (column: string) =>
  `strpos(lower(${column} COLLATE "C"), lower($2 COLLATE "C")) > 0`;

type UserAdministration = Pick<AdminStore, 'adminUsers' | 'adminUser' | 'recordLastSeen'>;

/** The admin panel's side of the users table, as sqlite-admin-users.ts: listing and last seen. */
export function pgAdminUsers(pool: pg.Pool): UserAdministration {
  return {
    async adminUsers({ query, after, limit }) {
      const rows = query
        ? await pool.query<AdminUserRow>(
            `${SELECT} WHERE id > $1 AND (${contains('username')} OR ${contains('display_name')})
             ORDER BY id LIMIT $3`,
            [after ?? 0, query, limit + 1],
          )
        : await pool.query<AdminUserRow>(`${SELECT} WHERE id > $1 ORDER BY id LIMIT $2`, [
            after ?? 0,
            limit + 1,
          ]);
      const users = rows.rows.slice(0, limit).map(toAdminUser);
      return { users, nextCursor: rows.rows.length > limit ? (users.at(-1)?.id ?? null) : null };
    },
    async adminUser(userId) {
      const row = await one<AdminUserRow>(pool, `${SELECT} WHERE id = $1`, [userId]);
      return row && toAdminUser(row);
    },
    async recordLastSeen(seen) {
      if (seen.size === 0) return;
      // The rows are locked first, in id order (a locking SELECT sorts before it locks; an
      // UPDATE ... FROM locks in whatever order its join yields): the order every other writer
      // of two users takes, so that no flush can deadlock with a ban or another node's flush.
      // `greatest` keeps the later time whichever node commits last.
      const ids = [...seen.keys()].sort((a, b) => a - b);
      await inTransaction(pool, async (db) => {
        await lockUsers(db, ids);
        await db.query(
          `UPDATE users u SET last_seen_at = greatest(u.last_seen_at, v.at)
           FROM unnest($1::bigint[], $2::bigint[]) AS v(id, at)
           WHERE u.id = v.id AND (u.last_seen_at IS NULL OR u.last_seen_at < v.at)`,
          [ids, ids.map((id) => seen.get(id))],
        );
      });
    },
  };
}
