import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Message } from '../../server/protocol.js';
import { startHaproxy, type BalancerService } from '../services/haproxy.js';
import { useClusterServices } from '../services/cluster-services.js';
import { next, openSocket, register, request, startServer } from './helpers.js';

const services = useClusterServices();
const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()));
});

describe('three nodes behind HAProxy (docs/deploy/haproxy.cfg)', () => {
  it('keeps a long-polling client on one node (its cookie), chatting with the others', async () => {
    const shared = {
      database: await services.postgres.createDatabase(),
      jwtSecret: randomUUID() + randomUUID(),
      redis: services.redis.url,
      trustProxy: ['loopback'],
    };
    const nodes = [await startServer(shared), await startServer(shared), await startServer(shared)];
    const hosts = nodes.map((n) => new URL(n.url).host) as [string, string, string];
    const balancer: BalancerService = await startHaproxy(hosts);
    stops.push(balancer.stop);
    const ann = await register(nodes[0]!.url, 'ann', {
      setupCode: await nodes[0]!.server.setupCode(),
    });
    const bob = await register(balancer.url, 'bob');
    // Polling only, with a cookie jar (withCredentials in Node): every request of its session
    // must reach the node that made the session, or engine.io answers 400 "Session ID unknown".
    const polling = openSocket(balancer.url, {
      auth: { token: bob.token },
      transports: ['polling'],
      withCredentials: true,
    });
    await new Promise<void>((resolve, reject) => {
      polling.once('connect', resolve);
      polling.once('connect_error', reject);
    });
    const annSocket = openSocket(nodes[2]!.url, { auth: { token: ann.token } });
    await new Promise<void>((resolve) => annSocket.once('connect', () => resolve()));
    // Many polling round trips: any one sent to another node would end the session.
    for (let i = 0; i < 20; i++) {
      const heard = next<Message>(polling, 'message', (m) => m.text === `m${i}`, 3000);
      await request(annSocket, 'message:send', {
        roomId: 1,
        text: `m${i}`,
        clientId: randomUUID(),
      });
      expect((await heard).author.username).toBe('ann');
    }
    expect(polling.connected).toBe(true);
    expect(polling.io.engine.transport.name).toBe('polling');
  }, 60_000);
});
