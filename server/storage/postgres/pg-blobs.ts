import { rm, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type pg from 'pg';
import type { FileStore, ListedBlob } from '../../files/file-store.js';
import { NOW_MS, write } from './pg-blob-write.js';
import { slots, type SlotLimits } from './pg-file-slots.js';
import { inTransaction, one } from './pg-pool.js';

const SHA256 = /^[0-9a-f]{64}$/;
/** Far longer than any upload takes from storing its blob to adding its file row. */
const RECENT_MS = 10 * 60_000;

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
export function pgBlobs(
  pool: pg.Pool,
  limits: { writers: SlotLimits; readers: SlotLimits },
): FileStore & { abort(): void } {
  const writing = slots(limits.writers);
  // Every chunk of every download takes a turn: however many downloads a client opens, they
  // share their connections and leave the uploads' and the avatars' alone.
  const reading = slots(limits.readers);
  /** The connections of the puts under way: a closing store ends them (see abort). */
  const writes = new Set<pg.PoolClient>();
  let aborted = false;
  return {
    async put(from, sha256) {
      checked(sha256);
      const { size } = await stat(from);
      await writing(() =>
        inTransaction(pool, async (db) => {
          // Closed while this put got its connection: abort() could not see it.
          if (aborted) throw new Error('the store is closing');
          writes.add(db);
          try {
            await write(db, from, sha256, size);
          } finally {
            writes.delete(db);
          }
        }),
      );
      await rm(from, { force: true });
    },

    /**
     * Ends the connections of the puts under way (each rolls back and fails): a put waiting on
     * another node's lock would otherwise hold its connection, and the pool's end, for minutes.
     */
    abort() {
      aborted = true;
      for (const db of writes) void (db as unknown as pg.Client).end().catch(() => {});
    },

    async createReadStream(sha256) {
      const row = await reading(() =>
        one<{ size: number; chunks: number }>(
          pool,
          'SELECT size, chunks FROM blobs WHERE sha256 = $1 AND size >= 0',
          [checked(sha256)],
        ),
      );
      if (!row) throw missing(sha256);
      async function* chunks() {
        for (let seq = 0; seq < row!.chunks; seq++) {
          const chunk = await reading(() =>
            one<{ data: Buffer }>(
              pool,
              'SELECT data FROM blob_chunks WHERE sha256 = $1 AND seq = $2',
              [sha256, seq],
            ),
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
