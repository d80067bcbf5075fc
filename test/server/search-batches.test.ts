import { describe, expect, it } from 'vitest';
import { SEARCH_BATCH } from '../../server/storage/search-store.js';
import { connect, register } from './helpers.js';
import { GENERAL } from './message-helpers.js';
import { allPages, insertMessages, serverWithLimits } from './search-helpers.js';

describe('search past one batch', () => {
  it('pages through every match, newest batch first, without duplicates', async () => {
    // Budgets of a minute: every batch is the full SEARCH_BATCH however loaded the machine is.
    const { url, dataDir } = await serverWithLimits();
    const alice = await register(url, 'alice');
    const count = 2 * SEARCH_BATCH + 300;
    insertMessages(
      dataDir,
      Array.from({ length: count }, (_, i) => ({
        roomId: GENERAL,
        authorId: alice.user.id,
        text: `sprocket ${i}${i % 7 === 0 ? ' sprocket' : ''}`,
        createdAt: i,
      })),
    );
    const socket = await connect(url, alice.token);
    const seen = (await allPages(socket, 'sprocket', 50)).flatMap((page) =>
      page.hits.map((h) => h.message.id),
    );
    expect(seen).toHaveLength(count);
    expect(new Set(seen).size).toBe(count);
    // Each batch is ranked on its own: all of the newest batch come before any older one.
    const firstBatch = seen.slice(0, SEARCH_BATCH);
    expect(Math.min(...firstBatch)).toBeGreaterThan(Math.max(...seen.slice(SEARCH_BATCH)));
  });
});
