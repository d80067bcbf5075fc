import type { Database } from 'better-sqlite3';
import { DELETED_USER_NAME, type Profile, type UserStatus } from '../../protocol.js';
import type { ProfileStore } from '../profile-store.js';
import { toUser, type UserRow } from './rows.js';

/** The columns a profile is made of (alias `u`). */
export const PROFILE_COLUMNS =
  'u.id, u.username, u.display_name, u.role, u.admin, u.status_emoji, u.status_text, u.avatar, u.deleted_at';

/** A user row as {@link PROFILE_COLUMNS} selects it. */
export interface ProfileRow extends Pick<
  UserRow,
  'id' | 'username' | 'display_name' | 'role' | 'admin'
> {
  status_emoji: string;
  status_text: string;
  avatar: string | null;
  deleted_at: number | null;
}

/**
 * A profile as everyone may see it. A deleted account shows as "Deleted user", with no avatar
 * and no status, whatever its row still holds; its role is kept (it changes nothing any more).
 */
export function toProfile(row: ProfileRow): Profile {
  const user = toUser(row);
  if (row.deleted_at !== null)
    return {
      ...user,
      displayName: DELETED_USER_NAME,
      avatar: null,
      status: { emoji: '', text: '' },
      deleted: true,
    };
  return {
    ...user,
    avatar: row.avatar,
    status: { emoji: row.status_emoji, text: row.status_text },
  };
}

/** ProfileStore in SQLite: the profile columns of `users` (see people-tables.ts). */
export function sqliteProfiles(db: Database): ProfileStore {
  const q = {
    // json_each: one statement for any number of ids (the caller allows at most 100).
    profiles: db.prepare<[string], ProfileRow>(
      `SELECT ${PROFILE_COLUMNS} FROM users u
       WHERE u.id IN (SELECT value FROM json_each(?)) ORDER BY u.id`,
    ),
    live: db.prepare<[number], ProfileRow>(
      `SELECT ${PROFILE_COLUMNS} FROM users u WHERE u.id = ? AND u.deleted_at IS NULL`,
    ),
    update: db.prepare<[string | null, string | null, string | null, number]>(
      `UPDATE users SET display_name = coalesce(?, display_name),
         status_emoji = coalesce(?, status_emoji), status_text = coalesce(?, status_text)
       WHERE id = ?`,
    ),
    setAvatar: db.prepare<[string | null, number]>('UPDATE users SET avatar = ? WHERE id = ?'),
    inUse: db.prepare<[string], { avatar: string }>(
      `SELECT DISTINCT avatar FROM users
       WHERE avatar IN (SELECT value FROM json_each(?)) AND avatar IS NOT NULL`,
    ),
  };

  const update = db.transaction(
    (userId: number, change: { displayName?: string; status?: UserStatus }) => {
      if (!q.live.get(userId)) return undefined;
      const { displayName, status } = change;
      q.update.run(displayName ?? null, status?.emoji ?? null, status?.text ?? null, userId);
      const row = q.live.get(userId);
      return row && toProfile(row);
    },
  );
  const setAvatar = db.transaction((userId: number, key: string | null) => {
    const before = q.live.get(userId);
    if (!before) return undefined;
    q.setAvatar.run(key, userId);
    const row = q.live.get(userId);
    return row && { profile: toProfile(row), previous: before.avatar };
  });

  return {
    async profiles(userIds) {
      if (userIds.length === 0) return [];
      return q.profiles.all(JSON.stringify(userIds)).map(toProfile);
    },
    async updateProfile(userId, change) {
      return update(userId, change);
    },
    async setAvatar(userId, key) {
      return setAvatar(userId, key);
    },
    async avatarsInUse(keys) {
      if (keys.length === 0) return [];
      return q.inUse.all(JSON.stringify(keys)).map((row) => row.avatar);
    },
  };
}
