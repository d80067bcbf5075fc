import type pg from 'pg';
import type {
  AccountStore,
  ChatStore,
  InvitationStore,
  RoomStore,
  SessionStore,
} from '../store.js';
import type { ProfileStore } from '../profile-store.js';
import { pgAccounts } from './pg-accounts.js';
import { pgInvitations } from './pg-invitations.js';
import { migratePostgres } from './pg-migrate.js';
import { one, openPool, type PoolOptions } from './pg-pool.js';
import { pgRooms } from './pg-rooms.js';
import { pgSessions } from './pg-sessions.js';
import { pgProfiles } from './pg-profiles.js';
import { pgSecurity, type PgSecurityStore } from './pg-security.js';
import type { AdminStore } from '../admin-store.js';
import { pgAdmin } from './pg-admin.js';

/**
 * The part of {@link ChatStore} that PostgreSQL implements so far: accounts, sessions, refresh
 * rotation, profiles, rooms, invitations and blocks, and account security but deletion, the
 * part whose atomicity matters most once several nodes share a database.
 * The rest of ChatStore follows slice by slice (issue 15); until it is whole, this store is not
 * a server option.
 */
export type PostgresStore = Pick<ChatStore, 'serverId' | 'close'> &
  AccountStore &
  SessionStore &
  ProfileStore &
  RoomStore &
  InvitationStore &
  PgSecurityStore &
  AdminStore;

/**
 * Connects to PostgreSQL at `url`, migrates the schema under an advisory lock (nodes starting
 * together do not race), and reads the server's id, which every node shares: tokens one node
 * signs, another accepts.
 */
export async function openPostgresStore(
  url: string,
  options: PoolOptions = {},
): Promise<PostgresStore> {
  const pool: pg.Pool = openPool(url, options);
  let closing: Promise<void> | undefined;
  try {
    await migratePostgres(pool);
    const row = await one<{ value: string }>(
      pool,
      `SELECT value FROM meta WHERE key = 'server_id'`,
    );
    if (!row) throw new Error('database has no server_id');
    return {
      serverId: row.value,
      ...pgAccounts(pool),
      ...pgSessions(pool),
      ...pgRooms(pool),
      ...pgInvitations(pool),
      ...pgProfiles(pool),
      ...pgSecurity(pool),
      ...pgAdmin(pool),
      // Safe to call twice, as SQLite's close is.
      close: () => (closing ??= pool.end()),
    };
  } catch (error) {
    await pool.end();
    throw error;
  }
}
