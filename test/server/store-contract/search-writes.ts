import { parseQuery } from '../../../server/search/query.js';
import type { MessageSearchResult } from '../../../server/storage/search-store.js';
import type { ContractStore } from './harness.js';
import type { Seeds } from './seeds.js';

/**
 * Messages for the search contract, written straight into the database through the seeds (the
 * PostgreSQL store has no MessageStore of every kind yet): each change as the stores' own
 * writes leave it (an edit's new text, a deletion's tombstone with no text), so that the
 * search index is held to what they write.
 */
export function searchWrites(seed: Seeds) {
  let clientIds = 0;
  return {
    /** A message; resolves with its id. */
    async post(
      roomId: number,
      authorId: number,
      text: string,
      more: { at?: number; threadId?: number } = {},
    ) {
      const [made] = await seed.sql(
        `INSERT INTO messages (room_id, author_id, text, client_id, created_at, thread_id)
         VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
        [roomId, authorId, text, `search-${++clientIds}`, more.at ?? 1000, more.threadId ?? null],
      );
      if (!made) throw new Error('no message');
      return made.id;
    },
    async edit(messageId: number, text: string) {
      await seed.sql('UPDATE messages SET text = ?, edited_at = 2000 WHERE id = ?', [
        text,
        messageId,
      ]);
    },
    async remove(messageId: number) {
      await seed.sql(`UPDATE messages SET text = '', deleted_at = 2000 WHERE id = ?`, [messageId]);
    },
    /** Attaches a file of the author's to the message. */
    async attach(messageId: number, authorId: number) {
      const id = `file-${messageId}`;
      await seed.sql(
        `INSERT INTO files (id, sha256, name, size, type, uploader_id, created_at)
         VALUES (?, 'sha', 'notes.txt', 1, 'text/plain', ?, 0)`,
        [id, authorId],
      );
      await seed.sql('INSERT INTO message_files (message_id, position, file_id) VALUES (?, 0, ?)', [
        messageId,
        id,
      ]);
    },
    /** `count` messages `word 1`… `word count` in the room, their ids in that order. */
    async many(roomId: number, authorId: number, word: string, count: number) {
      await seed.sql(
        `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < CAST(? AS INTEGER))
         INSERT INTO messages (room_id, author_id, text, client_id, created_at)
         SELECT CAST(? AS INTEGER), CAST(? AS INTEGER), CAST(? AS TEXT) || ' ' || i, 'many-' || i, 1000 + i FROM n`,
        [count, roomId, authorId, word],
      );
    },
  };
}

/** One page of a search as the socket layer asks for it (no cursor: the newest batch). */
export function searchOf(store: ContractStore, userId: number) {
  return (
    query: string,
    more: { offset?: number; limit?: number; batch?: { maxId: number; minId?: number } } = {},
  ): Promise<MessageSearchResult> =>
    store.searchMessages({
      userId,
      query: parseQuery(query),
      offset: more.offset ?? 0,
      limit: more.limit ?? 50,
      batch: more.batch,
      now: 10_000,
    });
}

/** The texts a search finds, sorted (the order is ranking's, tested apart). */
export const textsOf =
  (store: ContractStore, userId: number) =>
  async (query: string): Promise<string[]> =>
    (await searchOf(store, userId)(query)).hits.map((hit) => hit.message.text).sort();
