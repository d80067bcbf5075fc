import type { Database } from 'better-sqlite3';

/** Names one message may mention; more are ignored (they would only cost rows). */
const MAX_NAMED = 50;

export interface MentionWriter {
  /** Stores who a message mentions: the room's members among `names`, never the author. */
  store(messageId: number, roomId: number, authorId: number, names: string[]): void;
  /** Forgets who a message mentioned (before an edit stores them again, or a deletion). */
  clear(messageId: number): void;
}

/** The `mentions` table: one row per member mentioned by name, written with the message. */
export function mentionWriter(db: Database): MentionWriter {
  const q = {
    insert: db.prepare<[number, number, number, number, string]>(
      `INSERT OR IGNORE INTO mentions (user_id, room_id, message_id)
       SELECT u.id, ?, ? FROM users u JOIN members mb ON mb.user_id = u.id AND mb.room_id = ?
       WHERE u.id <> ? AND u.username IN (SELECT value FROM json_each(?))`,
    ),
    clear: db.prepare<[number]>('DELETE FROM mentions WHERE message_id = ?'),
  };
  return {
    store(messageId, roomId, authorId, names) {
      if (names.length === 0) return;
      q.insert.run(roomId, messageId, roomId, authorId, JSON.stringify(names.slice(0, MAX_NAMED)));
    },
    clear(messageId) {
      q.clear.run(messageId);
    },
  };
}
