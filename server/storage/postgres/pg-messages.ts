import type pg from 'pg';
import type { MessageStore } from '../store.js';
import type { MessageRow } from '../sqlite/message-rows.js';
import { one } from './pg-pool.js';
import { pgAppend } from './pg-append.js';
import { pgAround } from './pg-around.js';
import { pgChangeFeed } from './pg-change-feed.js';
import { pgMessageChanges } from './pg-message-changes.js';
import { IN_ROOM, loadMessage, MESSAGE_SELECT, toMessages } from './pg-message-rows.js';
import { pgReadStates } from './pg-read-state.js';

/**
 * The four pages of sqlite-messages.ts, each an index range: on (room_id, id) of the timeline
 * for a room, on (thread_id, id) for a thread. Every page is of one room, so that a thread id
 * of another room finds nothing. $1 the room, $2 the room or thread, $3 the anchor, $4 the limit.
 */
const page = (where: string, order: 'ASC' | 'DESC') =>
  `${MESSAGE_SELECT} WHERE m.room_id = $1 AND ${where} ORDER BY m.id ${order} LIMIT $4`;
const PAGES = {
  roomNewest: page(`m.room_id = $2 AND ${IN_ROOM} AND m.id < $3`, 'DESC'),
  roomAfter: page(`m.room_id = $2 AND ${IN_ROOM} AND m.id > $3`, 'ASC'),
  threadNewest: page('m.thread_id = $2 AND m.id < $3', 'DESC'),
  threadAfter: page('m.thread_id = $2 AND m.id > $3', 'ASC'),
};

/**
 * Messages in PostgreSQL ({@link MessageStore}), with the rules of sqlite-messages.ts. Writes
 * run one transaction each, holding their room's row lock (pg-message-rows.ts `lockRoom`), so
 * that ids and change numbers of a room become visible in order on every node.
 */
export function pgMessages(pool: pg.Pool): MessageStore {
  return {
    appendMessage: pgAppend(pool),
    async history(roomId, { threadId, before, after, limit }) {
      // The room's change number first, then the page: the page is at least as new as the
      // position it answers (see pg-change-feed.ts for why this order, not the other).
      const room = await one<{ change_seq: number }>(
        pool,
        'SELECT change_seq FROM rooms WHERE id = $1',
        [roomId],
      );
      const changeSeq = room?.change_seq ?? 0;
      const key = threadId ?? roomId;
      // One extra row tells whether there is more beyond this page. Ids of a room commit in
      // order, so a page `after` an id never lacks one that commits later below its end.
      if (after !== undefined) {
        const rows = await pool.query<MessageRow>(threadId ? PAGES.threadAfter : PAGES.roomAfter, [
          roomId,
          key,
          after,
          limit + 1,
        ]);
        return {
          messages: toMessages(rows.rows.slice(0, limit)),
          hasMore: rows.rows.length > limit,
          changeSeq,
        };
      }
      const anchor = before ?? Number.MAX_SAFE_INTEGER;
      const rows = await pool.query<MessageRow>(threadId ? PAGES.threadNewest : PAGES.roomNewest, [
        roomId,
        key,
        anchor,
        limit + 1,
      ]);
      const messages = toMessages(rows.rows.slice(0, limit).reverse());
      return { messages, hasMore: rows.rows.length > limit, changeSeq };
    },
    async liveMessage(messageId) {
      const row = await one<{ room_id: number; author_id: number }>(
        pool,
        'SELECT room_id, author_id FROM messages WHERE id = $1 AND deleted_at IS NULL',
        [messageId],
      );
      return row && { roomId: row.room_id, authorId: row.author_id };
    },
    getMessage: (messageId) => loadMessage(pool, messageId),
    ...pgMessageChanges(pool),
    changes: pgChangeFeed(pool),
    messagesAround: pgAround(pool),
    ...pgReadStates(pool),
  };
}
