import type { FileRefusal } from '../file-records.js';
import type { Queryable } from './pg-pool.js';

/** Names one message may mention; more are ignored, as in mention-writer.ts. */
const MAX_NAMED = 50;

/**
 * Stores who a message mentions (mention-writer.ts): the room's members among `names`, never
 * the author. Names are lower-case usernames, matched as usernames are looked up (A-Z folded).
 * Run in the message's transaction, with its room locked: a member who leaves meanwhile waits.
 */
export async function storeMentions(
  db: Queryable,
  messageId: number,
  roomId: number,
  authorId: number,
  names: string[],
): Promise<void> {
  if (names.length === 0) return;
  await db.query(
    `INSERT INTO mentions (user_id, room_id, message_id)
     SELECT u.id, $1, $2 FROM users u JOIN members mb ON mb.user_id = u.id AND mb.room_id = $1
     WHERE u.id <> $3
       AND lower(u.username COLLATE "C") IN (SELECT lower(n COLLATE "C") FROM unnest($4::text[]) n)
     ON CONFLICT DO NOTHING`,
    [roomId, messageId, authorId, names.slice(0, MAX_NAMED)],
  );
}

/** Forgets who a message mentioned (before an edit stores them again, or a deletion). */
export async function clearMentions(db: Queryable, messageId: number): Promise<void> {
  await db.query('DELETE FROM mentions WHERE message_id = $1', [messageId]);
}

/**
 * Why the author may not send these files (attachment-writer.ts): one is not an upload of
 * theirs, or a message carries one already. Undefined when they may.
 *
 * The files' rows are locked first, in id order, in a statement of their own: two sends of one
 * file from two nodes (in two rooms, so not ordered by a room's lock) then check one after the
 * other, and the second, reading after the first committed, finds the file attached. A check in
 * the locking statement itself would read the snapshot taken before its wait, and miss it.
 */
export async function fileProblem(
  db: Queryable,
  authorId: number,
  fileIds: string[],
): Promise<FileRefusal | undefined> {
  await db.query('SELECT 1 FROM files WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE', [
    fileIds,
  ]);
  const found = await db.query<{ uploader_id: number; attached: boolean }>(
    `SELECT f.uploader_id, EXISTS (SELECT 1 FROM message_files mf WHERE mf.file_id = f.id) AS attached
     FROM files f WHERE f.id = ANY($1::text[])`,
    [fileIds],
  );
  const files = found.rows;
  if (files.length !== fileIds.length || files.some((f) => f.uploader_id !== authorId))
    return 'file_unavailable';
  if (files.some((f) => f.attached)) return 'file_attached';
  return undefined;
}

/** Links the files to the message, in order, in one statement; after {@link fileProblem}. */
export async function attachFiles(
  db: Queryable,
  messageId: number,
  fileIds: string[],
): Promise<void> {
  await db.query(
    `INSERT INTO message_files (message_id, position, file_id)
     SELECT $1, f.ord - 1, f.id FROM unnest($2::text[]) WITH ORDINALITY AS f(id, ord)`,
    [messageId, fileIds],
  );
}
