import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { CliServer } from '../cli-server';
import { startHaproxy, type BalancerService } from '../services/haproxy.js';
import { startPostgres, type PostgresService } from '../services/postgres.js';
import { startRedis, type RedisService } from '../services/redis.js';
import { expect, send, shownTexts, signUp, test } from './fixtures';

/**
 * Chromium through HAProxy (docs/deploy/haproxy.cfg, as shipped) in front of three CLI nodes on
 * PostgreSQL and Redis. The browser's WebSockets are refused, so the web client stays on
 * long-polling, where every request of an engine.io session must reach the node that made it:
 * only the balancer's sticky cookie sends them there (`balance leastconn` alone spreads them).
 */
let postgres: PostgresService;
let redis: RedisService;
const stops: Array<() => Promise<void>> = [];

test.beforeAll(async () => {
  [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
});
test.afterAll(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()));
  await Promise.all([postgres?.stop(), redis?.stop()]);
});

async function threeNodes(): Promise<{ nodes: CliServer[]; balancer: BalancerService }> {
  const args = ['--database', await postgres.createDatabase(), '--redis', redis.url];
  const nodes: CliServer[] = [];
  for (let i = 0; i < 3; i++) {
    const node = new CliServer(
      [
        ...args,
        ...['--trust-proxy', 'loopback', '--web', 'dist/renderer', '--name', 'Cluster'],
        ...['--no-tls', '--no-advertise', '--log-level', 'warn'],
      ],
      undefined,
      { PARLEY_JWT_SECRET: 'cluster secret for the balancer test, 32+ bytes long' },
    );
    stops.push(() => node.dispose());
    await node.start();
    nodes.push(node);
  }
  const hosts = nodes.map((n) => `127.0.0.1:${n.port}`) as [string, string, string];
  const balancer = await startHaproxy(hosts);
  stops.push(balancer.stop);
  return { nodes, balancer };
}

test('a browser on long-polling chats and types through the balancer, held to one node', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const { nodes, balancer } = await threeNodes();
  const setupCode = /Setup code for the owner account[^\n]*\n\s+(\S+)\n/.exec(
    nodes[0]!.output,
  )?.[1];
  const registered = await fetch(`${nodes[0]!.url}/api/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'ann', password: 'correct horse', setupCode }),
  });
  expect(registered.status).toBe(201);
  const { token } = (await registered.json()) as { token: string };
  // Ann straight on the third node, over WebSocket.
  const ann: Socket = io(nodes[2]!.url, { auth: { token }, transports: ['websocket'] });
  stops.push(async () => void ann.close());
  await new Promise<void>((resolve, reject) => {
    ann.once('connect', resolve);
    ann.once('connect_error', reject);
  });

  const context = await browser.newContext();
  // No WebSocket ever opens: the upgrade fails and the client keeps polling.
  await context.routeWebSocket(/\/socket\.io\//, (ws) => ws.close());
  const polls: number[] = [];
  context.on('requestfinished', (request) => {
    if (!request.url().includes('transport=polling')) return;
    void request.response().then((response) => polls.push(response?.status() ?? 0));
  });
  const page = await context.newPage();
  await page.goto(balancer.url);
  await signUp(page, 'bob', 'Bob');

  for (let i = 0; i < 5; i++) {
    await new Promise<void>((resolve, reject) =>
      ann.emit(
        'message:send',
        { roomId: 1, text: `from ann ${i}`, clientId: randomUUID() },
        (ack: { ok: boolean }) => (ack.ok ? resolve() : reject(new Error(JSON.stringify(ack)))),
      ),
    );
    await expect(shownTexts(page).last()).toHaveText(`from ann ${i}`);
    const heard = new Promise<{ text: string; author: { username: string } }>((resolve) =>
      ann.once('message', resolve),
    );
    await send(page, `from bob ${i}`);
    expect(await heard).toMatchObject({ text: `from bob ${i}`, author: { username: 'bob' } });
  }
  // Typing both ways, across the nodes: ann's shows in the browser, bob's reaches ann.
  ann.emit('typing', { roomId: 1, typing: true });
  await expect(page.getByText('ann is typing…')).toBeVisible();
  const typing = new Promise<{ user: { username: string }; typing: boolean }>((resolve) =>
    ann.on('typing', (event: { user: { username: string }; typing: boolean }) => {
      if (event.typing) resolve(event);
    }),
  );
  await page.getByRole('textbox', { name: /^Message / }).fill('typing…');
  expect((await typing).user.username).toBe('bob');
  await expect(page.getByText('Connection lost')).toHaveCount(0);
  // Every poll and post of the session reached its node: one sent elsewhere is a 400 (unknown
  // session) and a reconnect. And it was polling all along.
  expect(polls.length).toBeGreaterThan(15);
  expect(polls.filter((status) => status !== 200)).toEqual([]);
  const cookies = await context.cookies(balancer.url);
  expect(cookies.map((c) => c.name)).toContain('parley_node');
});
