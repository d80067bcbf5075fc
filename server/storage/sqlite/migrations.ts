import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { addRoomLimits } from './room-limits.js';
import { addMessageFeatures } from './message-features.js';
import { addRoomNameKeys } from './room-name-keys.js';
import { addSearchIndex } from './search-index.js';
import { mergeIndexOffWrites } from './index-merges.js';
import { addFileTables } from './file-tables.js';
import { addPeopleTables } from './people-tables.js';

/**
 * Versioned schema. Each entry runs once, in order, inside a transaction, and `PRAGMA user_version`
 * records the last one applied. Never edit a shipped entry: append a new one.
 */
const MIGRATIONS: ReadonlyArray<(db: Database) => void> = [
  (db) => {
    db.exec(`
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
      CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        username TEXT NOT NULL COLLATE NOCASE UNIQUE,
        display_name TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('owner', 'member')),
        banned INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE invites (
        hash TEXT PRIMARY KEY,
        created_by INTEGER NOT NULL REFERENCES users(id),
        expires_at INTEGER NOT NULL,
        used_by INTEGER REFERENCES users(id)
      ) STRICT;
      CREATE TABLE sessions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        user_id INTEGER NOT NULL REFERENCES users(id),
        created_at INTEGER NOT NULL,
        revoked_at INTEGER
      ) STRICT;
      CREATE INDEX sessions_by_user ON sessions(user_id) WHERE revoked_at IS NULL;
      CREATE TABLE refresh_tokens (
        hash TEXT PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions(id),
        expires_at INTEGER NOT NULL,
        spent_at INTEGER
      ) STRICT;
      CREATE TABLE rooms (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('public', 'private', 'direct')),
        direct_key TEXT UNIQUE,
        is_default INTEGER NOT NULL DEFAULT 0,
        last_message_id INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX rooms_by_name ON rooms(name COLLATE NOCASE) WHERE kind <> 'direct';
      CREATE TABLE members (
        room_id INTEGER NOT NULL REFERENCES rooms(id),
        user_id INTEGER NOT NULL REFERENCES users(id),
        joined_at INTEGER NOT NULL,
        PRIMARY KEY (room_id, user_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX members_by_user ON members(user_id, room_id);
      CREATE TABLE messages (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        room_id INTEGER NOT NULL REFERENCES rooms(id),
        author_id INTEGER NOT NULL REFERENCES users(id),
        text TEXT NOT NULL,
        client_id TEXT NOT NULL,
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX messages_by_room ON messages(room_id, id);
      CREATE UNIQUE INDEX messages_by_client_id ON messages(author_id, client_id);
    `);
    const now = Date.now();
    db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run('server_id', randomUUID());
    db.prepare(
      `INSERT INTO rooms (name, kind, is_default, created_at) VALUES ('general', 'public', 1, ?)`,
    ).run(now);
  },
  // 2: room spam, forced membership and private rooms that leak (room-limits.ts).
  addRoomLimits,
  // 3: rooms.name_key, so that public rooms cannot look like one another.
  addRoomNameKeys,
  // 4: the refresh grace window and pruning (sqlite-accounts.ts). `replaced_by` names the token
  // issued when this one was spent (NULL: unspent, or discarded by a re-rotation in the grace
  // window); the indexes serve pruning by expiry and by session.
  (db) => {
    db.exec(`
      ALTER TABLE refresh_tokens ADD COLUMN replaced_by TEXT;
      CREATE INDEX refresh_tokens_by_expiry ON refresh_tokens(expires_at);
      CREATE INDEX refresh_tokens_by_session ON refresh_tokens(session_id);
    `);
  },
  // 5: edits, deletions, replies, threads, reactions, mentions and server-side read state.
  addMessageFeatures,
  // Files: uploads and the messages that carry them (file-tables.ts).
  addFileTables,
  // Full-text search of message text, kept in step by triggers (search-index.ts).
  addSearchIndex,
  // 8: profiles, roles, sessions' devices, account deletion, invites, settings, audit log.
  addPeopleTables,
  // 9: the search index merges in steps of its own, not inside message writes (index-merges.ts).
  mergeIndexOffWrites,
];

/** The schema version this build writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Brings the database up to {@link SCHEMA_VERSION} (or `target`, for tests of a migration on an
 * older database); refuses a database from a newer build.
 */
export function migrate(db: Database, target = SCHEMA_VERSION): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new Error(
      `database schema version ${current} is newer than this server understands (${SCHEMA_VERSION})`,
    );
  }
  for (let version = current; version < Math.min(target, SCHEMA_VERSION); version++) {
    const step = MIGRATIONS[version];
    if (!step) break;
    db.transaction(() => {
      step(db);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
