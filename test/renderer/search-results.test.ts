import { describe, expect, it } from 'vitest';
import type { Message } from '../../server/protocol.js';
import { SearchResults } from '../../renderer/src/lib/search.js';
import { request as ask } from '../../renderer/src/lib/socket-request.js';
import { connect, register, request, startServer } from '../server/helpers.js';

/** Alice's search against a real server where Bob wrote `count` messages with "needle". */
async function searchWith(count: number) {
  const { url } = await startServer({ messageRate: { perSecond: 10_000, burst: 10_000 } });
  const alice = await register(url, 'alice');
  const bob = await connect(url, (await register(url, 'bob')).token);
  for (let i = 1; i <= count; i++)
    await request(bob, 'message:send', { roomId: 1, text: `needle ${i}`, clientId: `n${i}` });
  await request(bob, 'message:send', { roomId: 1, text: 'haystack only', clientId: 'h' });
  const socket = await connect(url, alice.token);
  return new SearchResults((payload) => ask(socket, 'search', payload));
}

describe('search results', () => {
  it('pages through the results with the cursor, each message once', async () => {
    const results = await searchWith(25);
    await results.search('  needle ');
    let view = results.get();
    expect(view.status).toBe('done');
    expect(view.query).toBe('needle');
    expect(view.hits).toHaveLength(20);
    expect(view.nextCursor).not.toBeNull();
    const [first] = view.hits;
    expect(first?.message.text.slice(...(first.highlights[0] ?? [0, 0]))).toBe('needle');
    await results.more();
    view = results.get();
    expect(view.hits).toHaveLength(25);
    expect(new Set(view.hits.map((h) => h.message.id)).size).toBe(25);
    expect(view.nextCursor).toBeNull();
    expect(view.hits.every((h) => h.message.text.startsWith('needle'))).toBe(true);
  });

  it('shows the newest query only, however the answers arrive', async () => {
    const results = await searchWith(3);
    const older = results.search('needle');
    const newer = results.search('haystack');
    await Promise.all([older, newer]);
    expect(results.get().query).toBe('haystack');
    expect(results.get().hits.map((h) => h.message.text)).toEqual(['haystack only']);
  });

  it('says which filters name nothing, and an empty query clears the results', async () => {
    const results = await searchWith(1);
    await results.search('needle in:#nowhere');
    expect(results.get().status).toBe('done');
    expect(results.get().unknownFilters).toEqual(['in:#nowhere']);
    await results.search('   ');
    expect(results.get()).toMatchObject({ status: 'idle', query: '', hits: [] });
  });

  it('asks on past short pages, so "no results" is said only when there are none', async () => {
    // The server ranks the newest 1,000 matches at a time: a filter that keeps only an old one
    // gets empty pages, each with a cursor, until its batch comes.
    const { url } = await startServer({ messageRate: { perSecond: 10_000, burst: 10_000 } });
    const alice = await register(url, 'alice');
    const socket = await connect(url, alice.token);
    const { room } = await request(socket, 'room:create', { name: 'quiet', kind: 'public' });
    await request(socket, 'message:send', { roomId: room.id, text: 'needle old', clientId: 'q' });
    for (let i = 1; i <= 1000; i++)
      await request(socket, 'message:send', { roomId: 1, text: `needle ${i}`, clientId: `n${i}` });
    const results = new SearchResults((payload) => ask(socket, 'search', payload));
    await results.search('needle in:#quiet');
    expect(results.get().status).toBe('done');
    expect(results.get().hits.map((h) => h.message.text)).toEqual(['needle old']);
  }, 60_000);

  it('asks on when the first page comes back empty with a cursor (the scan ran out of time)', async () => {
    // The server side of this (a 25 ms budget on first pages) cannot be made to run out on
    // purpose, so the answers are played back here, at the one boundary: the socket request.
    const hit = (id: number) => ({
      message: { id, roomId: 1, text: `needle ${id}` } as Message,
      highlights: [[0, 6]] as Array<[number, number]>,
    });
    const pages = [
      { ok: true as const, hits: [], nextCursor: 'c1', unknownFilters: [] },
      { ok: true as const, hits: [], nextCursor: 'c2', unknownFilters: [] },
      { ok: true as const, hits: [hit(7)], nextCursor: 'c3', unknownFilters: [] },
      { ok: true as const, hits: [], nextCursor: 'c4', unknownFilters: [] },
      { ok: true as const, hits: [hit(5)], nextCursor: null, unknownFilters: [] },
    ];
    const asked: Array<string | undefined> = [];
    const results = new SearchResults(async (payload) => {
      asked.push(payload.cursor);
      return pages.shift() ?? { ok: true, hits: [], nextCursor: null, unknownFilters: [] };
    });
    await results.search('needle');
    expect(results.get()).toMatchObject({ status: 'done', nextCursor: 'c4' });
    expect(results.get().hits.map((h) => h.message.id)).toEqual([7]);
    await results.more();
    expect(results.get().hits.map((h) => h.message.id)).toEqual([7, 5]);
    expect(asked).toEqual([undefined, 'c1', 'c2', 'c3', 'c4']);
  });

  it('stops following when the search is replaced, or when a page gives its own cursor back', async () => {
    const empty = (nextCursor: string | null) => ({
      ok: true as const,
      hits: [],
      nextCursor,
      unknownFilters: [],
    });
    const asked: string[] = [];
    const results: SearchResults = new SearchResults(async (payload) => {
      asked.push(`${payload.query}@${payload.cursor ?? ''}`);
      // "slow" is replaced by "fast" while its first follow-up page is on its way.
      if (payload.query === 'slow' && payload.cursor) await results.search('fast');
      // "fast" is out of time on a busy server: its cursor comes back unchanged.
      if (payload.query === 'fast') return empty('same');
      return empty(`${payload.cursor ?? ''}+`);
    });
    await results.search('slow');
    expect(results.get().query).toBe('fast');
    // "slow" was followed no further; "fast" asked its cursor once, not again at once.
    expect(asked).toEqual(['slow@', 'slow@+', 'fast@', 'fast@same']);
  });
});
