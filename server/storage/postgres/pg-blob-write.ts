import { createReadStream } from 'node:fs';
import type pg from 'pg';

/**
 * Bytes per row of `blob_chunks`: a read holds about one chunk per reader (twice that while the
 * driver decodes it), so a slow reader costs little memory.
 */
const CHUNK_BYTES = 256 * 1024;
/** The database's clock in ms: one clock for every node's notion of "recent". */
export const NOW_MS = '(extract(epoch from clock_timestamp()) * 1000)::bigint';
/**
 * How long a put waits for another node's put of the same blob (holding its row) to finish: far
 * past the time to write an upload of the default 25 MiB (about a second), and, with the minute
 * a put may wait for its turn, well inside pg-blobs.ts's RECENT_MS, so that a blob a put found
 * cannot be pruned before its file row is written. Only the two statements that can wait get
 * it; the writes after them keep the pool's 30 s statement timeout.
 */
const WAIT_MS = 2 * 60_000;
const WAITED = 'SET LOCAL lock_timeout TO DEFAULT; SET LOCAL statement_timeout TO DEFAULT';

/**
 * One of the statements that may wait, with what is left of WAIT_MS (for the put as a whole,
 * however many times it inserts again) as its server-side limits and, a little past that, the
 * driver's own.
 */
async function waiting<T extends pg.QueryResultRow>(
  db: pg.PoolClient,
  deadline: number,
  text: string,
  values: unknown[],
) {
  const left = Math.round(deadline - Date.now());
  if (left <= 0) throw new Error('waited too long for another put of the same blob');
  await db.query(`SET LOCAL lock_timeout = ${left}; SET LOCAL statement_timeout = ${left}`);
  // node-postgres reads `query_timeout` from a query's config too; its types leave it out.
  const config = { text, values, query_timeout: left + 5_000 };
  return db.query<T>(config);
}

/** One put's transaction: takes the blob's row, then writes its chunks unless they are there. */
export async function write(db: pg.PoolClient, from: string, sha256: string, size: number) {
  // A put of the same blob on another node holds its row for as long as it writes, and this one
  // waits for it (the pool's limits, 10 s for a lock, are for chat's short locks).
  const deadline = Date.now() + WAIT_MS;
  let row: { size: number } | undefined;
  // Another node may delete the blob between the two statements: then insert again.
  for (let tries = 0; !row; tries++) {
    if (tries === 3) throw new Error(`blob ${sha256} kept disappearing`);
    await waiting(
      db,
      deadline,
      `INSERT INTO blobs (sha256, size, chunks, written_at) VALUES ($1, -1, 0, 0)
       ON CONFLICT DO NOTHING`,
      [sha256],
    );
    const rows = await waiting<{ size: number }>(
      db,
      deadline,
      'SELECT size FROM blobs WHERE sha256 = $1 FOR UPDATE',
      [sha256],
    );
    row = rows.rows[0];
  }
  await db.query(WAITED);
  if (row.size === size) {
    // The same bytes, stored already: marked as just written, so that no node's prune deletes
    // them before this upload's file row names them (see delete).
    await db.query(`UPDATE blobs SET written_at = ${NOW_MS} WHERE sha256 = $1`, [sha256]);
    return;
  }
  await db.query('DELETE FROM blob_chunks WHERE sha256 = $1', [sha256]);
  let seq = 0;
  for await (const chunk of createReadStream(from, { highWaterMark: CHUNK_BYTES })) {
    await db.query('INSERT INTO blob_chunks (sha256, seq, data) VALUES ($1, $2, $3)', [
      sha256,
      seq++,
      chunk,
    ]);
  }
  await db.query(
    `UPDATE blobs SET size = $2, chunks = $3, written_at = ${NOW_MS} WHERE sha256 = $1`,
    [sha256, size, seq],
  );
}
