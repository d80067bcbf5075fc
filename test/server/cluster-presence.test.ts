import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { UserRef } from '../../server/protocol.js';
import { useClusterServices } from '../services/cluster-services.js';
import { startRedis } from '../services/redis.js';
import { CliServer } from '../cli-server.js';
import { linked, twoNodes } from './cluster-link.js';
import { connect, next, register, request, sleep, startServer, type Client } from './helpers.js';

const services = useClusterServices();

type PresenceEvent = { roomId: number; online: UserRef[] };
const names = (event: PresenceEvent) => event.online.map((user) => user.username).sort();

/** The next `presence` for room 1 whose online list is exactly `expected`. */
const presenceOf = (socket: Client, expected: string[], timeoutMs = 5000) =>
  next<PresenceEvent>(
    socket,
    'presence',
    (event) => event.roomId === 1 && names(event).join() === [...expected].sort().join(),
    timeoutMs,
  );

describe('presence across nodes on PostgreSQL and Redis', () => {
  it('shows members online on the other node, and their going', async () => {
    const database = await services.postgres.createDatabase();
    const shared = { database, jwtSecret: randomUUID() + randomUUID(), redis: services.redis.url };
    const a = await startServer(shared);
    const b = await startServer(shared);
    await register(a.url, 'own', { setupCode: await a.server.setupCode() });
    const ann = await register(a.url, 'ann');
    const bob = await register(b.url, 'bob');
    const bobOnB = await connect(b.url, bob.token);
    await linked(a, bobOnB);
    const both = presenceOf(bobOnB, ['ann', 'bob']);
    const annOnA = await connect(a.url, ann.token);
    await both;
    // The members panel on node B counts ann as online too.
    const page = await request<{ members: Array<UserRef & { online: boolean }> }>(
      bobOnB,
      'room:members',
      { roomId: 1 },
    );
    const online = page.members.filter((m) => m.online).map((m) => m.username);
    expect(online.sort()).toEqual(['ann', 'bob']);
    const alone = presenceOf(bobOnB, ['bob']);
    annOnA.disconnect();
    await alone;
  });

  it('drops the users of a node killed outright once its keys expire', async () => {
    const database = await services.postgres.createDatabase();
    const jwtSecret = randomUUID() + randomUUID();
    const a = new CliServer(
      ['--database', database, '--redis', services.redis.url, '--no-tls', '--no-advertise'],
      undefined,
      { PARLEY_JWT_SECRET: jwtSecret },
    );
    try {
      await a.start();
      const b = await startServer({ database, jwtSecret, redis: services.redis.url });
      const setupCode = /Setup code for the owner account[^\n]*\n\s+(\S+)\n/.exec(a.output)?.[1];
      const ann = await register(a.url, 'ann', { setupCode });
      const bob = await register(b.url, 'bob');
      const bobOnB = await connect(b.url, bob.token);
      const both = presenceOf(bobOnB, ['ann', 'bob'], 10_000);
      await connect(a.url, ann.token);
      await both;
      // No clean shutdown: nothing tells the others; Redis expires the node's keys (10 s), and
      // the next heartbeat of node B (every 3 s) finds it gone. Generous: a loaded machine is slow.
      const alone = presenceOf(bobOnB, ['bob'], 30_000);
      await a.kill();
      await alone;
    } finally {
      await a.dispose();
    }
  }, 60_000);

  it("writes a node's share again after Redis restarts without its data", async () => {
    const redis = await startRedis({ aof: false });
    try {
      const [a, b] = await twoNodes(redis.url);
      await register(a.url, 'own');
      const ann = await register(a.url, 'ann');
      const bob = await register(b.url, 'bob');
      const bobOnB = await connect(b.url, bob.token);
      await linked(a, bobOnB);
      const both = presenceOf(bobOnB, ['ann', 'bob']);
      await connect(a.url, ann.token);
      await both;
      await redis.restart();
      // Every share is gone with the restart; node A finds its own missing at a heartbeat and
      // writes it again, and node B counts ann as online once more.
      const onlineOnB = async () =>
        (
          await request<{ members: Array<UserRef & { online: boolean }> }>(bobOnB, 'room:members', {
            roomId: 1,
          })
        ).members
          .filter((m) => m.online)
          .map((m) => m.username)
          .sort()
          .join();
      let seen = '';
      for (
        const end = Date.now() + 20_000;
        Date.now() < end && seen !== 'ann,bob';
        await sleep(300)
      )
        seen = await onlineOnB().catch(() => '');
      expect(seen).toBe('ann,bob');
    } finally {
      await redis.stop();
    }
  }, 40_000);
});
