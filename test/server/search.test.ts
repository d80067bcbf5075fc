import { describe, expect, it } from 'vitest';
import { request } from './helpers.js';
import { send } from './message-helpers.js';
import { createRoom, search, searchers, texts } from './search-helpers.js';

describe('search: who finds what', () => {
  it('finds messages from before the searcher joined, and none of a room they left', async () => {
    const {
      people: [alice, bob],
    } = await searchers(['alice', 'bob']);
    const dev = await createRoom(alice.socket, 'dev');
    await send(alice.socket, 'the quarterly kumquat report', { roomId: dev });
    expect(await texts(bob.socket, 'kumquat')).toEqual([]);
    await request(bob.socket, 'room:join', { roomId: dev });
    const page = await search(bob.socket, 'kumquat');
    expect(page.hits.map((h) => [h.message.roomId, h.message.text])).toEqual([
      [dev, 'the quarterly kumquat report'],
    ]);
    await request(bob.socket, 'room:leave', { roomId: dev });
    expect(await texts(bob.socket, 'kumquat')).toEqual([]);
  });

  it('never finds a private room or a direct conversation the searcher is not in', async () => {
    const {
      people: [alice, bob, carol],
    } = await searchers(['alice', 'bob', 'carol']);
    const secret = await createRoom(alice.socket, 'secret', 'private');
    await send(alice.socket, 'zanzibar in private', { roomId: secret });
    const direct = (await request(alice.socket, 'dm:open', { usernames: ['carol'] })).room.id;
    await send(alice.socket, 'zanzibar in a direct message', { roomId: direct });
    await send(alice.socket, 'zanzibar for everyone');
    expect(await texts(bob.socket, 'zanzibar')).toEqual(['zanzibar for everyone']);
    expect((await texts(carol.socket, 'zanzibar')).sort()).toEqual([
      'zanzibar for everyone',
      'zanzibar in a direct message',
    ]);
    // Naming the room does not help, and says nothing about whether it exists.
    const named = await search(bob.socket, 'zanzibar in:#secret');
    expect(named).toMatchObject({ hits: [], unknownFilters: ['in:#secret'] });
    expect(await search(bob.socket, 'zanzibar in:@alice')).toMatchObject({ hits: [] });
    expect((await search(carol.socket, 'zanzibar in:@alice')).hits).toHaveLength(1);
  });

  it('finds thread replies, which belong to their room', async () => {
    const {
      people: [alice, bob],
    } = await searchers(['alice', 'bob']);
    const root = await send(alice.socket, 'a thread root');
    await send(bob.socket, 'a reply about marmalade', { threadId: root.id });
    const [hit] = (await search(alice.socket, 'marmalade')).hits;
    expect(hit?.message).toMatchObject({ threadId: root.id, author: { username: 'bob' } });
  });
});

describe('search: kept in step with changes', () => {
  it('never finds a deleted message again, by a word or a prefix', async () => {
    const {
      people: [alice, bob],
    } = await searchers(['alice', 'bob']);
    const message = await send(alice.socket, 'ephemeral pineapple');
    expect(await texts(bob.socket, 'pineapple')).toEqual(['ephemeral pineapple']);
    await request(alice.socket, 'message:delete', { messageId: message.id });
    expect(await texts(bob.socket, 'pineapple')).toEqual([]);
    expect(await texts(bob.socket, 'pinea')).toEqual([]);
    expect(await texts(bob.socket, 'ephemeral')).toEqual([]);
  });

  it('finds an edited message by its new text only', async () => {
    const {
      people: [alice, bob],
    } = await searchers(['alice', 'bob']);
    const message = await send(alice.socket, 'an old walrus');
    await request(alice.socket, 'message:edit', { messageId: message.id, text: 'a new narwhal' });
    expect(await texts(bob.socket, 'walrus')).toEqual([]);
    const [hit] = (await search(bob.socket, 'narwhal')).hits;
    expect(hit).toMatchObject({ message: { id: message.id, text: 'a new narwhal' } });
    expect(hit?.highlights).toEqual([[6, 13]]);
  });
});

describe('search: the query', () => {
  it('tells a phrase from words', async () => {
    const {
      people: [alice],
    } = await searchers(['alice']);
    await send(alice.socket, 'red apple pie');
    await send(alice.socket, 'apple pie, red wine');
    expect(await texts(alice.socket, '"red apple"')).toEqual(['red apple pie']);
    expect((await texts(alice.socket, 'red apple')).sort()).toEqual([
      'apple pie, red wine',
      'red apple pie',
    ]);
  });

  it('is never an error, whatever its syntax', async () => {
    const {
      people: [alice],
    } = await searchers(['alice']);
    await send(alice.socket, 'near the star: a minus - sign');
    const junk = ['"', '"near the', 'NEAR(', 'NEAR(star', '*', '-', ':', '🎉', 'AND OR NOT'];
    for (const query of [...junk, 'star*', 'col:umn', '^near', 'near + star', '"star"*']) {
      const ack = await request(alice.socket, 'search', { query });
      expect(ack, query).toMatchObject({ ok: true });
    }
    expect(await texts(alice.socket, '"near the')).toEqual(['near the star: a minus - sign']);
    expect(await texts(alice.socket, 'NEAR(star')).toEqual([]);
    expect(await texts(alice.socket, '🎉')).toEqual([]);
  });

  it('matches case and accents loosely, and highlights in UTF-16 units', async () => {
    const {
      people: [alice],
    } = await searchers(['alice']);
    await send(alice.socket, '🎉 Café au lait, CAFE noir, cafés');
    const [hit] = (await search(alice.socket, 'cafe ')).hits;
    expect(hit?.highlights).toEqual([
      [3, 7],
      [17, 21],
    ]);
    // The last word as typed is a prefix: it reaches "cafés" too.
    expect((await search(alice.socket, 'cafe')).hits[0]?.highlights).toHaveLength(3);
  });
});
