import type { PoolClient } from 'pg';
import { createAdminTables } from './pg-schema-admin.js';
import { createAvatarTable, createBlobTables } from './pg-schema-files.js';
import { createMessageTables } from './pg-schema-messages.js';
import { createPeopleTables } from './pg-schema-people.js';
import { createRoomTables } from './pg-schema-rooms.js';
import { createSearchIndex } from './pg-schema-search.js';

/**
 * The PostgreSQL schema, as migrations: each entry runs once, in order, and `schema_version`
 * records how many have run. The same tables as SQLite's (see sqlite/migrations.ts for why each
 * column exists), with PostgreSQL's types: ids are identities, times are ms since the epoch in
 * `bigint`, flags are booleans. Usernames are unique and looked up by `lower(username COLLATE "C")`, which folds A-Z only, as
 * SQLite's `COLLATE NOCASE` does.
 *
 * Frozen from here: entry 1 grew with each slice while the store was not yet a server option
 * (no database of it existed outside tests); the store ships complete with `--database` now.
 * Never edit an entry again: append one.
 */
export const PG_MIGRATIONS: ReadonlyArray<(db: PoolClient) => Promise<void>> = [
  async (db) => {
    await createPeopleTables(db);
    await createRoomTables(db);
    await createMessageTables(db);
    await createSearchIndex(db);
    await createAdminTables(db);
  },
  // Files' bytes, shared by every node (pg-blobs.ts), and avatar images (pg-avatar-images.ts).
  async (db) => {
    await createBlobTables(db);
    await createAvatarTable(db);
  },
];

/** The schema version this build writes. */
export const PG_SCHEMA_VERSION = PG_MIGRATIONS.length;
