import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Message } from '../../server/protocol.js';
import { startRedis, type RedisService } from '../services/redis.js';
import { tcpRelay, type TcpRelay } from '../services/tcp-relay.js';
import { linked, twoNodes } from './cluster-link.js';
import { connect, next, register, request, sleep, untyped } from './helpers.js';

let redis: RedisService | undefined;
let relay: TcpRelay | undefined;
afterEach(async () => {
  await relay?.close();
  await redis?.stop();
  relay = redis = undefined;
});

/** Waits until `done()` holds, polling; fails after `ms`. */
async function until(done: () => boolean, ms = 5_000) {
  for (const end = Date.now() + ms; !done(); await sleep(20)) {
    if (Date.now() > end) throw new Error('timed out waiting');
  }
}

describe('a node that falls further behind the Redis stream than the stream keeps', () => {
  it('notices the entries it never read, and tells its sockets to catch up from before them', async () => {
    redis = await startRedis();
    // Node B reaches Redis through a relay that can stall it; node A does not.
    relay = await tcpRelay(Number(new URL(redis.url).port));
    const [a, b] = await twoNodes([redis.url, `redis://127.0.0.1:${relay.port}`], {
      redisStreamMaxLen: 100,
    });
    await register(a.url, 'own');
    const ann = await register(a.url, 'ann');
    const bob = await register(b.url, 'bob');
    const annOnA = await connect(a.url, ann.token);
    const bobOnB = await connect(b.url, bob.token);
    await linked(a, bobOnB);
    const heard: number[] = [];
    untyped(bobOnB).on('cluster:burst', (i: number) => heard.push(i));
    const resyncs: number[] = [];
    untyped(bobOnB).on('server:resync', ({ since }: { since: number }) => resyncs.push(since));
    const live: Message[] = [];
    bobOnB.on('message', (m: Message) => live.push(m));
    const io = a.server.io as unknown as { emit(event: string, i: number): void };
    const burst = (from: number, to: number) => {
      for (let i = from; i < to; i++) io.emit('cluster:burst', i);
    };

    // Stalled, but less far behind than the stream keeps: it reads everything, and says nothing.
    relay.hold();
    burst(0, 50);
    await sleep(300);
    relay.release();
    await until(() => heard.length === 50);
    expect(resyncs).toEqual([]);

    // Stalled while thousands of entries pass: the stream drops the oldest before B reads them,
    // a message among them.
    relay.hold();
    burst(50, 150);
    const sent = await request<{ ok: boolean; message?: Message }>(annOnA, 'message:send', {
      roomId: 1,
      text: 'lost in the stream',
      clientId: randomUUID(),
    });
    expect(sent.ok).toBe(true);
    burst(150, 3_150);
    await sleep(500);
    const told = next<{ since: number }>(bobOnB, 'server:resync', () => true, 5_000);
    relay.release();
    const { since } = await told;
    await until(() => heard.at(-1) === 3_149);
    // The gap was real: entries, the message's among them, never reached B.
    expect(heard.length).toBeLessThan(3_100);
    expect(live.map((m) => m.text)).not.toContain('lost in the stream');
    // Told once, from before the lost message, so that catching up from `since` finds it.
    expect(resyncs).toHaveLength(1);
    expect(since).toBeLessThanOrEqual(sent.message!.createdAt);
    const history = await request<{ messages: Message[] }>(bobOnB, 'message:history', {
      roomId: 1,
      limit: 50,
    });
    const caught = history.messages.filter((m) => m.createdAt >= since);
    expect(caught.map((m) => m.text)).toContain('lost in the stream');
  });
});
