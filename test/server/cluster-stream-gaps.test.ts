import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Message } from '../../server/protocol.js';
import { roomChannel } from '../../server/socket/room-channels.js';
import { startRedis, type RedisService } from '../services/redis.js';
import { tcpRelay, type TcpRelay } from '../services/tcp-relay.js';
import { linked, someNodes } from './cluster-link.js';
import { connect, register, request, sleep, untyped, type TestServer } from './helpers.js';

let redis: RedisService | undefined;
let relay: TcpRelay | undefined;
afterEach(async () => {
  relay?.hold();
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

/** `count` entries on the stream from `node`, as `event` broadcasts numbered from `from`. */
function burst(node: TestServer, event: string, from: number, count: number) {
  const io = node.server.io as unknown as { emit(event: string, i: number): void };
  for (let i = from; i < from + count; i++) io.emit(event, i);
}

describe('a node that falls further behind the Redis stream than the stream keeps', () => {
  it('notices the entries it never read, tells its sockets to catch up from before them, and reads its rooms again', async () => {
    redis = await startRedis();
    // Node B reaches Redis through a relay that can stall it; nodes A and C do not.
    relay = await tcpRelay(Number(new URL(redis.url).port));
    const [a, b, c] = await someNodes(
      [redis.url, `redis://127.0.0.1:${relay.port}`, redis.url],
      { redisStreamMaxLen: 100 },
      3,
    );
    await register(a!.url, 'own');
    const ann = await register(a!.url, 'ann');
    const bob = await register(b!.url, 'bob');
    const annOnA = await connect(a!.url, ann.token);
    const annOnB = await connect(b!.url, ann.token);
    const bobOnB = await connect(b!.url, bob.token);
    await linked(a!, bobOnB);
    const side = await request(annOnA, 'room:create', { name: 'side', kind: 'public' });
    const annOnBChannels = () => b!.server.io.of('/').sockets.get(annOnB.id ?? '')?.rooms;
    await vi.waitFor(() => expect(annOnBChannels()?.has(roomChannel(side.room.id))).toBe(true));
    const heard: number[] = [];
    untyped(bobOnB).on('cluster:burst', (i: number) => heard.push(i));
    const resyncs: number[] = [];
    untyped(bobOnB).on('server:resync', ({ since }: { since: number }) => resyncs.push(since));
    const live: string[] = [];
    bobOnB.on('message', (m: Message) => live.push(m.text));

    // Stalled, but less far behind than the stream keeps: it reads everything, and says nothing.
    relay.hold();
    burst(a!, 'cluster:burst', 0, 50);
    await sleep(300);
    relay.release();
    await until(() => heard.length === 50);
    await sleep(1_200);
    expect(resyncs).toEqual([]);

    // Stalled while A sends a message and ann leaves #side there, and then C writes thousands
    // of entries: the stream drops all of A's before B reads them. B reads C's last ones, new
    // to it (C had written nothing before), and finds no gap yet.
    relay.hold();
    // The first of these ends B's blocked read: that answer waits in the relay, and B gets it.
    burst(a!, 'cluster:burst', 50, 100);
    await sleep(100);
    const sent = await request<{ ok: boolean; message?: Message }>(annOnA, 'message:send', {
      roomId: 1,
      text: 'lost in the stream',
      clientId: randomUUID(),
    });
    expect(sent.ok).toBe(true);
    expect((await request(annOnA, 'room:leave', { roomId: side.room.id })).ok).toBe(true);
    burst(a!, 'cluster:burst', 150, 100);
    burst(c!, 'cluster:flood', 0, 3_000);
    await sleep(500);
    relay.release();
    await sleep(1_500);
    expect(resyncs).toEqual([]);
    // The gap was real: the message and ann's leave never reached B.
    expect(heard.filter((i) => i >= 150)).toEqual([]);
    expect(live).not.toContain('lost in the stream');
    expect(annOnBChannels()?.has(roomChannel(side.room.id))).toBe(true);

    // A writes again, later: its numbers jump, and B tells its sockets once, from before A's
    // lost entries (not from C's, read since), and reads its sockets' rooms again.
    burst(a!, 'cluster:burst', 250, 1);
    await until(() => resyncs.length > 0);
    expect(resyncs).toHaveLength(1);
    expect(resyncs[0]).toBeLessThanOrEqual(sent.message!.createdAt);
    await vi.waitFor(() => expect(annOnBChannels()?.has(roomChannel(side.room.id))).toBe(false), {
      timeout: 5_000,
    });
    await sleep(1_200);
    expect(resyncs).toHaveLength(1);
  });
});
