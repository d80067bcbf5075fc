import type pg from 'pg';
import { MAX_REACTIONS } from '../../protocol.js';
import type { MessageStore } from '../store.js';
import { inTransaction, one, type Queryable } from './pg-pool.js';
import { clearMentions, storeMentions } from './pg-message-links.js';
import { isMemberNow, loadMessage, lockRoom, nextChangeSeq } from './pg-message-rows.js';
import { staff } from './pg-ranks.js';
import { lockUser } from './pg-user-actions.js';

type Changes = Pick<MessageStore, 'editMessage' | 'deleteMessage' | 'react'>;
type Live = { room_id: number; author_id: number };

const LIVE = 'SELECT room_id, author_id FROM messages WHERE id = $1 AND deleted_at IS NULL';

/** Where the message is; its room never changes, so this is read before any lock. */
const roomOf = (db: Queryable, messageId: number) =>
  one<{ room_id: number; author_id: number }>(
    db,
    'SELECT room_id, author_id FROM messages WHERE id = $1',
    [messageId],
  );

/**
 * Locks the message's room (pg-message-rows.ts lockRoom) and then reads whether the message is
 * live, as committed now: an edit, deletion or reaction of another node on the same message has
 * committed by then, or waits for this one. Undefined for a deleted or unknown message.
 */
async function lockLive(
  db: Queryable,
  messageId: number,
  roomId?: number,
): Promise<Live | undefined> {
  const room = roomId ?? (await roomOf(db, messageId))?.room_id;
  if (room === undefined || !(await lockRoom(db, room))) return undefined;
  return one<Live>(db, LIVE, [messageId]);
}

const loaded = async (db: Queryable, messageId: number) => {
  const message = await loadMessage(db, messageId);
  if (!message) throw new Error('changed message vanished');
  return message;
};

/**
 * Edits, deletions and reactions in PostgreSQL, with the rules of sqlite-message-changes.ts.
 * Each runs in one transaction that holds its room's lock from before its checks until it
 * commits, so that two nodes' changes of a room are ordered, each change number commits in
 * turn, and nothing lands on a message another node has just made a tombstone.
 */
export function pgMessageChanges(pool: pg.Pool): Changes {
  return {
    editMessage: ({ messageId, text, mentions, now }) =>
      inTransaction(pool, async (db) => {
        const live = await lockLive(db, messageId);
        if (!live) return undefined;
        // Read under the room's lock, which a leave waits for (or holds first).
        if (!(await isMemberNow(db, live.room_id, live.author_id))) return 'not_member' as const;
        const seq = await nextChangeSeq(db, live.room_id);
        await db.query(
          'UPDATE messages SET text = $1, mentions_room = $2, edited_at = $3, seq = $4 WHERE id = $5',
          [text, mentions.room, now, seq, messageId],
        );
        await clearMentions(db, messageId);
        await storeMentions(db, messageId, live.room_id, live.author_id, mentions.names);
        return loaded(db, messageId);
      }),

    deleteMessage: (messageId, now, deleterId) =>
      inTransaction(pool, async (db) => {
        const found = await roomOf(db, messageId);
        if (!found) return undefined;
        // Someone else's message: the deleter's rank as this commits. Their row is locked before
        // the room (a user's row before what hangs off it, as every slice does), so a demotion
        // or ban under way on another node commits first and is read below, or waits for this.
        const other = found.author_id !== deleterId;
        if (other) await lockUser(db, deleterId);
        const live = await lockLive(db, messageId, found.room_id);
        if (!live) return undefined;
        if (
          other &&
          !(await one(db, `SELECT 1 FROM users u WHERE u.id = $1 AND ${staff('u')}`, [deleterId]))
        )
          return 'forbidden' as const;
        const seq = await nextChangeSeq(db, live.room_id);
        await db.query(
          `UPDATE messages SET text = '', mentions_room = false, deleted_at = $1, seq = $2
           WHERE id = $3`,
          [now, seq, messageId],
        );
        await db.query('DELETE FROM reactions WHERE message_id = $1', [messageId]);
        await clearMentions(db, messageId);
        return loaded(db, messageId);
      }),

    react: ({ messageId, userId, emoji, on, now }) =>
      inTransaction(pool, async (db) => {
        const live = await lockLive(db, messageId);
        if (!live) return { refused: 'no_such_message' as const };
        if (!(await isMemberNow(db, live.room_id, userId)))
          return { refused: 'not_member' as const };
        // Counted under the room's lock: two nodes adding the 50th and 51st emoji are in turn.
        if (
          on &&
          !(await one(db, 'SELECT 1 FROM reactions WHERE message_id = $1 AND emoji = $2', [
            messageId,
            emoji,
          ]))
        ) {
          const distinct = await one<{ n: number }>(
            db,
            'SELECT count(DISTINCT emoji)::int AS n FROM reactions WHERE message_id = $1',
            [messageId],
          );
          if ((distinct?.n ?? 0) >= MAX_REACTIONS) return { refused: 'reactions_full' as const };
        }
        // created_at is the reactions' order: each takes a time after every earlier one on the
        // message (as in SQLite), so reactions within one millisecond keep who came first.
        const written = on
          ? await db.query(
              `INSERT INTO reactions (message_id, emoji, user_id, created_at) VALUES ($1, $2, $3,
                 greatest($4, coalesce((SELECT max(created_at) + 1 FROM reactions WHERE message_id = $1), 0)))
               ON CONFLICT DO NOTHING`,
              [messageId, emoji, userId, now],
            )
          : await db.query(
              'DELETE FROM reactions WHERE message_id = $1 AND emoji = $2 AND user_id = $3',
              [messageId, emoji, userId],
            );
        const changed = (written.rowCount ?? 0) > 0;
        if (changed)
          await db.query('UPDATE messages SET seq = $1 WHERE id = $2', [
            await nextChangeSeq(db, live.room_id),
            messageId,
          ]);
        return { message: await loaded(db, messageId), changed };
      }),
  };
}
