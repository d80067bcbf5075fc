import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Message } from '../../server/protocol.js';
import { clusterScale } from '../services/cluster-scale.js';
import { startRedis, type RedisService } from '../services/redis.js';
import { linked, twoNodes } from './cluster-link.js';
import { connect, next, register, request, sleep, untyped, type Client } from './helpers.js';

let redis: RedisService | undefined;
afterEach(async () => {
  await redis?.stop();
  redis = undefined;
});

const send = (socket: Client, text: string) =>
  request<{ ok: boolean; message?: Message }>(socket, 'message:send', {
    roomId: 1,
    text,
    clientId: randomUUID(),
  });

/** Every message of room 1 after `after`, paged. */
async function historyAfter(socket: Client, after: number): Promise<Message[]> {
  const all: Message[] = [];
  for (let from = after; ;) {
    const page = await request<{ messages: Message[] }>(socket, 'message:history', {
      roomId: 1,
      after: from,
      limit: 100,
    });
    all.push(...page.messages);
    const last = page.messages.at(-1);
    if (!last) return all;
    from = last.id;
  }
}

describe.each([
  { aof: true, how: 'with AOF (its stream kept)' },
  { aof: false, how: 'without AOF (its stream lost)' },
])('Redis restarted in a send storm, $how', ({ aof }) => {
  it(
    'resumes broadcasts on both nodes, tells their sockets when the gap began, and loses no acknowledged message',
    async () => {
      redis = await startRedis({ aof });
      const [a, b] = await twoNodes(redis.url);
      await register(a.url, 'own');
      const ann = await register(a.url, 'ann');
      const bob = await register(b.url, 'bob');
      const annOnA = await connect(a.url, ann.token);
      const bobOnB = await connect(b.url, bob.token);
      await linked(a, bobOnB);
      const live = new Set<number>();
      bobOnB.on('message', (m: Message) => live.add(m.id));
      const resyncs: number[] = [];
      untyped(bobOnB).on('server:resync', ({ since }: { since: number }) => resyncs.push(since));
      const acked: number[] = [];
      let stop = false;
      const storm = (async () => {
        for (let i = 0; !stop; i++) {
          const ack = await send(annOnA, `m${i}`).catch(() => undefined);
          if (ack?.ok && ack.message) acked.push(ack.message.id);
          await sleep(10);
        }
      })();
      await sleep(clusterScale(700, 10_000));
      const before = acked.length;
      const restarted = Date.now();
      await redis.restart();
      await sleep(clusterScale(1500, 10_000));
      stop = true;
      await storm;
      // Sends went on through the restart: they are stored, whatever Redis does.
      expect(acked.length).toBeGreaterThan(before + 10);
      // Broadcasts resume: a message sent now reaches the other node live.
      let resumed = false;
      for (let i = 0; i < 100 && !resumed; i++) {
        const heard = next<Message>(bobOnB, 'message', (m) => m.text === `after ${i}`, 300);
        await send(annOnA, `after ${i}`);
        resumed = await heard.then(
          () => true,
          () => false,
        );
      }
      expect(resumed).toBe(true);
      // Both nodes lost Redis for a moment: the socket on B was told to catch up, from when the
      // link broke (the web client reads each room from there: chat-client-resync.test.ts).
      expect(resyncs.length).toBeGreaterThanOrEqual(1);
      for (const since of resyncs) {
        expect(since).toBeGreaterThanOrEqual(restarted - 1000);
        expect(since).toBeLessThanOrEqual(Date.now());
      }
      // Nothing acknowledged was lost, nor stored twice, whatever Redis lost.
      const stored = (await historyAfter(bobOnB, 0)).map((m) => m.id);
      expect(acked.filter((id) => !stored.includes(id))).toEqual([]);
      expect(new Set(stored).size).toBe(stored.length);
    },
    clusterScale(60_000, 180_000),
  );
});
