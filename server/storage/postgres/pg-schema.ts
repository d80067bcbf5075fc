import type { PoolClient } from 'pg';
import { createAdminTables } from './pg-schema-admin.js';
import { createMessageTables } from './pg-schema-messages.js';
import { createPeopleTables } from './pg-schema-people.js';
import { createRoomTables } from './pg-schema-rooms.js';

/**
 * The PostgreSQL schema, as migrations: each entry runs once, in order, and `schema_version`
 * records how many have run. The same tables as SQLite's (see sqlite/migrations.ts for why each
 * column exists), with PostgreSQL's types: ids are identities, times are ms since the epoch in
 * `bigint`, flags are booleans. Usernames are unique and looked up by `lower(username COLLATE "C")`, which folds A-Z only, as
 * SQLite's `COLLATE NOCASE` does.
 *
 * Not frozen yet: the PostgreSQL store is built a slice at a time and is not yet a server
 * option, so no database of this schema exists outside tests. Entry 1 grows with each slice
 * until the store ships; from then on, never edit a shipped entry: append one.
 */
export const PG_MIGRATIONS: ReadonlyArray<(db: PoolClient) => Promise<void>> = [
  async (db) => {
    await createPeopleTables(db);
    await createRoomTables(db);
    await createMessageTables(db);
    await createAdminTables(db);
  },
];

/** The schema version this build writes. */
export const PG_SCHEMA_VERSION = PG_MIGRATIONS.length;
