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
const NOW_MS = '(extract(epoch from clock_timestamp()) * 1000)::bigint';

/** A blob's name is always 64 hex digits: nothing a client could steer. */
function checked(sha256: string): string {
  if (!SHA256.test(sha256)) throw new TypeError('not a SHA-256 hex digest');
  return sha256;
}

/** A missing blob rejects as a missing file does (DiskFileStore). */
const missing = (sha256: string) =>
  Object.assign(new Error(`no blob ${sha256}`), { code: 'ENOENT' });

/**
 * File bytes in PostgreSQL, in 1 MiB rows: every node of a cluster reads and writes the same
 * blobs, and a backup of the database holds them too (GridFS's way, in Rocket.Chat's default).
 * A blob is written in one transaction, so a reader sees all of it or none, and there are no
 * unfinished copies to sweep. Object storage would suit very large deployments better: it would
 * be another FileStore.
 */
export function pgBlobs(pool: pg.Pool): FileStore {
  return {
    async put(from, sha256) {
      checked(sha256);
      const { size } = await stat(from);
      await inTransaction(pool, async (db) => {
        // A put of the same blob on another node holds its row for as long as it writes, and
        // this one waits for it (the default limit of 10 s is for chat's short locks).
        await db.query(`SET LOCAL lock_timeout = '10min'; SET LOCAL statement_timeout = '10min'`);
        let row: { size: number } | undefined;
        // Another node may delete the blob between the two statements: then insert again.
        for (let tries = 0; !row; tries++) {
          if (tries === 3) throw new Error(`blob ${sha256} kept disappearing`);
          await db.query(
            `INSERT INTO blobs (sha256, size, chunks, written_at) VALUES ($1, -1, 0, 0)
             ON CONFLICT DO NOTHING`,
            [sha256],
          );
          row = await one<{ size: number }>(
            db,
            'SELECT size FROM blobs WHERE sha256 = $1 FOR UPDATE',
            [sha256],
          );
        }
        if (row?.size === size) {
          // The same bytes, stored already: marked as just written, so that no node's prune
          // deletes them before this upload's file row names them (see delete).
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
      });
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
