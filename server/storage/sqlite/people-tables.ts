import type { Database } from 'better-sqlite3';

/**
 * Migration: people and administration (issue 14). One migration for the whole feature, so that
 * a data dir is either before it or after it.
 * - `users.admin`: the `admin` role. The `role` column's CHECK (owner, member) cannot change
 *   without rebuilding a table that every other table references, so the role is
 *   `owner` when `role = 'owner'`, else `admin` when `admin = 1`, else `member`.
 * - `users.status_emoji`, `status_text`, `avatar` (a random key; the image is
 *   `avatars/<key>.webp` in the data dir), `ban_reason`, `last_seen_at`, `deleted_at`.
 * - `reserved_usernames`: a deleted account's username, unavailable until `until`.
 * - `sessions.user_agent`, `ip`, `last_active_at`: for "Your sessions".
 * - `password_resets`: one live code per user (hashed), made by an admin, used once.
 * - `invites`: multi-use codes (`max_uses` NULL: unlimited), `uses`, revocation, a `hint` (the
 *   code's first 4 characters) and `created_at`. An existing code counts as single-use.
 * - `rooms.topic`, `rooms.archived_at`.
 * - `settings`: what the owner changes while the server runs (name, registration, …), by key,
 *   values as JSON; a key that is absent takes its value from the server's options.
 * - `audit_log`: every admin action, append-only.
 * - `room_removals`: who an admin removed from which room. `room:join` refuses them until a
 *   member invites them back and they accept (which deletes the row).
 */
export function addPeopleTables(db: Database): void {
  db.exec(`
    ALTER TABLE users ADD COLUMN admin INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE users ADD COLUMN status_emoji TEXT NOT NULL DEFAULT '';
    ALTER TABLE users ADD COLUMN status_text TEXT NOT NULL DEFAULT '';
    ALTER TABLE users ADD COLUMN avatar TEXT;
    ALTER TABLE users ADD COLUMN ban_reason TEXT;
    ALTER TABLE users ADD COLUMN last_seen_at INTEGER;
    ALTER TABLE users ADD COLUMN deleted_at INTEGER;
    CREATE TABLE reserved_usernames (
      username TEXT PRIMARY KEY COLLATE NOCASE,
      until INTEGER NOT NULL
    ) STRICT;
    ALTER TABLE sessions ADD COLUMN user_agent TEXT NOT NULL DEFAULT '';
    ALTER TABLE sessions ADD COLUMN ip TEXT NOT NULL DEFAULT '';
    ALTER TABLE sessions ADD COLUMN last_active_at INTEGER;
    CREATE TABLE password_resets (
      user_id INTEGER PRIMARY KEY REFERENCES users(id),
      hash TEXT NOT NULL UNIQUE,
      created_by INTEGER NOT NULL REFERENCES users(id),
      expires_at INTEGER NOT NULL
    ) STRICT;
    ALTER TABLE invites ADD COLUMN created_at INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE invites ADD COLUMN max_uses INTEGER;
    ALTER TABLE invites ADD COLUMN uses INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE invites ADD COLUMN revoked_at INTEGER;
    ALTER TABLE invites ADD COLUMN hint TEXT NOT NULL DEFAULT '';
    UPDATE invites SET max_uses = 1, uses = (used_by IS NOT NULL);
    ALTER TABLE rooms ADD COLUMN topic TEXT NOT NULL DEFAULT '';
    ALTER TABLE rooms ADD COLUMN archived_at INTEGER;
    CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
    CREATE TABLE audit_log (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      at INTEGER NOT NULL,
      actor_id INTEGER REFERENCES users(id),
      action TEXT NOT NULL,
      target_kind TEXT,
      target_id TEXT,
      target_label TEXT NOT NULL DEFAULT '',
      detail TEXT NOT NULL DEFAULT ''
    ) STRICT;
    CREATE TABLE room_removals (
      room_id INTEGER NOT NULL REFERENCES rooms(id),
      user_id INTEGER NOT NULL REFERENCES users(id),
      removed_by INTEGER NOT NULL REFERENCES users(id),
      removed_at INTEGER NOT NULL,
      PRIMARY KEY (room_id, user_id)
    ) STRICT, WITHOUT ROWID;
  `);
}
