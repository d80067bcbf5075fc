import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../server/search/query.js';
import { migrate, SCHEMA_VERSION } from '../../server/storage/sqlite/migrations.js';
import { DATABASE_FILE, openSqliteStore } from '../../server/storage/sqlite/sqlite-store.js';
import type { ChatStore } from '../../server/storage/store.js';
import { connect, register, request, startServer, tempDir } from './helpers.js';
import { send } from './message-helpers.js';

/** The schema version just before the search index, found by migrating one step at a time. */
function versionBeforeSearch(): number {
  const db = new Database(':memory:');
  try {
    for (let version = 1; version <= SCHEMA_VERSION; version++) {
      migrate(db, version);
      const found = db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'message_index'`).get();
      if (found) return version - 1;
    }
    throw new Error('no migration makes the search index');
  } finally {
    db.close();
  }
}

const find = async (store: ChatStore, userId: number, query: string) =>
  (
    await store.searchMessages({
      userId,
      query: parseQuery(query),
      offset: 0,
      limit: 50,
      now: Date.now(),
    })
  ).hits.map((hit) => hit.message.text);

/**
 * Checks that the index holds exactly the words of the live messages, where they are: its
 * postings against those of a fresh index of the live messages (FTS5's own integrity-check
 * would count tombstones, which are left out on purpose). Returns the postings compared.
 */
function checkIndex(dataDir: string): number {
  const db = new Database(join(dataDir, DATABASE_FILE));
  db.exec(`
    CREATE VIRTUAL TABLE temp.fresh USING fts5(text, tokenize = 'unicode61 remove_diacritics 2');
    INSERT INTO temp.fresh (rowid, text) SELECT id, text FROM messages WHERE deleted_at IS NULL;
    CREATE VIRTUAL TABLE temp.kept USING fts5vocab(main, message_index, instance);
    CREATE VIRTUAL TABLE temp.made USING fts5vocab(temp, fresh, instance);
  `);
  const differ = db
    .prepare(
      `SELECT COUNT(*) AS n FROM (
         SELECT * FROM (SELECT term, doc, offset FROM temp.kept
                        EXCEPT SELECT term, doc, offset FROM temp.made)
         UNION ALL
         SELECT * FROM (SELECT term, doc, offset FROM temp.made
                        EXCEPT SELECT term, doc, offset FROM temp.kept))`,
    )
    .get() as { n: number };
  const docs = db.prepare('SELECT COUNT(*) AS n FROM message_index_docsize').get() as { n: number };
  const live = db.prepare('SELECT COUNT(*) AS n FROM messages WHERE deleted_at IS NULL').get() as {
    n: number;
  };
  const postings = db.prepare('SELECT COUNT(*) AS n FROM temp.kept').get() as { n: number };
  db.close();
  expect({ differ: differ.n, docs: docs.n }).toEqual({ differ: 0, docs: live.n });
  return postings.n;
}

describe('the search index', () => {
  it('indexes the live messages of a database made before it, and not its tombstones', async () => {
    const dir = tempDir();
    const db = new Database(join(dir, DATABASE_FILE));
    migrate(db, versionBeforeSearch());
    db.prepare(
      `INSERT INTO users (username, display_name, password_hash, role, created_at)
       VALUES ('ann', 'ann', 'x', 'owner', 1)`,
    ).run();
    db.prepare('INSERT INTO members (room_id, user_id, joined_at) VALUES (1, 1, 1)').run();
    const insert = db.prepare(
      `INSERT INTO messages (room_id, author_id, text, client_id, created_at, deleted_at)
       VALUES (1, 1, ?, ?, 1, ?)`,
    );
    insert.run('an old tangerine', 'c1', null);
    insert.run('', 'c2', 5);
    db.close();
    const store = openSqliteStore(dir);
    expect(await find(store, 1, 'tangerine')).toEqual(['an old tangerine']);
    await store.close();
    expect(checkIndex(dir)).toBe(3);
  });

  it('stays exact through sends, edits, deletions and a deleted room', async () => {
    const { url, dataDir, close } = await startServer({ scryptCost: 1024 });
    const alice = await connect(url, (await register(url, 'alice')).token);
    const bob = await connect(url, (await register(url, 'bob')).token);
    const kept = await send(alice, 'kept mango');
    const edited = await send(alice, 'edited papaya');
    const gone = await send(bob, 'gone guava');
    await request(alice, 'message:edit', { messageId: edited.id, text: 'now lychee' });
    await request(alice, 'message:edit', { messageId: kept.id, text: 'kept mango' });
    await request(bob, 'message:delete', { messageId: gone.id });
    await request(alice, 'message:react', { messageId: kept.id, emoji: '👍', on: true });
    const room = (await request(alice, 'room:create', { name: 'brief', kind: 'private' })).room.id;
    await send(alice, 'private quince', { roomId: room });
    await request(alice, 'room:leave', { roomId: room });
    await close();
    expect(checkIndex(dataDir)).toBeGreaterThan(3);
    const store = openSqliteStore(dataDir);
    const words = 'mango OR papaya OR lychee OR guava OR quince';
    const found = await Promise.all(words.split(' OR ').map((w) => find(store, 1, w)));
    expect(found).toEqual([['kept mango'], [], ['now lychee'], [], []]);
    await store.close();
  });
});
