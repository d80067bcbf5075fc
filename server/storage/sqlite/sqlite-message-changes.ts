import type { Database } from 'better-sqlite3';
import { MAX_REACTIONS } from '../../protocol.js';
import { ChangesPageBuilder } from '../changes-page.js';
import type { MessageStore } from '../store.js';
import { MESSAGE_SELECT, toMessage, type MessageRow } from './message-rows.js';
import type { ChangeNumbers } from './change-numbers.js';
import type { MentionWriter } from './mention-writer.js';
import { memberProbe } from './member-probe.js';
import { staffSql } from './rank-sql.js';

type Changes = Pick<MessageStore, 'editMessage' | 'deleteMessage' | 'react' | 'changes'>;
type Write = <T>(write: () => T) => Promise<T>;

/**
 * Edits, deletions and reactions, and the change feed they feed. Each change takes its room's
 * next change number (`rooms.change_seq`) and writes it on the message, in one transaction.
 */
export function messageChanges(
  db: Database,
  write: Write,
  mentions: MentionWriter,
  seqs: ChangeNumbers,
): Changes {
  // Asked inside each write: a leave, removal or ban commits at once, between the socket's own
  // check and this write (as for sends, sqlite-messages.ts).
  const isMember = memberProbe(db);
  const q = {
    byId: db.prepare<[number], MessageRow>(`${MESSAGE_SELECT} WHERE m.id = ?`),
    live: db.prepare<[number], { room_id: number; author_id: number }>(
      'SELECT room_id, author_id FROM messages WHERE id = ? AND deleted_at IS NULL',
    ),
    edit: db.prepare<[string, number, number, number, number]>(
      'UPDATE messages SET text = ?, mentions_room = ?, edited_at = ?, seq = ? WHERE id = ?',
    ),
    tombstone: db.prepare<[number, number, number]>(
      `UPDATE messages SET text = '', mentions_room = 0, deleted_at = ?, seq = ? WHERE id = ?`,
    ),
    // Who may take down someone else's message, asked in the write (message-moderation.ts).
    moderator: db
      .prepare<[number], 1>(`SELECT 1 FROM users u WHERE u.id = ? AND ${staffSql('u')}`)
      .pluck(),
    dropReactions: db.prepare<[number]>('DELETE FROM reactions WHERE message_id = ?'),
    // Fix (helper, issue 12 tests): created_at is the reactions' order, and reactions in one
    // millisecond tied and came back in primary-key order (emoji, then user id). Each reaction
    // now takes a time after every earlier one on the message, so the order is who came first.
    addReaction: db.prepare<[number, string, number, number, number]>(
      `INSERT OR IGNORE INTO reactions (message_id, emoji, user_id, created_at) VALUES (?, ?, ?,
         MAX(?, COALESCE((SELECT MAX(created_at) + 1 FROM reactions WHERE message_id = ?), 0)))`,
    ),
    removeReaction: db.prepare<[number, string, number]>(
      'DELETE FROM reactions WHERE message_id = ? AND emoji = ? AND user_id = ?',
    ),
    emojiKnown: db.prepare<[number, string], { one: number }>(
      'SELECT 1 AS one FROM reactions WHERE message_id = ? AND emoji = ? LIMIT 1',
    ),
    emojiCount: db.prepare<[number], { n: number }>(
      'SELECT COUNT(DISTINCT emoji) AS n FROM reactions WHERE message_id = ?',
    ),
    setSeq: db.prepare<[number, number]>('UPDATE messages SET seq = ? WHERE id = ?'),
    since: db.prepare<[number, number, number], MessageRow>(
      // `seq > 0` lets SQLite use the partial index of changed messages (messages_by_seq).
      `${MESSAGE_SELECT} WHERE m.room_id = ? AND m.seq > 0 AND m.seq > ? ORDER BY m.seq LIMIT ?`,
    ),
  };

  const load = (messageId: number) => {
    const row = q.byId.get(messageId);
    if (!row) throw new Error('changed message vanished');
    return toMessage(row);
  };

  return {
    editMessage: ({ messageId, text, mentions: named, now }) =>
      write(() => {
        const live = q.live.get(messageId);
        if (!live) return undefined;
        if (!isMember(live.room_id, live.author_id)) return 'not_member' as const;
        q.edit.run(text, named.room ? 1 : 0, now, seqs.next(live.room_id), messageId);
        mentions.clear(messageId);
        mentions.store(messageId, live.room_id, live.author_id, named.names);
        return load(messageId);
      }),

    deleteMessage: (messageId, now, deleterId) =>
      write(() => {
        const live = q.live.get(messageId);
        if (!live) return undefined;
        if (live.author_id !== deleterId && !q.moderator.get(deleterId))
          return 'forbidden' as const;
        q.tombstone.run(now, seqs.next(live.room_id), messageId);
        q.dropReactions.run(messageId);
        mentions.clear(messageId);
        return load(messageId);
      }),

    react: ({ messageId, userId, emoji, on, now }) =>
      write(() => {
        const live = q.live.get(messageId);
        if (!live) return { refused: 'no_such_message' as const };
        if (!isMember(live.room_id, userId)) return { refused: 'not_member' as const };
        if (on && !q.emojiKnown.get(messageId, emoji)) {
          if ((q.emojiCount.get(messageId)?.n ?? 0) >= MAX_REACTIONS)
            return { refused: 'reactions_full' as const };
        }
        const changed = on
          ? q.addReaction.run(messageId, emoji, userId, now, messageId).changes > 0
          : q.removeReaction.run(messageId, emoji, userId).changes > 0;
        if (changed) q.setSeq.run(seqs.next(live.room_id), messageId);
        return { message: load(messageId), changed };
      }),

    async changes(rooms, limit) {
      // Synchronous from here on: every room is read at one moment, between two commits.
      const page = new ChangesPageBuilder(limit);
      for (const { roomId, since } of rooms) {
        const current = seqs.current(roomId);
        if (current !== undefined && page.wants(roomId, since, current))
          page.add(roomId, since, current, q.since.all(roomId, since, page.rowsToRead));
      }
      return page.page;
    },
  };
}
