import type { Database } from 'better-sqlite3';
import type { Attachment } from '../../protocol.js';
import type { FileRecordStore, StoredFile } from '../file-records.js';

/**
 * A `files` row (see file-tables.ts); the PostgreSQL store selects the same columns, `animated`
 * as 0 or 1, and maps them with {@link toStoredFile}.
 */
export interface FileRow {
  id: string;
  sha256: string;
  thumb_sha256: string | null;
  name: string;
  size: number;
  type: string;
  width: number | null;
  height: number | null;
  animated: number;
  uploader_id: number;
  created_at: number;
}

/** What a message shows of a file; `image` only when the file has dimensions. */
export function toAttachment(
  row: Pick<FileRow, 'id' | 'name' | 'size' | 'type' | 'width' | 'height' | 'animated'>,
): Attachment {
  const attachment: Attachment = { id: row.id, name: row.name, size: row.size, type: row.type };
  if (row.width !== null && row.height !== null)
    attachment.image = { width: row.width, height: row.height, animated: row.animated !== 0 };
  return attachment;
}

/** A file as the store answers it, from its row. */
export function toStoredFile(row: FileRow): StoredFile {
  const file: StoredFile = {
    ...toAttachment(row),
    sha256: row.sha256,
    uploaderId: row.uploader_id,
    createdAt: row.created_at,
  };
  if (row.thumb_sha256 !== null) file.thumbSha256 = row.thumb_sha256;
  return file;
}

/** The row that stores a file: {@link toStoredFile} undone. */
export function toFileRow(file: StoredFile): FileRow {
  return {
    id: file.id,
    sha256: file.sha256,
    thumb_sha256: file.thumbSha256 ?? null,
    name: file.name,
    size: file.size,
    type: file.type,
    width: file.image?.width ?? null,
    height: file.image?.height ?? null,
    animated: file.image?.animated ? 1 : 0,
    uploader_id: file.uploaderId,
    created_at: file.createdAt,
  };
}

/** A live message carries the file (the one condition of reading it, besides membership). */
const CARRIED = `SELECT 1 FROM message_files mf JOIN messages m ON m.id = mf.message_id
  WHERE mf.file_id = f.id AND m.deleted_at IS NULL`;

/** File metadata in SQLite (file-records.ts). */
export function sqliteFiles(db: Database): FileRecordStore {
  const q = {
    used: db.prepare<[number], { n: number }>(
      'SELECT COALESCE(SUM(size), 0) AS n FROM files WHERE uploader_id = ?',
    ),
    insert: db.prepare<[FileRow]>(
      `INSERT INTO files (id, sha256, thumb_sha256, name, size, type, width, height, animated,
         uploader_id, created_at)
       VALUES (@id, @sha256, @thumb_sha256, @name, @size, @type, @width, @height, @animated,
         @uploader_id, @created_at)`,
    ),
    readable: db.prepare<[string, number], FileRow>(
      `SELECT f.* FROM files f WHERE f.id IN (SELECT value FROM json_each(?))
       AND EXISTS (SELECT 1 FROM message_files mf JOIN messages m ON m.id = mf.message_id
         JOIN members mb ON mb.room_id = m.room_id JOIN users u ON u.id = mb.user_id
         WHERE mf.file_id = f.id AND m.deleted_at IS NULL AND mb.user_id = ? AND u.banned = 0)`,
    ),
    stale: db.prepare<[number, number], { id: string; sha256: string; thumb: string | null }>(
      `SELECT f.id, f.sha256, f.thumb_sha256 AS thumb FROM files f
       WHERE f.created_at < ? AND NOT EXISTS (${CARRIED}) ORDER BY f.created_at LIMIT ?`,
    ),
    remove: db.prepare<[string]>('DELETE FROM files WHERE id = ?'),
    inUse: db.prepare<[string, string], { one: number }>(
      `SELECT 1 AS one FROM files WHERE sha256 = ?
       UNION ALL SELECT 1 FROM files WHERE thumb_sha256 = ? LIMIT 1`,
    ),
  };
  const inUse = (sha: string) => q.inUse.get(sha, sha) !== undefined;

  const addFile = db.transaction((file: StoredFile, quotaBytes: number): boolean => {
    if ((q.used.get(file.uploaderId)?.n ?? 0) + file.size > quotaBytes) return false;
    q.insert.run(toFileRow(file));
    return true;
  });

  const prune = db.transaction((before: number, limit: number) => {
    const rows = q.stale.all(before, limit);
    for (const row of rows) q.remove.run(row.id);
    const hashes = new Set(
      rows.flatMap((row) => (row.thumb ? [row.sha256, row.thumb] : [row.sha256])),
    );
    return { files: rows.length, blobs: [...hashes].filter((sha) => !inUse(sha)) };
  });

  return {
    addFile: async (file, quotaBytes) => addFile(file, quotaBytes),
    fileBytesUsed: async (userId) => q.used.get(userId)?.n ?? 0,
    readableFiles: async (userId, fileIds) =>
      q.readable.all(JSON.stringify(fileIds), userId).map(toStoredFile),
    pruneFiles: async ({ before, limit }) => prune(before, limit),
    blobInUse: async (sha256) => inUse(sha256),
  };
}
