import type { Database } from 'better-sqlite3';

/**
 * Migration: file sharing (issue 13).
 * - `files`: one row per upload. The bytes are a blob in the FileStore named by `sha256` (and
 *   the thumbnail's by `thumb_sha256`); rows of identical uploads share a blob, so a blob goes
 *   only when no row names it. `width`, `height` and `animated` are set for raster images only.
 *   `(uploader_id, size)` makes the quota's sum a walk of one index, without the table.
 * - `message_files`: which message carries which file, in the sender's order. `file_id` is
 *   unique: one upload goes with one message. Rows stay when a message is deleted (its files are
 *   then unreadable, and cannot be sent again); they go with the message when its room is
 *   deleted, and with the file when it is pruned.
 */
export function addFileTables(db: Database): void {
  db.exec(`
    CREATE TABLE files (
      id TEXT PRIMARY KEY,
      sha256 TEXT NOT NULL,
      thumb_sha256 TEXT,
      name TEXT NOT NULL,
      size INTEGER NOT NULL,
      type TEXT NOT NULL,
      width INTEGER,
      height INTEGER,
      animated INTEGER NOT NULL DEFAULT 0,
      uploader_id INTEGER NOT NULL REFERENCES users(id),
      created_at INTEGER NOT NULL
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX files_by_uploader ON files(uploader_id, size);
    CREATE INDEX files_by_sha ON files(sha256);
    CREATE INDEX files_by_thumb ON files(thumb_sha256) WHERE thumb_sha256 IS NOT NULL;
    CREATE INDEX files_by_age ON files(created_at);

    CREATE TABLE message_files (
      message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
      position INTEGER NOT NULL,
      file_id TEXT NOT NULL UNIQUE REFERENCES files(id) ON DELETE CASCADE,
      PRIMARY KEY (message_id, position)
    ) STRICT, WITHOUT ROWID;
  `);
}
