import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../server/search/query.js';
import { connect, register, request } from './helpers.js';
import { GENERAL, send } from './message-helpers.js';
import {
  allPages,
  createRoom,
  insertMessages,
  search,
  searchers,
  serverWithLimits,
} from './search-helpers.js';

/** Matching messages in #general, straight into the database. */
const many = (authorId: number, count: number, word: string) =>
  Array.from({ length: count }, (_, i) => ({
    roomId: GENERAL,
    authorId,
    text: `${word} ${i}`,
    createdAt: 1000 + i,
  }));

describe('search cursors are the server’s own', () => {
  it('refuses a forged or altered cursor', async () => {
    const {
      people: [alice],
    } = await searchers(['alice']);
    const fingerprint = createHash('sha256')
      .update(JSON.stringify(parseQuery('gizmo in:#tiny')))
      .digest('base64url')
      .slice(0, 12);
    // Any batch, as a first page never bounded it: a scan that would run untimed.
    const forged = Buffer.from(`${fingerprint}.0.1000000000.1.0`).toString('base64url');
    const refused = await request(alice.socket, 'search', {
      query: 'gizmo in:#tiny',
      cursor: forged,
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });

    for (let i = 0; i < 3; i++) await send(alice.socket, `gizmo ${i}`);
    const { nextCursor } = await search(alice.socket, 'gizmo', { limit: 1 });
    expect(
      await request(alice.socket, 'search', { query: 'gizmo', cursor: nextCursor }),
    ).toMatchObject({ ok: true });
    // One bit of the position changed (a digit stays a digit): no longer a cursor.
    const bytes = Buffer.from(nextCursor ?? '', 'base64url');
    bytes[bytes.length - 1] = (bytes.at(-1) ?? 0) ^ 1;
    const altered = await request(alice.socket, 'search', {
      query: 'gizmo',
      cursor: bytes.toString('base64url'),
    });
    expect(altered).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
  });

  it('refuses another user’s cursor, even for the same query and room', async () => {
    const {
      people: [alice, bob],
    } = await searchers(['alice', 'bob']);
    for (let i = 0; i < 3; i++) await send(alice.socket, `doohickey ${i}`);
    const { nextCursor } = await search(alice.socket, 'doohickey', { limit: 1 });
    expect(nextCursor).not.toBeNull();
    const answer = await request(bob.socket, 'search', { query: 'doohickey', cursor: nextCursor });
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    expect((await search(bob.socket, 'doohickey')).hits).toHaveLength(3);
  });
});

describe('search scans are bounded by rows read', () => {
  it('stops a scan on its row cap, and the next pages still reach the oldest match', async () => {
    const { url, dataDir } = await serverWithLimits({ maxRows: 100 });
    const alice = await register(url, 'alice');
    const socket = await connect(url, alice.token);
    const tiny = await createRoom(socket, 'tiny');
    // The one match in #tiny is older than 250 in #general the scan has to step over.
    insertMessages(dataDir, [
      { roomId: tiny, authorId: alice.user.id, text: 'gizmo in tiny', createdAt: 500 },
      ...many(alice.user.id, 250, 'gizmo'),
    ]);
    const pages = await allPages(socket, 'gizmo in:#tiny', 20);
    expect(pages[0]).toMatchObject({ hits: [], nextCursor: expect.any(String) });
    expect(pages.flatMap((p) => p.hits.map((h) => h.message.text))).toEqual(['gizmo in tiny']);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(pages.at(-1)?.nextCursor).toBeNull();
    // Without the filter every match comes once, in batches of at most 100 rows.
    const every = (await allPages(socket, 'gizmo', 30)).flatMap((p) => p.hits);
    expect(every).toHaveLength(251);
    expect(new Set(every.map((h) => h.message.id)).size).toBe(251);
  });

  it('gives a later page that cannot read its batch in time its own cursor back', async () => {
    // A budget a later page is always past at its first look at the clock (after 256 rows).
    const { url, dataDir } = await serverWithLimits({ laterBudgetMs: -1 });
    const alice = await register(url, 'alice');
    const socket = await connect(url, alice.token);
    insertMessages(dataDir, many(alice.user.id, 600, 'sprocket'));
    const first = await search(socket, 'sprocket', { limit: 10 });
    expect(first.hits).toHaveLength(10);
    const later = await search(socket, 'sprocket', { limit: 10, cursor: first.nextCursor });
    expect(later).toEqual({ hits: [], nextCursor: first.nextCursor, unknownFilters: [] });
  });
});
