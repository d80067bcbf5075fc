import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RedisService } from '../services/redis.js';
import { linked, twoNodes } from '../server/cluster-link.js';
import { connect, register, request, type Client } from '../server/helpers.js';
import { signedInClient, texts, until } from './client-helpers.js';

let redis: RedisService;
beforeAll(async () => {
  redis = await startRedis({ aof: false });
}, 30_000);
afterAll(() => redis?.stop());

describe('ChatClient on a node whose link to the others broke', () => {
  // A broadcast in flight when Redis dies without AOF is gone from every node's stream: the
  // socket stays connected and would never hear of the message. The node asks its sockets to
  // catch up once Redis is back (`server:resync`), and the client does.
  it('catches up a message whose broadcast Redis lost, without a reconnect', async () => {
    const [a, b] = await twoNodes(redis.url);
    await register(a.url, 'own');
    const ann = await register(a.url, 'ann');
    const annOnA = await connect(a.url, ann.token);
    const { client } = await signedInClient(b.url, 'bob');
    client.start();
    await until(client, (s) => s.connection.kind === 'connected' && s.rooms[1]?.loaded === true);
    await linked(a, client.socket as unknown as Client);
    const say = (text: string) =>
      request<{ ok: boolean }>(annOnA, 'message:send', { roomId: 1, text, clientId: randomUUID() });
    expect((await say('before')).ok).toBe(true);
    await until(client, (s) => texts(s).includes('before'));
    // Redis stops answering; the message is stored and acknowledged, its broadcast waits on
    // Redis's socket; Redis dies without reading it and comes back empty.
    redis.pause();
    expect((await say('lost in Redis')).ok).toBe(true);
    await redis.restart({ kill: true });
    // Sends go on: a message that arrives live before the catch-up runs must not hide the gap
    // (catch-up reads from the newest message held from before the link broke, not after it).
    expect((await say('after the gap')).ok).toBe(true);
    await until(
      client,
      (s) => texts(s).includes('lost in Redis') && texts(s).includes('after the gap'),
      15_000,
    );
    const caught = client.getState();
    expect(texts(caught)).toEqual(['before', 'lost in Redis', 'after the gap']);
    expect(client.socket.connected).toBe(true);
  }, 40_000);
});
