import type pg from 'pg';
import type { FileRecordStore } from '../file-records.js';
import { toFileRow, toStoredFile, type FileRow } from '../sqlite/sqlite-files.js';
import { inTransaction, one, type Queryable } from './pg-pool.js';
import { lockUser } from './pg-user-actions.js';

/** A `files` row's columns as sqlite-files.ts reads them (`animated` as 0 or 1). */
const FILE_COLUMNS = `f.id, f.sha256, f.thumb_sha256, f.name, f.size, f.type, f.width, f.height,
  f.animated::int AS animated, f.uploader_id, f.created_at`;

/** A live message carries the file (the one condition of reading it, besides membership). */
const CARRIED = `SELECT 1 FROM message_files mf JOIN messages m ON m.id = mf.message_id
  WHERE mf.file_id = f.id AND m.deleted_at IS NULL`;

/** Bytes the user's files hold. `sum` of a bigint is numeric, which the driver reads as text. */
const used = async (db: Queryable, userId: number) =>
  (
    await one<{ n: number }>(
      db,
      'SELECT coalesce(sum(size), 0)::bigint AS n FROM files WHERE uploader_id = $1',
      [userId],
    )
  )?.n ?? 0;

/** Whether any file uses the blob, as its bytes or as its thumbnail. */
const inUse = async (db: Queryable, sha: string) =>
  (await one(
    db,
    `SELECT 1 FROM files WHERE sha256 = $1 UNION ALL SELECT 1 FROM files WHERE thumb_sha256 = $1
     LIMIT 1`,
    [sha],
  )) !== undefined;

/** File metadata in PostgreSQL, with the rules of sqlite-files.ts. */
export function pgFiles(pool: pg.Pool): FileRecordStore {
  return {
    addFile: (file, quotaBytes) =>
      inTransaction(pool, async (db) => {
        // The uploader's row lock makes the sum and the insert one step across nodes: two
        // uploads of one user on two nodes would otherwise both sum the same files, both find
        // room, and both be added past the quota.
        await lockUser(db, file.uploaderId);
        if ((await used(db, file.uploaderId)) + file.size > quotaBytes) return false;
        const row = toFileRow(file);
        await db.query(
          `INSERT INTO files (id, sha256, thumb_sha256, name, size, type, width, height, animated,
             uploader_id, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
          [
            row.id,
            row.sha256,
            row.thumb_sha256,
            row.name,
            row.size,
            row.type,
            row.width,
            row.height,
            row.animated === 1,
            row.uploader_id,
            row.created_at,
          ],
        );
        return true;
      }),
    fileBytesUsed: (userId) => used(pool, userId),
    async readableFiles(userId, fileIds) {
      const rows = await pool.query<FileRow>(
        `SELECT ${FILE_COLUMNS} FROM files f WHERE f.id = ANY($1::text[])
         AND EXISTS (SELECT 1 FROM message_files mf JOIN messages m ON m.id = mf.message_id
           JOIN members mb ON mb.room_id = m.room_id JOIN users u ON u.id = mb.user_id
           WHERE mf.file_id = f.id AND m.deleted_at IS NULL AND mb.user_id = $2 AND NOT u.banned)`,
        [fileIds, userId],
      );
      return rows.rows.map(toStoredFile);
    },
    pruneFiles: ({ before, limit }) =>
      inTransaction(pool, async (db) => {
        const stale = await db.query<{ id: string }>(
          `SELECT f.id FROM files f WHERE f.created_at < $1 AND NOT EXISTS (${CARRIED})
           ORDER BY f.created_at LIMIT $2`,
          [before, limit],
        );
        const ids = stale.rows.map((row) => row.id);
        // Locked, then checked again in a statement of its own (a fresh snapshot): a message
        // attaching one of them on another node holds its key share (the foreign key) until it
        // commits, and the delete would otherwise take that new link with it by ON DELETE
        // CASCADE, leaving a sent message without its file. Once locked, none can be attached.
        await db.query('SELECT 1 FROM files WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE', [
          ids,
        ]);
        const gone = await db.query<{ sha256: string; thumb: string | null }>(
          `DELETE FROM files f WHERE f.id = ANY($1::text[]) AND NOT EXISTS (${CARRIED})
           RETURNING f.sha256, f.thumb_sha256 AS thumb`,
          [ids],
        );
        const hashes = new Set(
          gone.rows.flatMap((row) => (row.thumb ? [row.sha256, row.thumb] : [row.sha256])),
        );
        const blobs: string[] = [];
        for (const sha of hashes) if (!(await inUse(db, sha))) blobs.push(sha);
        return { files: gone.rowCount ?? 0, blobs };
      }),
    blobInUse: (sha256) => inUse(pool, sha256),
  };
}
