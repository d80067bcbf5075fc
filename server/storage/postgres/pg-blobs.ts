import { createReadStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type pg from 'pg';
import type { FileStore, ListedBlob } from '../../files/file-store.js';
import { inTransaction, one } from './pg-pool.js';

/**
 * Bytes per row of `blob_chunks`: a read holds about one chunk per reader (twice that while the
 * driver decodes it), so a slow reader costs little memory.
 */
const CHUNK_BYTES = 256 * 1024;
const SHA256 = /^[0-9a-f]{64}$/;
/** Far longer than any upload takes from storing its blob to adding its file row. */
const RECENT_MS = 10 * 60_000;
/** The database's clock in ms: one clock for every node's notion of "recent". */
export const NOW_MS = '(extract(epoch from clock_timestamp()) * 1000)::bigint';
/**
 * How long a put waits for another node's put of the same blob (holding its row) to finish: far
 * past the time to write the largest upload. Only the two statements that can wait get it; the
 * writes after them keep the pool's 30 s statement timeout.
 */
const WAIT_MS = 10 * 60_000;
const WAIT = `SET LOCAL lock_timeout = ${WAIT_MS}; SET LOCAL statement_timeout = ${WAIT_MS}`;
const WAITED = 'SET LOCAL lock_timeout TO DEFAULT; SET LOCAL statement_timeout TO DEFAULT';
/** The driver's own limit on those two statements, past the server's. */
const waiting = (text: string, values: unknown[]) => ({
  text,
  values,
  query_timeout: WAIT_MS + 5_000,
});

/**
 * Runs at most `size` calls at once; the others wait their turn in order. Each put holds a
 * connection for its whole transaction, so puts get fewer than the pool's connections, and
 * downloads are never left waiting behind uploads.
 */
function slots(size: number) {
  let free = size;
  const queue: (() => void)[] = [];
  return async <T>(work: () => Promise<T>): Promise<T> => {
    if (free > 0) free--;
    else await new Promise<void>((resolve) => queue.push(resolve));
    try {
      return await work();
    } finally {
      const next = queue.shift();
      if (next) next();
      else free++;
    }
  };
}

/** A blob's name is always 64 hex digits: nothing a client could steer. */
function checked(sha256: string): string {
  if (!SHA256.test(sha256)) throw new TypeError('not a SHA-256 hex digest');
  return sha256;
}

/** A missing blob rejects as a missing file does (DiskFileStore). */
const missing = (sha256: string) =>
  Object.assign(new Error(`no blob ${sha256}`), { code: 'ENOENT' });

/**
 * File bytes in PostgreSQL, in rows of 256 KiB: every node of a cluster reads and writes the same
 * blobs, and a backup of the database holds them too (GridFS's way, in Rocket.Chat's default).
 * A blob is written in one transaction, so a reader sees all of it or none, and there are no
 * unfinished copies to sweep. Object storage would suit very large deployments better: it would
 * be another FileStore.
 */
export function pgBlobs(pool: pg.Pool, writers: number): FileStore {
  const writing = slots(writers);
  return {
    async put(from, sha256) {
      checked(sha256);
      const { size } = await stat(from);
      await writing(() => inTransaction(pool, (db) => write(db, from, sha256, size)));
      await rm(from, { force: true });
    },

    async createReadStream(sha256) {
      const row = await one<{ size: number; chunks: number }>(
        pool,
        'SELECT size, chunks FROM blobs WHERE sha256 = $1 AND size >= 0',
        [checked(sha256)],
      );
      if (!row) throw missing(sha256);
      async function* chunks() {
        for (let seq = 0; seq < row!.chunks; seq++) {
          const chunk = await one<{ data: Buffer }>(
            pool,
            'SELECT data FROM blob_chunks WHERE sha256 = $1 AND seq = $2',
            [sha256, seq],
          );
          // Deleted while it was read (pruned): the response ends short, as a torn file would.
          if (!chunk) throw missing(sha256);
          yield chunk.data;
        }
      }
      return { stream: Readable.from(chunks(), { objectMode: false }), size: row.size };
    },

    // Only a blob not written for RECENT_MS: a put on another node may have found it just now
    // and be about to add the file row that names it, which this node's blob locks cannot see.
    // Skipped, an unused blob is removed by a later sweep (FileService.sweepBlobs), once old.
    async delete(sha256) {
      await pool.query(`DELETE FROM blobs WHERE sha256 = $1 AND written_at < ${NOW_MS} - $2`, [
        checked(sha256),
        RECENT_MS,
      ]);
    },

    async has(sha256) {
      return (
        (await one(pool, 'SELECT 1 FROM blobs WHERE sha256 = $1 AND size >= 0', [
          checked(sha256),
        ])) !== undefined
      );
    },

    async list(after, limit): Promise<ListedBlob[]> {
      const rows = await pool.query<{ sha256: string; written_at: number }>(
        `SELECT sha256, written_at FROM blobs WHERE ($1::text IS NULL OR sha256 > $1) AND size >= 0
         ORDER BY sha256 LIMIT $2`,
        [after ?? null, limit],
      );
      return rows.rows.map((row) => ({ sha256: row.sha256, mtimeMs: row.written_at }));
    },

    // A put is one transaction: it never leaves an unfinished copy behind.
    async deletePartial() {},
  };
}

/** One put's transaction: takes the blob's row, then writes its chunks unless they are there. */
async function write(db: pg.PoolClient, from: string, sha256: string, size: number) {
  // A put of the same blob on another node holds its row for as long as it writes, and this one
  // waits for it (the pool's limits, 10 s for a lock, are for chat's short locks).
  await db.query(WAIT);
  let row: { size: number } | undefined;
  // Another node may delete the blob between the two statements: then insert again.
  for (let tries = 0; !row; tries++) {
    if (tries === 3) throw new Error(`blob ${sha256} kept disappearing`);
    await db.query(
      waiting(
        `INSERT INTO blobs (sha256, size, chunks, written_at) VALUES ($1, -1, 0, 0)
         ON CONFLICT DO NOTHING`,
        [sha256],
      ),
    );
    const rows = await db.query<{ size: number }>(
      waiting('SELECT size FROM blobs WHERE sha256 = $1 FOR UPDATE', [sha256]),
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
