import type { Database } from 'better-sqlite3';
import type { MessageStore } from '../store.js';

type NewMessage = Parameters<MessageStore['appendMessage']>[0];
type Outcome = Awaited<ReturnType<MessageStore['appendMessage']>>;
import { toMessage, type MessageRow } from './rows.js';

const MESSAGE_COLUMNS = `m.id, m.room_id, m.author_id, u.username, u.display_name, m.text, m.client_id,
  m.created_at`;

/** Messages in SQLite. Every page is an index range on (room_id, id), never a scan. */
export function sqliteMessages(db: Database): MessageStore {
  const q = {
    insert: db.prepare<[number, number, string, string, number], { id: number }>(
      `INSERT INTO messages (room_id, author_id, text, client_id, created_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (author_id, client_id) DO NOTHING RETURNING id`,
    ),
    bumpRoom: db.prepare<[number, number]>('UPDATE rooms SET last_message_id = ? WHERE id = ?'),
    byId: db.prepare<[number], MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM messages m JOIN users u ON u.id = m.author_id WHERE m.id = ?`,
    ),
    byClientId: db.prepare<[number, string], MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM messages m JOIN users u ON u.id = m.author_id
       WHERE m.author_id = ? AND m.client_id = ?`,
    ),
    newest: db.prepare<[number, number], MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM messages m JOIN users u ON u.id = m.author_id
       WHERE m.room_id = ? ORDER BY m.id DESC LIMIT ?`,
    ),
    before: db.prepare<[number, number, number], MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM messages m JOIN users u ON u.id = m.author_id
       WHERE m.room_id = ? AND m.id < ? ORDER BY m.id DESC LIMIT ?`,
    ),
    after: db.prepare<[number, number, number], MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM messages m JOIN users u ON u.id = m.author_id
       WHERE m.room_id = ? AND m.id > ? ORDER BY m.id ASC LIMIT ?`,
    ),
  };

  const appendOne = db.transaction((m: NewMessage) => {
    const inserted = q.insert.get(m.roomId, m.authorId, m.text, m.clientId, m.createdAt);
    if (!inserted) {
      const existing = q.byClientId.get(m.authorId, m.clientId);
      if (!existing) throw new Error('conflicting message vanished');
      return { message: toMessage(existing), created: false };
    }
    q.bumpRoom.run(inserted.id, m.roomId);
    const row = q.byId.get(inserted.id);
    if (!row) throw new Error('inserted message vanished');
    return { message: toMessage(row), created: true };
  });

  // Group commit: every message that arrives in one turn of the event loop is written in one
  // transaction, so that one fsync (synchronous=FULL) covers them all. Each message runs in its
  // own savepoint (a nested transaction), so that one bad message fails alone.
  let queue: Array<{ message: NewMessage; settle: (outcome: Outcome | Error) => void }> = [];
  const flush = db.transaction((batch: typeof queue) =>
    batch.map(({ message }) => {
      try {
        return appendOne(message);
      } catch (error) {
        return error instanceof Error ? error : new Error(String(error));
      }
    }),
  );
  const runQueue = () => {
    const batch = queue;
    queue = [];
    let outcomes: Array<Outcome | Error>;
    try {
      outcomes = flush(batch);
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      outcomes = batch.map(() => failure);
    }
    batch.forEach((item, i) => item.settle(outcomes[i] ?? new Error('no outcome')));
  };

  return {
    appendMessage(message) {
      return new Promise<Outcome>((resolve, reject) => {
        if (queue.length === 0) setImmediate(runQueue);
        queue.push({ message, settle: (o) => (o instanceof Error ? reject(o) : resolve(o)) });
      });
    },
    async history(roomId, { before, after, limit }) {
      // One extra row tells whether there is more beyond this page.
      let rows: MessageRow[];
      if (after !== undefined) {
        rows = q.after.all(roomId, after, limit + 1);
        const hasMore = rows.length > limit;
        return { messages: rows.slice(0, limit).map(toMessage), hasMore };
      }
      rows =
        before !== undefined
          ? q.before.all(roomId, before, limit + 1)
          : q.newest.all(roomId, limit + 1);
      const hasMore = rows.length > limit;
      return { messages: rows.slice(0, limit).reverse().map(toMessage), hasMore };
    },
  };
}
