import type pg from 'pg';
import type { UserStatus } from '../../protocol.js';
import type { ProfileStore } from '../profile-store.js';
import { toProfile, type ProfileRow } from '../sqlite/sqlite-profiles.js';
import { inTransaction, one, type Queryable } from './pg-pool.js';

/** The columns a profile is made of (alias `u`), in the shapes sqlite-profiles.ts maps. */
const PROFILE_COLUMNS = `u.id, u.username, u.display_name, u.role, u.admin::int AS admin,
  u.status_emoji, u.status_text, u.avatar, u.deleted_at`;

/**
 * ProfileStore in PostgreSQL, with the rules of sqlite-profiles.ts. Changes lock the user's row
 * first (`FOR NO KEY UPDATE`, see pg-user-actions.ts): two nodes setting one person's avatar at once then run one after the
 * other, so each learns the key it really replaced and every replaced image gets deleted; read
 * without the lock, both would name the same old key and one new image would be left behind.
 */
export function pgProfiles(pool: pg.Pool): ProfileStore {
  const live = (db: Queryable, userId: number, lock = '') =>
    one<ProfileRow>(
      db,
      `SELECT ${PROFILE_COLUMNS} FROM users u WHERE u.id = $1 AND u.deleted_at IS NULL ${lock}`,
      [userId],
    );

  return {
    async profiles(userIds) {
      if (userIds.length === 0) return [];
      const rows = await pool.query<ProfileRow>(
        `SELECT ${PROFILE_COLUMNS} FROM users u WHERE u.id = ANY($1::bigint[]) ORDER BY u.id`,
        [userIds],
      );
      return rows.rows.map(toProfile);
    },
    updateProfile: (userId: number, change: { displayName?: string; status?: UserStatus }) =>
      inTransaction(pool, async (db) => {
        if (!(await live(db, userId, 'FOR NO KEY UPDATE'))) return undefined;
        const { displayName, status } = change;
        const row = await one<ProfileRow>(
          db,
          `UPDATE users u SET display_name = coalesce($1, display_name),
             status_emoji = coalesce($2, status_emoji), status_text = coalesce($3, status_text)
           WHERE u.id = $4 RETURNING ${PROFILE_COLUMNS}`,
          [displayName ?? null, status?.emoji ?? null, status?.text ?? null, userId],
        );
        return row && toProfile(row);
      }),
    setAvatar: (userId, key) =>
      inTransaction(pool, async (db) => {
        const before = await live(db, userId, 'FOR NO KEY UPDATE');
        if (!before) return undefined;
        const row = await one<ProfileRow>(
          db,
          `UPDATE users u SET avatar = $1 WHERE u.id = $2 RETURNING ${PROFILE_COLUMNS}`,
          [key, userId],
        );
        return row && { profile: toProfile(row), previous: before.avatar };
      }),
    async avatarsInUse(keys) {
      if (keys.length === 0) return [];
      const rows = await pool.query<{ avatar: string }>(
        'SELECT DISTINCT avatar FROM users WHERE avatar = ANY($1::text[])',
        [keys],
      );
      return rows.rows.map((row) => row.avatar);
    },
  };
}
