import { expect, it } from 'vitest';
import { nextPosition, type SearchCursor } from '../../../server/search/paging.js';
import { SEARCH_BATCH, type MessageSearchResult } from '../../../server/storage/search-store.js';
import type { StoreKind } from './harness.js';
import { people } from './room-people.js';
import { searchOf, searchWrites } from './search-writes.js';

/** Batches and pages: every match once, newest batch first, new messages kept out. */
export function searchPaging(kind: StoreKind): void {
  it('pages through batches of SEARCH_BATCH, every match once, as the socket layer asks', async () => {
    const db = await kind.fresh();
    const store = await db.open();
    const write = searchWrites(db.seed);
    const [ann = 0] = await people(store, ['ann']);
    const [general = 0] = await store.memberRoomIds(ann);
    const count = 2 * SEARCH_BATCH + 300;
    await write.many(general, ann, 'sprocket', count);
    await write.post(general, ann, 'a gear, not that word');
    const search = searchOf(store, ann);

    const first = await search('sprocket', { limit: 50 });
    expect(first).toMatchObject({ total: SEARCH_BATCH, unknownFilters: [] });
    expect(first.hits).toHaveLength(50);
    expect(first.minId).toBeGreaterThan(1);
    // A message sent after the first page stays out of the later ones.
    const late = await write.post(general, ann, 'a late sprocket');
    const seen = first.hits.map((hit) => hit.message.id);
    let at: SearchCursor | undefined = nextPosition({ offset: 0, now: 0 }, 50, first);
    const batches: MessageSearchResult[] = [first];
    for (let pages = 0; at && pages < 200; pages++) {
      const batch = { maxId: at.maxId, minId: at.minId || undefined };
      const page = await search('sprocket', { offset: at.offset, limit: 50, batch });
      expect(page.unfinished).toBeUndefined();
      if (at.offset === 0) batches.push(page);
      seen.push(...page.hits.map((hit) => hit.message.id));
      at = nextPosition(at, page.hits.length, page);
    }
    expect(at).toBeUndefined();
    expect(seen).toHaveLength(count);
    expect(new Set(seen).size).toBe(count);
    expect(seen).not.toContain(late);
    // Each batch is ranked on its own, newer batches first.
    expect(Math.min(...seen.slice(0, SEARCH_BATCH))).toBeGreaterThan(
      Math.max(...seen.slice(SEARCH_BATCH)),
    );
    expect(batches.map((b) => b.total)).toEqual([SEARCH_BATCH, SEARCH_BATCH, 300]);
    expect(batches.at(-1)?.minId).toBe(1);
  });

  it('pages by offset within a batch without duplicates or gaps', async () => {
    const db = await kind.fresh();
    const store = await db.open();
    const write = searchWrites(db.seed);
    const [ann = 0] = await people(store, ['ann']);
    const [general = 0] = await store.memberRoomIds(ann);
    for (let i = 0; i < 12; i++)
      await write.post(general, ann, `gadget ${i}${i % 3 === 0 ? ' gadget' : ''}`, {
        at: 1000 + i,
      });
    const search = searchOf(store, ann);
    const whole = (await search('gadget', { limit: 50 })).hits.map((hit) => hit.message.id);
    const paged: number[] = [];
    for (let offset = 0; offset < 12; offset += 5) {
      const page = await search('gadget', { offset, limit: 5 });
      expect(page.total).toBe(12);
      paged.push(...page.hits.map((hit) => hit.message.id));
    }
    expect(paged).toEqual(whole);
    expect(new Set(whole).size).toBe(12);
  });
}
