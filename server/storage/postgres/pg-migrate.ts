import type pg from 'pg';
import { inTransaction, one } from './pg-pool.js';
import { PG_MIGRATIONS, PG_SCHEMA_VERSION } from './pg-schema.js';

/**
 * The advisory lock that serialises schema upgrades: nodes starting together all take it, so
 * exactly one migrates and the others find the schema current. Any fixed 64-bit key works; this
 * one spells "parley-m" in ASCII.
 */
const MIGRATION_LOCK = '8097879414873337197'; // 0x7061726c65792d6d

/**
 * Brings the database up to {@link PG_SCHEMA_VERSION} in one transaction (PostgreSQL's DDL is
 * transactional: a failed upgrade leaves the schema as it was). Refuses a database that a newer
 * build has upgraded: this code would misread it.
 */
export async function migratePostgres(pool: pg.Pool): Promise<void> {
  await inTransaction(pool, async (db) => {
    // An upgrade may take long, and so may waiting for another node's: no time limits here.
    await db.query('SET LOCAL statement_timeout = 0; SET LOCAL lock_timeout = 0');
    await db.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK}::bigint)`);
    await db.query('CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)');
    const row = await one<{ version: number }>(db, 'SELECT version FROM schema_version');
    const current = row?.version ?? 0;
    if (current > PG_SCHEMA_VERSION)
      throw new Error(
        `database schema version ${current} is newer than this server understands (${PG_SCHEMA_VERSION})`,
      );
    for (const step of PG_MIGRATIONS.slice(current)) await step(db);
    if (row) await db.query('UPDATE schema_version SET version = $1', [PG_SCHEMA_VERSION]);
    else await db.query('INSERT INTO schema_version (version) VALUES ($1)', [PG_SCHEMA_VERSION]);
  });
}
