import { expect, it } from 'vitest';
import type { StoreKind } from './harness.js';
import { made, people, roomOf } from './room-people.js';
import { searchPaging } from './search-paging.js';
import { searchQueries } from './search-queries.js';
import { searchOf, searchWrites, textsOf } from './search-writes.js';

/**
 * Full-text search (SearchStore): who finds what, and that changes are found as they are now.
 * What the stores' engines read differently (stemming, tokens of scripts FTS5 and PostgreSQL
 * split apart) is left out: these are the behaviours both promise.
 */
export function searchContract(kind: StoreKind): void {
  it('searches the rooms the searcher is in now, all their history and threads, no other', async () => {
    const db = await kind.fresh();
    const store = await db.open();
    const write = searchWrites(db.seed);
    const [ann = 0, bob = 0, cat = 0] = await people(store, ['ann', 'bob', 'cat']);
    const [general = 0] = await store.memberRoomIds(ann);
    const den = await made(store, ann, 'den', 'private');
    const direct = roomOf(await store.openDirect({ userIds: [ann, cat], openedBy: ann, now: 0 }));
    await write.post(den, ann, 'zanzibar in private');
    await write.post(direct.id, ann, 'zanzibar in a direct message');
    const everyone = await write.post(general, ann, 'zanzibar for everyone');
    const root = await write.post(general, ann, 'a thread root');
    const reply = await write.post(general, bob, 'a reply about marmalade', { threadId: root });

    const all = await searchOf(store, ann)('zanzibar');
    expect(all).toMatchObject({ total: 3, maxId: reply, minId: 1, unknownFilters: [] });
    expect(await textsOf(store, bob)('zanzibar')).toEqual(['zanzibar for everyone']);
    expect(await textsOf(store, cat)('zanzibar')).toEqual([
      'zanzibar for everyone',
      'zanzibar in a direct message',
    ]);
    const [hit] = (await searchOf(store, bob)('marmalade')).hits;
    expect(hit?.message).toMatchObject({ id: reply, threadId: root, author: { id: bob } });
    expect((await searchOf(store, bob)('everyone')).hits[0]?.message.id).toBe(everyone);

    // Naming a room one is not in finds nothing and says nothing of it.
    const named = await searchOf(store, bob)('zanzibar in:#den');
    expect(named).toMatchObject({ hits: [], unknownFilters: ['in:#den'] });
    expect((await searchOf(store, bob)('zanzibar in:@ann')).hits).toEqual([]);
    expect(await textsOf(store, cat)('zanzibar in:@ANN')).toEqual(['zanzibar in a direct message']);

    // History from before joining, none once gone.
    await store.addMember(den, bob);
    expect(await textsOf(store, bob)('zanzibar in:#DEN')).toEqual(['zanzibar in private']);
    await store.removeMember(den, bob);
    expect(await textsOf(store, bob)('zanzibar')).toEqual(['zanzibar for everyone']);
  });

  it('never finds a deleted message, and an edited one by its new text only', async () => {
    const db = await kind.fresh();
    const store = await db.open();
    const write = searchWrites(db.seed);
    const [ann = 0, bob = 0] = await people(store, ['ann', 'bob']);
    const [general = 0] = await store.memberRoomIds(ann);
    const gone = await write.post(general, ann, 'ephemeral pineapple');
    const edited = await write.post(general, ann, 'an old walrus');
    const texts = textsOf(store, bob);
    expect(await texts('pineapple')).toEqual(['ephemeral pineapple']);
    await write.remove(gone);
    await write.edit(edited, 'a new narwhal');
    for (const query of ['pineapple', 'pinea', 'ephemeral', 'walrus', 'old ', '"an old"'])
      expect(await texts(query), query).toEqual([]);
    const [hit] = (await searchOf(store, bob)('narwhal')).hits;
    expect(hit).toMatchObject({ message: { id: edited, text: 'a new narwhal' } });
    expect(hit?.highlights).toEqual([[6, 13]]);
    // A deleted message is not found by filters alone either.
    expect(await texts('from:@ann')).toEqual(['a new narwhal']);
  });

  searchQueries(kind);
  searchPaging(kind);
}
