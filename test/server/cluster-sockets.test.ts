import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RedisService } from '../services/redis.js';
import { twoNodes } from './cluster-link.js';
import {
  connect,
  next,
  openSocket,
  refusal,
  register,
  request,
  sleep,
  type TestServer,
} from './helpers.js';

let redis: RedisService;
beforeAll(async () => {
  redis = await startRedis();
}, 30_000);
afterAll(() => redis?.stop());

type Presence = { online: Array<{ username: string }> };
const shows = (name: string) => (event: Presence) => event.online.some((u) => u.username === name);

/**
 * Bob on node b, then ann on node a: resolves with their sockets once each node knows the other
 * (a heartbeat of each has found the other), which each shows by the other's person online.
 */
async function meet(a: TestServer, b: TestServer, annToken: string, bobToken: string) {
  const bobSocket = await connect(b.url, bobToken);
  const bobSeesAnn = next<Presence>(bobSocket, 'presence', shows('ann'), 10_000);
  // Listened for before the handshake ends: the first list comes with the join.
  const annSocket = openSocket(a.url, { auth: { token: annToken } });
  await Promise.all([bobSeesAnn, next<Presence>(annSocket, 'presence', shows('bob'), 10_000)]);
  return { annSocket, bobSocket };
}

describe('the socket cap across nodes', () => {
  it('counts a user’s sockets on every node, and frees a place when one closes', async () => {
    const [a, b] = await twoNodes(redis.url, { socketsPerUser: 3 });
    const ann = await register(a.url, 'ann');
    const bob = await register(b.url, 'bob');
    const first = (await meet(a, b, ann.token, bob.token)).annSocket;
    await connect(a.url, ann.token);
    await connect(b.url, ann.token);
    // Each node holds fewer than 3 of hers, but together they hold 3.
    for (const node of [a, b])
      expect((await refusal(node.url, { auth: { token: ann.token } })).code).toBe(
        'too_many_connections',
      );
    // Another user's sockets are their own.
    await connect(a.url, bob.token);
    first.disconnect();
    // The count on node a drops in Redis in the background: node b admits her soon after.
    let admitted = false;
    for (let i = 0; i < 20 && !admitted; i++) {
      const socket = openSocket(b.url, { auth: { token: ann.token } });
      admitted = await new Promise<boolean>((resolve) => {
        socket.once('connect', () => resolve(true));
        socket.once('connect_error', () => resolve(false));
      });
      if (!admitted) await sleep(100);
    }
    expect(admitted).toBe(true);
  });

  it('shows the admin panel who is online on any node', async () => {
    const [a, b] = await twoNodes(redis.url);
    const ann = await register(a.url, 'ann'); // the first account: the owner
    const bob = await register(b.url, 'bob');
    const { annSocket: ownOnA, bobSocket: bobOnB } = await meet(a, b, ann.token, bob.token);
    const bobOnline = async () => {
      const page = await request(ownOnA, 'admin:users', {});
      expect(page.ok).toBe(true);
      return page.users.find((user: { username: string }) => user.username === 'bob')?.online;
    };
    expect(await bobOnline()).toBe(true);
    bobOnB.disconnect();
    let online = true;
    for (let i = 0; i < 20 && online; i++) {
      await sleep(100);
      online = await bobOnline();
    }
    expect(online).toBe(false);
  });

  it('counts them again after Redis restarts without its data', async () => {
    const own = await startRedis();
    try {
      const [a, b] = await twoNodes(own.url, { socketsPerUser: 2 });
      const ann = await register(a.url, 'ann');
      const bob = await register(b.url, 'bob');
      await meet(a, b, ann.token, bob.token);
      await connect(a.url, ann.token);
      expect((await refusal(b.url, { auth: { token: ann.token } })).code).toBe(
        'too_many_connections',
      );
      await own.restart({ kill: true }); // no AOF: node a's counts are gone
      // Node a writes its counts again once it is back: node b refuses her third socket again.
      let code = '';
      for (let i = 0; i < 50 && code !== 'too_many_connections'; i++) {
        const socket = openSocket(b.url, { auth: { token: ann.token } });
        code = await new Promise<string>((resolve) => {
          socket.once('connect', () => resolve('connected'));
          socket.once('connect_error', (error: Error & { data?: { code: string } }) =>
            resolve(error.data?.code ?? error.message),
          );
        });
        socket.disconnect();
        if (code !== 'too_many_connections') await sleep(200);
      }
      expect(code).toBe('too_many_connections');
    } finally {
      await own.stop();
    }
  }, 30_000);
});
