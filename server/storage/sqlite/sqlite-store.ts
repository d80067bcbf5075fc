import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { SearchLimits } from '../search-store.js';
import type { ChatStore } from '../store.js';
import { migrate } from './migrations.js';
import { walSync } from './wal-sync.js';
import { checkpointThread } from './checkpoint-thread.js';
import { sqliteAccounts } from './sqlite-accounts.js';
import { sqliteSessions } from './sqlite-sessions.js';
import { sqliteInvitations } from './sqlite-invitations.js';
import { sqliteMessages } from './sqlite-messages.js';
import { sqliteRooms } from './sqlite-rooms.js';
import { sqliteSearch } from './sqlite-search.js';
import { sqliteFiles } from './sqlite-files.js';
import { sqliteProfiles } from './sqlite-profiles.js';
import { sqliteSecurity } from './sqlite-security.js';
import { sqliteAdmin } from './sqlite-admin.js';
import { sqliteRoomAdmin } from './sqlite-room-admin.js';

/** The database file's name inside the data directory. */
export const DATABASE_FILE = 'parley.db';

/** What a test may set on a store it opens itself (and hands to createChatServer's `store`). */
export interface SqliteStoreOptions {
  /** Search's budgets (default SEARCH_LIMITS): for tests that must not depend on timing. */
  searchLimits?: SearchLimits;
  /**
   * Told once if flushing the WAL fails, or going back to synchronous=FULL after a group commit
   * does (wal-sync.ts): queued writes (messages and their changes) are refused from then on,
   * other writes may no longer be synced, and the disk needs looking at before a restart.
   */
  onStorageFailure?: (error: Error) => void;
  /**
   * Told when upkeep off the write path fails: the index's merge steps (index-merges.ts), or the
   * checkpoint thread, after which the main connection checkpoints again (checkpoint-thread.ts).
   * The writes go on; the server logs it.
   */
  onUpkeepFailure?: (what: string, error: Error) => void;
}

/**
 * Opens (creating and migrating if needed) the SQLite store in `dataDir`.
 * WAL with synchronous=FULL: a commit is on disk before the call returns, so an acknowledged
 * message survives a crash or power loss. The group commit's transactions (messages and their
 * changes) are as durable, flushed off the event loop (wal-sync.ts).
 */
export function openSqliteStore(dataDir: string, options: SqliteStoreOptions = {}): ChatStore {
  const file = join(dataDir, DATABASE_FILE);
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // Reads through a memory map, not a read() call per page: a search or a history page reads
    // rows scattered over the whole file (about 4x faster for search over 1M messages).
    db.pragma('mmap_size = 1073741824');
    // The WAL file keeps its largest size once grown (a backup's long read, a burst before the
    // checkpoint thread is up): cut back to 64 MB when it next restarts.
    db.pragma('journal_size_limit = 67108864');
    if (process.platform !== 'win32') chmodSync(file, 0o600);
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }
  const serverId = db
    .prepare<[], { value: string }>(`SELECT value FROM meta WHERE key = 'server_id'`)
    .get()?.value;
  if (!serverId) throw new Error('database has no server_id');
  const sync = walSync(db, { onBroken: options.onStorageFailure });
  const upkeepFailed = options.onUpkeepFailure;
  const checkpoints = checkpointThread(db, {
    onFallBack: (error) =>
      upkeepFailed?.('the checkpoint thread failed; checkpoints run on the event loop', error),
  });
  return {
    serverId,
    ...sqliteAccounts(db),
    ...sqliteSessions(db),
    ...sqliteRooms(db),
    ...sqliteInvitations(db),
    ...sqliteMessages(db, sync, {
      checkpoints,
      onMergeFailure: (error) => upkeepFailed?.('a merge step of the search index failed', error),
    }),
    ...sqliteSearch(db, options.searchLimits),
    ...sqliteFiles(db),
    ...sqliteProfiles(db),
    ...sqliteSecurity(db),
    ...sqliteAdmin(db),
    ...sqliteRoomAdmin(db),
    async close() {
      // Batches held for a checkpoint commit first, then writes whose flush is still running
      // settle (their callers may read on).
      await checkpoints?.close();
      await sync?.close();
      if (db.open) db.close();
    },
  };
}
