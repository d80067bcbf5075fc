import { describe, expect, it } from 'vitest';
import { sendFiles, uploaded } from './file-helpers.js';
import { request } from './helpers.js';
import { people, send } from './message-helpers.js';
import { createRoom, search, searchers, texts } from './search-helpers.js';

const day = (offsetDays: number) =>
  new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

describe('search filters', () => {
  it('from:, in:, before:, after: and has:link narrow the words', async () => {
    const {
      people: [alice, bob],
    } = await searchers(['alice', 'bob']);
    const dev = await createRoom(alice.socket, 'Dev');
    await request(bob.socket, 'room:join', { roomId: dev });
    await send(alice.socket, 'lunch in general');
    await send(bob.socket, 'lunch from bob, see https://example.com/menu', { roomId: dev });
    await send(alice.socket, 'lunch in dev, at http ok', { roomId: dev });
    const sorted = async (query: string) => (await texts(alice.socket, query)).sort();
    expect(await sorted('lunch from:@BOB')).toEqual([
      'lunch from bob, see https://example.com/menu',
    ]);
    expect(await sorted('lunch in:#dev')).toEqual([
      'lunch from bob, see https://example.com/menu',
      'lunch in dev, at http ok',
    ]);
    expect(await sorted('lunch has:link')).toEqual([
      'lunch from bob, see https://example.com/menu',
    ]);
    expect(await sorted(`lunch before:${day(1)}`)).toHaveLength(3);
    expect(await sorted(`lunch before:${day(0)}`)).toEqual([]);
    expect(await sorted(`lunch after:${day(-1)}`)).toHaveLength(3);
    expect(await sorted(`lunch after:${day(0)}`)).toEqual([]);
  });

  it('work without words, newest first', async () => {
    const {
      people: [alice, bob],
    } = await searchers(['alice', 'bob']);
    await send(bob.socket, 'first by bob');
    await send(alice.socket, 'by alice');
    await send(bob.socket, 'second by bob, https://example.org');
    expect(await texts(alice.socket, 'from:@bob')).toEqual([
      'second by bob, https://example.org',
      'first by bob',
    ]);
    expect(await texts(alice.socket, 'has:link')).toEqual(['second by bob, https://example.org']);
    expect(await texts(alice.socket, `in:#general after:${day(-1)}`)).toHaveLength(3);
  });

  it('has:file finds messages that carry files, alone or with words, never deleted ones', async () => {
    const {
      url,
      people: [alice, bob],
    } = await searchers(['alice', 'bob']);
    const file = await uploaded(url, alice.pair.token, 'the minutes', 'minutes.txt');
    const other = await uploaded(url, alice.pair.token, 'the budget', 'budget.txt');
    const carried = await sendFiles(alice.socket, [file.id], 'minutes of the meeting');
    await send(alice.socket, 'meeting without files');
    const gone = await sendFiles(alice.socket, [other.id], 'meeting budget');
    await request(alice.socket, 'message:delete', { messageId: gone.id });
    expect(await texts(bob.socket, 'meeting has:file')).toEqual([carried.text]);
    expect((await search(bob.socket, 'has:file')).hits.map((h) => h.message.id)).toEqual([
      carried.id,
    ]);
    expect((await search(bob.socket, 'has:file')).hits[0]?.message.attachments).toHaveLength(1);
  });

  it('that name nothing the searcher can see are reported, and match nothing', async () => {
    const {
      people: [alice],
    } = await searchers(['alice']);
    await send(alice.socket, 'hello there');
    expect(await search(alice.socket, 'hello from:@nobody in:#nowhere')).toEqual({
      hits: [],
      nextCursor: null,
      unknownFilters: ['from:@nobody', 'in:#nowhere'],
    });
    // One known among several is enough.
    expect((await search(alice.socket, 'hello from:@nobody from:@alice')).hits).toHaveLength(1);
  });
});

describe('search pages', () => {
  it('page with a cursor, without duplicates or gaps, while new messages arrive', async () => {
    const {
      people: [alice],
    } = await searchers(['alice']);
    const sent = new Set<number>();
    for (let i = 0; i < 25; i++) sent.add((await send(alice.socket, `gadget number ${i}`)).id);
    const seen: number[] = [];
    let page = await search(alice.socket, 'gadget', { limit: 10 });
    seen.push(...page.hits.map((h) => h.message.id));
    await send(alice.socket, 'a new gadget after the first page');
    while (page.nextCursor) {
      page = await search(alice.socket, 'gadget', { limit: 10, cursor: page.nextCursor });
      seen.push(...page.hits.map((h) => h.message.id));
    }
    expect(seen).toHaveLength(25);
    expect(new Set(seen)).toEqual(sent);
  });

  it('refuse a cursor of another query', async () => {
    const {
      people: [alice],
    } = await searchers(['alice']);
    for (let i = 0; i < 3; i++) await send(alice.socket, `widget ${i}`);
    const { nextCursor } = await search(alice.socket, 'widget', { limit: 1 });
    const other = await request(alice.socket, 'search', { query: 'gizmo', cursor: nextCursor });
    expect(other).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    const junk = await request(alice.socket, 'search', { query: 'widget', cursor: 'x'.repeat(50) });
    expect(junk).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
  });

  it('are rate limited per user, apart from other events', async () => {
    // Bursts of 10 that refill too slowly for a loaded machine to earn an 11th meanwhile.
    const {
      people: [alice, bob],
    } = await people(['alice', 'bob'], { searchRate: { perSecond: 0.01, burst: 10 } });
    const answers = [];
    for (let i = 0; i < 11; i++)
      answers.push(await request(alice.socket, 'search', { query: 'x1' }));
    expect(answers.slice(0, 10).every((a) => a.ok)).toBe(true);
    expect(answers[10]).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    expect(answers[10].error.retryAfterMs).toBeGreaterThan(0);
    // Other events and other people are not held back.
    expect(await request(alice.socket, 'rooms:list', { joined: true })).toMatchObject({ ok: true });
    expect(await request(bob.socket, 'search', { query: 'x1' })).toMatchObject({ ok: true });
  });
});
