import type { Database } from 'better-sqlite3';
import type { MessageStore, NewMessage, SendRefusal } from '../store.js';
import { attachmentWriter } from './attachment-writer.js';
import { changeNumbers } from './change-numbers.js';
import { commitQueue } from './commit-queue.js';
import { indexMerges } from './index-merges.js';
import { memberProbe } from './member-probe.js';
import type { WalSync } from './wal-sync.js';
import type { CheckpointThread } from './checkpoint-thread.js';
import {
  freshMessage,
  MESSAGE_SELECT,
  toMessage,
  type InsertedRow,
  type MessageRow,
} from './message-rows.js';
import { messageChanges } from './sqlite-message-changes.js';
import { mentionWriter } from './mention-writer.js';
import { readStates } from './sqlite-read-state.js';
import { aroundPages } from './sqlite-around.js';

type Outcome = Awaited<ReturnType<MessageStore['appendMessage']>>;

/** In the room's own timeline: not a thread reply, unless it was also sent to the room. */
const IN_ROOM = '(m.thread_id IS NULL OR m.also_to_room = 1)';

/**
 * Messages in SQLite. Every page is an index range, on (room_id, id) for a room and on
 * (thread_id, id) for a thread, never a scan. Writes go through the group commit queue.
 */
export function sqliteMessages(
  db: Database,
  sync?: WalSync,
  upkeep: { checkpoints?: CheckpointThread; onMergeFailure?: (error: Error) => void } = {},
): MessageStore {
  // The index merges in steps after each batch, not inside it (index-merges.ts); checkpoints
  // follow the batches on a thread of their own (checkpoint-thread.ts).
  const { checkpoints } = upkeep;
  const merge = indexMerges(db, sync, {
    onFailure: upkeep.onMergeFailure,
    merged: () => checkpoints?.committed(),
  });
  const write = commitQueue(db, sync, {
    committed: () => {
      merge();
      checkpoints?.committed();
    },
    hold: checkpoints && ((resume) => checkpoints.hold(resume)),
  });
  const mentions = mentionWriter(db);
  const files = attachmentWriter(db);
  const seqs = changeNumbers(db);
  const isMember = memberProbe(db);
  // Every page is of one room: a thread id from another room finds nothing.
  const page = (where: string, order: 'ASC' | 'DESC') =>
    db.prepare<[number, number, number, number], MessageRow>(
      `${MESSAGE_SELECT} WHERE m.room_id = ? AND ${where} ORDER BY m.id ${order} LIMIT ?`,
    );
  const q = {
    // Returns what `freshMessage` needs, so that a plain message is not read back.
    insert: db.prepare<
      [number, number, string, string, number, number | null, number | null, number, number],
      InsertedRow
    >(
      `INSERT INTO messages (room_id, author_id, text, client_id, created_at, reply_to, thread_id,
         also_to_room, mentions_room) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (author_id, client_id) DO NOTHING
       RETURNING id, seq, (SELECT username FROM users WHERE id = author_id) AS username,
         (SELECT display_name FROM users WHERE id = author_id) AS display_name`,
    ),
    bumpRoom: db.prepare<[number, number]>('UPDATE rooms SET last_message_id = ? WHERE id = ?'),
    // Writing in a room reads it, as in Slack: so no unread count ever steps over one's own.
    readOwn: db.prepare<[number, number, number]>(
      'UPDATE members SET last_read_id = MAX(last_read_id, ?) WHERE room_id = ? AND user_id = ?',
    ),
    byId: db.prepare<[number], MessageRow>(`${MESSAGE_SELECT} WHERE m.id = ?`),
    byClientId: db.prepare<[number, string], MessageRow>(
      `${MESSAGE_SELECT} WHERE m.author_id = ? AND m.client_id = ?`,
    ),
    /** A live message of the room, and its thread's root (itself when it is not a reply). */
    live: db.prepare<[number], { room_id: number; author_id: number }>(
      'SELECT room_id, author_id FROM messages WHERE id = ? AND deleted_at IS NULL',
    ),
    /** A live message of the room (what a reply may quote). */
    anchor: db.prepare<[number, number], { id: number }>(
      'SELECT id FROM messages WHERE id = ? AND room_id = ? AND deleted_at IS NULL',
    ),
    /** The live root of the thread a live message of the room is in (itself when not a reply). */
    threadRoot: db.prepare<[number, number], { root: number }>(
      `SELECT r.id AS root FROM messages a JOIN messages r ON r.id = COALESCE(a.thread_id, a.id)
       WHERE a.id = ? AND a.room_id = ? AND a.deleted_at IS NULL AND r.deleted_at IS NULL`,
    ),
    countReply: db.prepare<[number, number, number]>(
      `UPDATE messages SET thread_count = thread_count + 1, thread_last_at = ?, seq = ?
       WHERE id = ?`,
    ),
    // The room pages take the room id twice (`? = ?` is true), so that all four share a shape.
    roomNewest: page(`? = m.room_id AND ${IN_ROOM} AND m.id < ?`, 'DESC'),
    roomAfter: page(`? = m.room_id AND ${IN_ROOM} AND m.id > ?`, 'ASC'),
    threadNewest: page('m.thread_id = ? AND m.id < ?', 'DESC'),
    threadAfter: page('m.thread_id = ? AND m.id > ?', 'ASC'),
  };

  // Fix (helper, issue 12 tests): a retry whose quoted message or thread root was deleted after
  // the first send was refused, though that send was stored (and maybe broadcast). A repeat
  // answers with what was stored, whatever happened to what it referred to.
  const refusedUnlessRetry = (m: NewMessage, refused: SendRefusal): Outcome => {
    const earlier = q.byClientId.get(m.authorId, m.clientId);
    return earlier ? { message: toMessage(earlier), created: false } : { refused };
  };

  const appendOne = (m: NewMessage): Outcome => {
    // The socket checked its channel a turn ago; a leave, removal, ban or room deletion may have
    // committed since (they do not wait for this queue). One primary-key probe, in the write's
    // transaction, settles it: never stored, so never broadcast. A retry of a message stored
    // before leaving is refused too, as the socket's own check would refuse it.
    if (!isMember(m.roomId, m.authorId)) return { refused: 'not_member' };
    let threadId: number | null = null;
    if (m.threadId !== undefined) {
      const root = q.threadRoot.get(m.threadId, m.roomId);
      if (!root) return refusedUnlessRetry(m, 'no_such_message');
      threadId = root.root;
    }
    if (m.replyTo !== undefined && !q.anchor.get(m.replyTo, m.roomId))
      return refusedUnlessRetry(m, 'no_such_message');
    // A retry finds its files attached already (to the message it stored): answered as a retry.
    const fileIds = m.fileIds ?? [];
    const fileProblem = fileIds.length > 0 ? files.problem(m.authorId, fileIds) : undefined;
    if (fileProblem) return refusedUnlessRetry(m, fileProblem);
    const alsoToRoom = threadId !== null && m.alsoToRoom === true;
    const inserted = q.insert.get(
      m.roomId,
      m.authorId,
      m.text,
      m.clientId,
      m.createdAt,
      m.replyTo ?? null,
      threadId,
      alsoToRoom ? 1 : 0,
      m.mentions.room ? 1 : 0,
    );
    if (!inserted) {
      const existing = q.byClientId.get(m.authorId, m.clientId);
      if (!existing) throw new Error('conflicting message vanished');
      return { message: toMessage(existing), created: false };
    }
    if (threadId === null || alsoToRoom) {
      q.bumpRoom.run(inserted.id, m.roomId);
      q.readOwn.run(inserted.id, m.roomId, m.authorId);
    }
    if (threadId !== null) {
      const seq = seqs.next(m.roomId);
      q.countReply.run(m.createdAt, seq, threadId);
    }
    const plain =
      threadId === null &&
      m.replyTo === undefined &&
      fileIds.length === 0 &&
      m.mentions.names.length === 0;
    if (plain) return { message: freshMessage(inserted, m, m.mentions.room), created: true };
    mentions.store(inserted.id, m.roomId, m.authorId, m.mentions.names);
    if (fileIds.length > 0) files.attach(inserted.id, fileIds);
    const row = q.byId.get(inserted.id);
    if (!row) throw new Error('inserted message vanished');
    return { message: toMessage(row), created: true };
  };

  return {
    appendMessage: (message) => write(() => appendOne(message)),
    async history(roomId, { threadId, before, after, limit }) {
      // One extra row tells whether there is more beyond this page. Read in one synchronous
      // step with the room's change number, so that the page and its position agree.
      const key = threadId ?? roomId;
      const changeSeq = seqs.current(roomId) ?? 0;
      if (after !== undefined) {
        const rows = (threadId ? q.threadAfter : q.roomAfter).all(roomId, key, after, limit + 1);
        const messages = rows.slice(0, limit).map(toMessage);
        return { messages, hasMore: rows.length > limit, changeSeq };
      }
      const anchor = before ?? Number.MAX_SAFE_INTEGER;
      const rows = (threadId ? q.threadNewest : q.roomNewest).all(roomId, key, anchor, limit + 1);
      const messages = rows.slice(0, limit).reverse().map(toMessage);
      return { messages, hasMore: rows.length > limit, changeSeq };
    },
    async liveMessage(messageId) {
      const row = q.live.get(messageId);
      return row && { roomId: row.room_id, authorId: row.author_id };
    },
    async getMessage(messageId) {
      const row = q.byId.get(messageId);
      return row && toMessage(row);
    },
    ...messageChanges(db, write, mentions, seqs),
    ...readStates(db, write),
    ...aroundPages(db, seqs),
  };
}
