import type pg from 'pg';
import type { ChatStore } from '../store.js';
import { pgAccounts } from './pg-accounts.js';
import { pgInvitations } from './pg-invitations.js';
import { pgMessages } from './pg-messages.js';
import { migratePostgres } from './pg-migrate.js';
import { one, openPool, type PoolOptions } from './pg-pool.js';
import { pgRooms } from './pg-rooms.js';
import { pgSessions } from './pg-sessions.js';
import { pgProfiles } from './pg-profiles.js';
import { pgSecurity } from './pg-security.js';
import { pgFiles } from './pg-files.js';
import { pgRoomAdmin } from './pg-room-admin.js';
import { pgAdmin } from './pg-admin.js';
import { pgSearch } from './pg-search.js';
import { reportingUnavailable } from './pg-availability.js';
import { pgBlobs } from './pg-blobs.js';
import { pgAvatarImages } from './pg-avatar-images.js';

/**
 * The whole {@link ChatStore} on PostgreSQL, for several nodes that share one database: every
 * write that SQLite serialises by having one writer takes row locks here (see
 * docs/scale-out.md), and `ping` lets `/healthz` say when the database cannot be reached.
 */
export type PostgresStore = ChatStore & Required<Pick<ChatStore, 'ping'>>;

/** Connections for files' and avatars' bytes, apart from the store's own pool. */
const FILE_CONNECTIONS = 4;
/**
 * How the file connections are shared out (pg-file-slots.ts), so that no kind of file work can
 * take another's: uploads written at once (each holds a connection for its transaction; a
 * minute's wait for a turn at most), download chunks read at once (downloads need only a file's
 * signed link, and a client can open many), avatar reads (they need no login). Together exactly
 * FILE_CONNECTIONS; the store's own brief file queries (sweeps) share them.
 */
const FILE_WRITERS = { size: 2, maxWaiting: 32, waitMs: 60_000 };
const FILE_READERS = { size: 1, maxWaiting: 256, waitMs: 10_000 };
const AVATAR_READERS = { size: 1, maxWaiting: 64, waitMs: 5_000 };

/**
 * Connects to PostgreSQL at `url`, migrates the schema under an advisory lock (nodes starting
 * together do not race), and reads the server's id, which every node shares: tokens one node
 * signs, another accepts.
 */
export async function openPostgresStore(
  url: string,
  options: PoolOptions & {
    /** Told of each call answered `unavailable`, with its method and the driver's error. */
    onUnavailable?: (method: string, cause: Error) => void;
  } = {},
): Promise<PostgresStore> {
  const pool: pg.Pool = openPool(url, options);
  // Files' bytes go through connections of their own: a big upload holds one for its whole
  // transaction, and downloads read a row per 256 KiB; chat's queries never wait behind them.
  const filePool: pg.Pool = openPool(url, { ...options, max: FILE_CONNECTIONS });
  const blobs = pgBlobs(filePool, { writers: FILE_WRITERS, readers: FILE_READERS });
  let closing: Promise<void> | undefined;
  try {
    await migratePostgres(pool);
    const row = await one<{ value: string }>(
      pool,
      `SELECT value FROM meta WHERE key = 'server_id'`,
    );
    if (!row) throw new Error('database has no server_id');
    // A database that cannot be reached is `unavailable` to clients, never an internal error.
    return reportingUnavailable(
      {
        serverId: row.value,
        ...pgAccounts(pool),
        ...pgSessions(pool),
        ...pgRooms(pool),
        ...pgInvitations(pool),
        ...pgMessages(pool),
        ...pgProfiles(pool),
        ...pgSecurity(pool),
        ...pgFiles(pool),
        ...pgRoomAdmin(pool),
        ...pgAdmin(pool),
        ...pgSearch(pool),
        blobs: reportingUnavailable(blobs, options.onUnavailable),
        avatarImages: reportingUnavailable(
          pgAvatarImages(filePool, AVATAR_READERS),
          options.onUnavailable,
        ),
        async ping() {
          await pool.query('SELECT 1');
        },
        // Safe to call twice, as SQLite's close is.
        close: () => {
          blobs.abort();
          return (closing ??= Promise.all([pool.end(), filePool.end()]).then(() => {}));
        },
      },
      options.onUnavailable,
    );
  } catch (error) {
    await Promise.all([pool.end(), filePool.end()]);
    throw error;
  }
}
