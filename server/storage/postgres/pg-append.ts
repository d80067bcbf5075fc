import type pg from 'pg';
import type { MessageStore, NewMessage, SendRefusal } from '../store.js';
import { freshMessage, type InsertedRow } from '../sqlite/message-rows.js';
import { inTransaction, one } from './pg-pool.js';
import { attachFiles, fileProblem, storeMentions } from './pg-message-links.js';
import {
  isMemberNow,
  loadByClientId,
  loadMessage,
  lockRoom,
  nextChangeSeq,
} from './pg-message-rows.js';
import { isUniqueViolation } from './pg-room-rows.js';

type Outcome = Awaited<ReturnType<MessageStore['appendMessage']>>;

/** The root of the thread a live message of the room is in (itself when not a reply), live. */
const THREAD_ROOT = `SELECT r.id AS root FROM messages a JOIN messages r ON r.id = coalesce(a.thread_id, a.id)
  WHERE a.id = $1 AND a.room_id = $2 AND a.deleted_at IS NULL AND r.deleted_at IS NULL`;

// Returns what `freshMessage` needs, so that a plain message is not read back. A repeat of
// (author, clientId) inserts nothing: if another node's insert of it is still open, this one
// waits for it to commit (or roll back) and then knows.
const INSERT = `INSERT INTO messages AS m (room_id, author_id, text, client_id, created_at,
    reply_to, thread_id, also_to_room, mentions_room) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
  ON CONFLICT (author_id, client_id) DO NOTHING
  RETURNING m.id, m.seq, (SELECT u.username FROM users u WHERE u.id = m.author_id) AS username,
    (SELECT u.display_name FROM users u WHERE u.id = m.author_id) AS display_name`;

/** One send, in its own transaction, with the rules of sqlite-messages.ts `appendOne`. */
async function appendIn(db: pg.PoolClient, m: NewMessage): Promise<Outcome> {
  // A retry whose quoted message or thread root was deleted since the first send answers with
  // what it stored, as in SQLite.
  const refusedUnlessRetry = async (refused: SendRefusal): Promise<Outcome> => {
    const earlier = await loadByClientId(db, m.authorId, m.clientId);
    return earlier ? { message: earlier, created: false } : { refused };
  };
  // The room first (pg-message-rows.ts lockRoom): the id below is taken under it, and a leave
  // (which locks the room FOR UPDATE, or updates its member count) is ordered with this send.
  // Read after the lock, the membership is as committed now: never stored, so never broadcast.
  if (!(await lockRoom(db, m.roomId))) return { refused: 'not_member' };
  if (!(await isMemberNow(db, m.roomId, m.authorId))) return { refused: 'not_member' };
  let threadId: number | null = null;
  if (m.threadId !== undefined) {
    const root = await one<{ root: number }>(db, THREAD_ROOT, [m.threadId, m.roomId]);
    if (!root) return refusedUnlessRetry('no_such_message');
    threadId = root.root;
  }
  if (m.replyTo !== undefined) {
    const quoted = await one(
      db,
      'SELECT 1 FROM messages WHERE id = $1 AND room_id = $2 AND deleted_at IS NULL',
      [m.replyTo, m.roomId],
    );
    if (!quoted) return refusedUnlessRetry('no_such_message');
  }
  // A retry finds its files attached already (to the message it stored): answered as a retry.
  const fileIds = m.fileIds ?? [];
  const problem = fileIds.length > 0 ? await fileProblem(db, m.authorId, fileIds) : undefined;
  if (problem) return refusedUnlessRetry(problem);
  const alsoToRoom = threadId !== null && m.alsoToRoom === true;
  const inserted = await one<InsertedRow>(db, INSERT, [
    m.roomId,
    m.authorId,
    m.text,
    m.clientId,
    m.createdAt,
    m.replyTo ?? null,
    threadId,
    alsoToRoom,
    m.mentions.room,
  ]);
  if (!inserted) {
    const existing = await loadByClientId(db, m.authorId, m.clientId);
    if (!existing) throw new Error('conflicting message vanished');
    return { message: existing, created: false };
  }
  if (threadId === null || alsoToRoom) {
    await db.query('UPDATE rooms SET last_message_id = $1 WHERE id = $2', [inserted.id, m.roomId]);
    // Writing in a room reads it, as in Slack: so no unread count ever steps over one's own.
    await db.query(
      `UPDATE members SET last_read_id = greatest(last_read_id, $1)
       WHERE room_id = $2 AND user_id = $3`,
      [inserted.id, m.roomId, m.authorId],
    );
  }
  if (threadId !== null) {
    const seq = await nextChangeSeq(db, m.roomId);
    await db.query(
      `UPDATE messages SET thread_count = thread_count + 1, thread_last_at = $1, seq = $2
       WHERE id = $3`,
      [m.createdAt, seq, threadId],
    );
  }
  const plain =
    threadId === null &&
    m.replyTo === undefined &&
    fileIds.length === 0 &&
    m.mentions.names.length === 0;
  if (plain) return { message: freshMessage(inserted, m, m.mentions.room), created: true };
  await storeMentions(db, inserted.id, m.roomId, m.authorId, m.mentions.names);
  if (fileIds.length > 0) await attachFiles(db, inserted.id, fileIds);
  const message = await loadMessage(db, inserted.id);
  if (!message) throw new Error('inserted message vanished');
  return { message, created: true };
}

/**
 * `appendMessage` in PostgreSQL: one transaction per send, committed before it resolves (no
 * group commit: the database's own WAL batches concurrent commits).
 */
export function pgAppend(pool: pg.Pool): MessageStore['appendMessage'] {
  return async (message) => {
    try {
      return await inTransaction(pool, (db) => appendIn(db, message));
    } catch (error) {
      // ON CONFLICT above handles a repeat; should another path still meet the unique index
      // (author, clientId), the message it found was committed by the other send: its answer.
      if (!isUniqueViolation(error)) throw error;
      const winner = await loadByClientId(pool, message.authorId, message.clientId);
      if (!winner) throw error;
      return { message: winner, created: false };
    }
  };
}
