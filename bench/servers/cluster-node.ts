/**
 * What the Parley bench worker (parley.ts) needs to run as a cluster node: the store named on
 * its command line (`--postgres URL`, else SQLite in its data dir), `--redis URL` and a shared
 * `--secret HEX` (every node must sign and accept the same tokens), and the bulk history seed
 * for PostgreSQL.
 */
import { parseArgs } from 'node:util';
import { openPostgresStore } from '../../server/storage/postgres/pg-store.js';
import { openSqliteStore } from '../../server/storage/sqlite/sqlite-store.js';
import type { ChatStore } from '../../server/storage/store.js';

const { values } = parseArgs({
  options: {
    postgres: { type: 'string' },
    redis: { type: 'string' },
    secret: { type: 'string' },
  },
  strict: false,
});

export const postgresUrl = typeof values.postgres === 'string' ? values.postgres : undefined;
export const redisUrl = typeof values.redis === 'string' ? values.redis : undefined;
/** The shared secret, when given. */
export const givenSecret =
  typeof values.secret === 'string' ? Buffer.from(values.secret, 'hex') : undefined;

export async function openBenchStore(dataDir: string): Promise<ChatStore> {
  return postgresUrl ? openPostgresStore(postgresUrl) : openSqliteStore(dataDir);
}

/**
 * Appends `count` messages to a room in one statement, as the SQLite seed does on its second
 * connection, then ANALYZE (as autovacuum would soon after such a load), so that the planner
 * knows the table's new size.
 */
export async function seedPostgresHistory(roomId: number, count: number) {
  if (!postgresUrl) throw new Error('--postgres not given');
  const pg = (await import('pg')).default;
  const db = new pg.Client({ connectionString: postgresUrl });
  await db.connect();
  try {
    await db.query(
      `INSERT INTO messages (room_id, author_id, text, client_id, created_at)
       SELECT $1, 1, 'history ' || i, 'h' || i, $2::bigint - $3 + i
       FROM generate_series(0, $3 - 1) AS i`,
      [roomId, Date.now(), count],
    );
    await db.query('ANALYZE messages');
    const ids = await db.query<{ lo: string; hi: string }>(
      'SELECT MIN(id) AS lo, MAX(id) AS hi FROM messages WHERE room_id = $1',
      [roomId],
    );
    const row = ids.rows[0];
    return { lo: Number(row?.lo), hi: Number(row?.hi) };
  } finally {
    await db.end();
  }
}
