import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../server/search/query.js';
import { CRISIS_SEGMENTS } from '../../server/storage/sqlite/index-merges.js';
import { DATABASE_FILE } from '../../server/storage/sqlite/sqlite-store.js';
import { storeLobby } from './store-lobby.js';

const none = { names: [], room: false };

/** The index's settings and its number of segments, read on a connection of the test's own. */
function inspect(dataDir: string) {
  const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
  try {
    const settings = Object.fromEntries(
      db
        .prepare<[], { k: string; v: number }>('SELECT k, v FROM message_index_config')
        .all()
        .map(({ k, v }) => [k, v]),
    );
    const { segments } = db
      .prepare<[], { segments: number }>(
        'SELECT COUNT(DISTINCT segid) AS segments FROM message_index_idx',
      )
      .get()!;
    return { settings, segments };
  } finally {
    db.close();
  }
}

/**
 * FTS5 merged its segments inside the writes, and the group commit writes one per batch: some
 * commits then stopped the event loop for hundreds of ms (index-merges.ts). Writes now merge
 * nothing, and steps of their own, after the batches, keep the segments few.
 */
describe('the search index merges after message writes, not inside them', () => {
  it('keeps its segments few over many small batches, and finds every message', async () => {
    const { store, users, roomId, dataDir } = await storeLobby(['owner']);
    const author = users[0]!;
    let n = 0;
    const send = () =>
      store.appendMessage({
        roomId,
        authorId: author.id,
        text: `batch word${n} common`,
        clientId: `c${n++}`,
        createdAt: Date.now(),
        mentions: none,
      });
    // 120 batches of 25: each batch writes a segment of its own.
    for (let batch = 0; batch < 120; batch++) {
      const sent = await Promise.all(Array.from({ length: 25 }, send));
      expect(sent.every((outcome) => 'created' in outcome && outcome.created)).toBe(true);
    }
    await new Promise((resolve) => setImmediate(resolve)); // the last batch's step
    const { settings, segments } = inspect(dataDir);
    expect(settings).toMatchObject({ automerge: 0, crisismerge: CRISIS_SEGMENTS });
    // Unmerged, the 120 segments would stand (up to CRISIS_SEGMENTS on a level); FTS5's own
    // merging, or the steps, leave a handful.
    expect(segments).toBeLessThanOrEqual(12);
    const search = async (text: string) =>
      (
        await store.searchMessages({
          userId: author.id,
          query: parseQuery(text),
          offset: 0,
          limit: 50,
          now: Date.now(),
        })
      ).hits.map((hit) => hit.message.text);
    expect(await search('word2999')).toEqual(['batch word2999 common']);
    expect(await search('word0')).toEqual(['batch word0 common']);
    await store.close();
  });
});
