import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RedisService } from '../services/redis.js';
import { linked, someNodes, twoNodes } from './cluster-link.js';
import { upload } from './file-helpers.js';
import { connect, http, register, request, sleep, untyped, type Client } from './helpers.js';

let redis: RedisService;
beforeAll(async () => {
  redis = await startRedis();
}, 30_000);
afterAll(() => redis?.stop());

/** The error codes (or `ok`) of acked events sent by turns through `sockets`. */
async function byTurns(sockets: Client[], times: number, event: string, payload: () => object) {
  const codes: string[] = [];
  for (let i = 0; i < times; i++) {
    const ack = await request(sockets[i % sockets.length]!, event, payload());
    codes.push(ack.ok ? 'ok' : ack.error.code);
  }
  return codes;
}

describe('socket budgets across nodes', () => {
  /** Three nodes with `options`, and ann with a socket on each. */
  async function annOnAll(options: Parameters<typeof someNodes>[1]) {
    const nodes = await someNodes(redis.url, options, 3);
    const ann = await register(nodes[0]!.url, 'ann');
    const sockets: Client[] = [];
    for (const node of nodes) sockets.push(await connect(node.url, ann.token));
    return { nodes, ann, sockets };
  }

  // The cluster allows one bucket's worth in a window (4, and 4 more flowing back in its 8 s);
  // three nodes' own buckets alone would take 12 at once.
  it('counts one user’s messages on every node together', async () => {
    const { nodes, sockets } = await annOnAll({ messageRate: { perSecond: 0.5, burst: 4 } });
    const text = () => ({ roomId: 1, text: 'hi', clientId: randomUUID() });
    const codes = await byTurns(sockets, 10, 'message:send', text);
    expect(codes).toEqual([...Array(8).fill('ok'), 'rate_limited', 'rate_limited']);
    // Another user's budget is their own.
    const bob = await register(nodes[1]!.url, 'bob');
    const bobOnA = await connect(nodes[0]!.url, bob.token);
    expect(await byTurns([bobOnA], 1, 'message:send', text)).toEqual(['ok']);
  });

  it('counts the other events, and drops typing past the shared budget', async () => {
    // 3 at once and 3 more in 6 s: 6 in the cluster's window.
    const { nodes, sockets } = await annOnAll({ eventRate: { perSecond: 0.5, burst: 3 } });
    const bob = await register(nodes[0]!.url, 'bob');
    const bobOnA = await connect(nodes[0]!.url, bob.token);
    for (const node of nodes) await linked(node, bobOnA);
    const typed: unknown[] = [];
    untyped(bobOnA).on('typing', (event: unknown) => typed.push(event));
    // 7 by turns: 3, 2 and 2 on the nodes, each within its own bucket; the 7th is one too many.
    for (let i = 0; i < 7; i++)
      untyped(sockets[i % 3]!).emit('typing', { roomId: 1, typing: i % 2 === 0 });
    for (let i = 0; i < 50 && typed.length < 6; i++) await sleep(100);
    await sleep(500); // time for a 7th to arrive, were it let through
    expect(typed).toHaveLength(6);
    // Nodes b and c each have a token of their own left, but the cluster has none.
    expect(await byTurns(sockets.slice(1), 2, 'rooms:list', () => ({}))).toEqual([
      'rate_limited',
      'rate_limited',
    ]);
  });

  it('counts searches on every node together', async () => {
    const { sockets } = await annOnAll({ searchRate: { perSecond: 0.5, burst: 2 } });
    const searches = await byTurns(sockets, 5, 'search', () => ({ query: 'hi' }));
    expect(searches).toEqual(['ok', 'ok', 'ok', 'ok', 'rate_limited']);
  });

  it('counts uploads on every node together', async () => {
    const { nodes, ann } = await annOnAll({ uploadRate: { perSecond: 0.5, burst: 2 } });
    const uploads: number[] = [];
    for (let i = 0; i < 5; i++)
      uploads.push((await upload(nodes[i % 3]!.url, ann.token, 'x')).status);
    expect(uploads).toEqual([201, 201, 201, 201, 429]);
  });

  it('counts token refreshes from one address on every node together', async () => {
    const { nodes, ann } = await annOnAll({ refreshRate: { perSecond: 0.5, burst: 2 } });
    let refreshToken = ann.refreshToken;
    const refreshes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const answer = await http(nodes[i % 3]!.url, '/api/refresh', { body: { refreshToken } });
      refreshes.push(answer.status);
      if (answer.status === 200) refreshToken = answer.body.refreshToken;
    }
    expect(refreshes).toEqual([200, 200, 200, 200, 429]);
  });

  // 10 a minute for one person: three nodes' own buckets alone would take 30 at once.
  it('counts one person’s profile changes on every node together', async () => {
    const { sockets } = await annOnAll({});
    let i = 0;
    const rename = () => ({ displayName: `Ann ${i++}` });
    const codes = await byTurns(sockets, 24, 'profile:update', rename);
    // One bucket's worth in its window (10 at once, 10 more in its minute), not three buckets'.
    expect(codes).toEqual([...Array(20).fill('ok'), ...Array(4).fill('rate_limited')]);
  });

  it('falls back to each node’s own budget within 500 ms while Redis does not answer', async () => {
    // Slow to refill: each send waits out the 500 ms deadline.
    const [a, b] = await twoNodes(redis.url, { messageRate: { perSecond: 0.05, burst: 2 } });
    const ann = await register(a.url, 'ann');
    const sockets = [await connect(a.url, ann.token), await connect(b.url, ann.token)];
    const text = () => ({ roomId: 1, text: 'hi', clientId: randomUUID() });
    await redis.pause();
    try {
      // Each node holds her to its own 2: 4 in all, each answered within the 500 ms deadline.
      const started = Date.now();
      const codes = await byTurns(sockets, 6, 'message:send', text);
      expect(codes).toEqual(['ok', 'ok', 'ok', 'ok', 'rate_limited', 'rate_limited']);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await redis.resume();
    }
  });
});
