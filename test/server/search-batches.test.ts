import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../server/storage/sqlite/sqlite-store.js';
import { SEARCH_BATCH } from '../../server/storage/search-store.js';
import { connect, register, startServer } from './helpers.js';
import { GENERAL } from './message-helpers.js';
import { roomy, search } from './search-helpers.js';

describe('search past one batch', () => {
  it('pages through every match, newest batch first, without duplicates', async () => {
    const { url, dataDir } = await startServer({ scryptCost: 1024, ...roomy });
    const alice = await register(url, 'alice');
    const count = 2 * SEARCH_BATCH + 300;
    // Written straight into the database, as a busy server would have them.
    const db = new Database(join(dataDir, DATABASE_FILE));
    const insert = db.prepare(
      `INSERT INTO messages (room_id, author_id, text, client_id, created_at)
       VALUES (?, ?, ?, ?, ?)`,
    );
    db.transaction(() => {
      for (let i = 0; i < count; i++)
        insert.run(
          GENERAL,
          alice.user.id,
          `sprocket ${i}${i % 7 === 0 ? ' sprocket' : ''}`,
          `b${i}`,
          i,
        );
    })();
    db.close();
    const socket = await connect(url, alice.token);
    const seen: number[] = [];
    const pages: number[][] = [];
    let cursor: string | null | undefined;
    do {
      const page = await search(socket, 'sprocket', { limit: 50, ...(cursor ? { cursor } : {}) });
      pages.push(page.hits.map((h) => h.message.id));
      seen.push(...page.hits.map((h) => h.message.id));
      cursor = page.nextCursor;
    } while (cursor && pages.length < 100);
    expect(seen).toHaveLength(count);
    expect(new Set(seen).size).toBe(count);
    // Each batch is ranked on its own: all of the newest batch come before any older one.
    const firstBatch = seen.slice(0, SEARCH_BATCH);
    expect(Math.min(...firstBatch)).toBeGreaterThan(Math.max(...seen.slice(SEARCH_BATCH)));
  });
});
