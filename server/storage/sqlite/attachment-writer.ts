import type { Database } from 'better-sqlite3';
import type { FileRefusal } from '../file-records.js';

export interface AttachmentWriter {
  /**
   * Why the author may not send these files (distinct ids, checked by the caller): one is not
   * an upload of theirs, or one is carried by a message already. Undefined when they may.
   */
  problem(authorId: number, fileIds: string[]): FileRefusal | undefined;
  /** Links the files to the message, in order. Call in the message's transaction, after `problem`. */
  attach(messageId: number, fileIds: string[]): void;
}

/** The `message_files` table, written with the message that carries the files. */
export function attachmentWriter(db: Database): AttachmentWriter {
  const q = {
    files: db.prepare<[string], { uploader_id: number; attached: number }>(
      `SELECT f.uploader_id,
         EXISTS (SELECT 1 FROM message_files mf WHERE mf.file_id = f.id) AS attached
       FROM files f WHERE f.id IN (SELECT value FROM json_each(?))`,
    ),
    attach: db.prepare<[number, number, string]>(
      'INSERT INTO message_files (message_id, position, file_id) VALUES (?, ?, ?)',
    ),
  };
  return {
    problem(authorId, fileIds) {
      const found = q.files.all(JSON.stringify(fileIds));
      if (found.length !== fileIds.length || found.some((f) => f.uploader_id !== authorId))
        return 'file_unavailable';
      if (found.some((f) => f.attached !== 0)) return 'file_attached';
      return undefined;
    },
    attach(messageId, fileIds) {
      fileIds.forEach((fileId, position) => q.attach.run(messageId, position, fileId));
    },
  };
}
