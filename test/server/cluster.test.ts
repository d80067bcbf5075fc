import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChatServer } from '../../server/create-chat-server.js';
import type { Message } from '../../server/protocol.js';
import { openSqliteStore } from '../../server/storage/sqlite/sqlite-store.js';
import { startRedis, type RedisService } from '../services/redis.js';
import {
  connect,
  disconnected,
  http,
  next,
  register,
  request,
  sleep,
  startServer,
  tempDir,
  untyped,
  type Client,
} from './helpers.js';
import { linked, twoNodes } from './cluster-link.js';

let redis: RedisService;
beforeAll(async () => {
  redis = await startRedis();
}, 30_000);
afterAll(() => redis?.stop());

const send = (socket: Client, roomId: number, text: string) =>
  request<{ ok: boolean; message: Message }>(socket, 'message:send', {
    roomId,
    text,
    clientId: randomUUID(),
  });

/** Every message `socket` receives in room `roomId`, as single events or batches, in order. */
function received(socket: Client, roomId: number): string[] {
  const texts: string[] = [];
  untyped(socket).on('message', (m: Message) => m.roomId === roomId && texts.push(m.text));
  untyped(socket).on('messages', (batch: Message[]) => {
    for (const m of batch) if (m.roomId === roomId) texts.push(m.text);
  });
  return texts;
}

describe('the redis option', () => {
  it('takes a redis:// URL, and only with a jwtSecret that every node shares', async () => {
    const secret = randomUUID() + randomUUID();
    await expect(
      startServer({ redis: 'http://127.0.0.1:6379', jwtSecret: secret }),
    ).rejects.toThrow(/"redis" must be a redis:\/\/ or rediss:\/\/ URL/);
    await expect(startServer({ redis: 'not a url', jwtSecret: secret })).rejects.toThrow(/"redis"/);
    await expect(startServer({ redis: redis.url })).rejects.toThrow(/"jwtSecret" must be given/);
    // createChatServer is synchronous and never loads the Redis client: a single node skips it.
    expect(() =>
      createChatServer({ dataDir: tempDir(), redis: redis.url, jwtSecret: secret }),
    ).toThrow(/"redis" needs openChatServer/);
  });
});

describe('two deployments on one Redis', () => {
  it("never hear each other, even a copy restored from the other one's backup", async () => {
    // Y starts from a copy of X's database: the same server id, but a secret of its own.
    const dirX = tempDir();
    await openSqliteStore(dirX).close();
    const dirY = tempDir();
    cpSync(dirX, dirY, { recursive: true });
    const x = await startServer({
      dataDir: dirX,
      jwtSecret: randomUUID() + randomUUID(),
      redis: redis.url,
    });
    const y = await startServer({
      dataDir: dirY,
      jwtSecret: randomUUID() + randomUUID(),
      redis: redis.url,
    });
    expect(y.server.serverId).toBe(x.server.serverId);
    const ann = await register(x.url, 'ann', { setupCode: await x.server.setupCode() });
    const bob = await register(y.url, 'bob', { setupCode: await y.server.setupCode() });
    const annOnX = await connect(x.url, ann.token);
    const bobOnY = await connect(y.url, bob.token);
    const heard = received(bobOnY, 1);
    await send(annOnX, 1, 'for X only');
    await sleep(500);
    expect(heard).toEqual([]);
    // Each still works on its own.
    const own = next<Message>(bobOnY, 'message');
    const carol = await connect(y.url, (await register(y.url, 'carol')).token);
    await send(carol, 1, 'for Y');
    expect((await own).text).toBe('for Y');
  });
});

describe('a node whose Redis stops answering', () => {
  it('says so on /healthz within seconds, and recovers when it answers again', async () => {
    const own = await startRedis();
    const node = await startServer({ jwtSecret: randomUUID() + randomUUID(), redis: own.url });
    const health = async () => (await http<{ failing?: string }>(node.url, '/healthz')).body;
    const until = async (want: (body: { failing?: string }) => boolean) => {
      for (let i = 0; i < 100; i++) {
        if (want(await health())) return true;
        await sleep(200);
      }
      return false;
    };
    try {
      expect(await until((body) => body.failing === undefined)).toBe(true);
      // Frozen: its connections stay open, but nothing answers (a partition).
      own.pause();
      expect(await until((body) => body.failing === 'redis')).toBe(true);
      own.resume();
      expect(await until((body) => body.failing === undefined)).toBe(true);
    } finally {
      own.resume();
      await node.close();
      await own.stop();
    }
  }, 60_000);
});

describe('a node whose Redis is gone', () => {
  it('says so on /healthz, and still closes', async () => {
    const gone = await startRedis();
    await gone.stop();
    // A child process, which exits by itself as the CLI does: the adapter's own Redis clients
    // keep trying to reconnect (server/cluster/redis-adapter.ts).
    const code = `import { openChatServer } from './server/index.ts';
      import { mkdtempSync } from 'node:fs';
      import { tmpdir } from 'node:os';
      import { join } from 'node:path';
      const server = await openChatServer({
        dataDir: mkdtempSync(join(tmpdir(), 'parley-redis-gone-')),
        jwtSecret: '${randomUUID() + randomUUID()}',
        redis: '${gone.url}',
        logger: { info() {}, warn() {}, error() {} },
      });
      const { port } = await server.listen(0, '127.0.0.1');
      const health = await fetch('http://127.0.0.1:' + port + '/healthz');
      console.log(health.status, JSON.stringify(await health.json()));
      await server.close();
      console.log('closed');
      process.exit(0);`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code]);
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    const exited = await Promise.race([
      new Promise((resolve) => child.on('exit', resolve)),
      sleep(15_000).then(() => 'still running'),
    ]);
    child.kill('SIGKILL');
    expect(out).toContain('503 {"status":"failing","failing":"redis"}');
    expect(out).toContain('closed');
    expect(exited).toBe(0);
  }, 30_000);
});

describe('two nodes behind one Redis', () => {
  it('delivers messages sent on one node to members on the other, batch-taking sockets too', async () => {
    const [a, b] = await twoNodes(redis.url);
    const ann = await register(a.url, 'ann');
    const bob = await register(b.url, 'bob');
    const annSocket = await connect(a.url, ann.token);
    const bobSingles = await connect(b.url, bob.token);
    const bobBatches = await connect(b.url, bob.token, { auth: { token: bob.token, batch: true } });
    await linked(a, bobSingles);
    const general = 1;
    const singles = received(bobSingles, general);
    const batched = received(bobBatches, general);
    // A burst: with several nodes nothing is held for a batch (room-batches.ts), so every
    // message reaches both sockets, in order.
    const texts = Array.from({ length: 12 }, (_, i) => `m${i}`);
    const acks = await Promise.all(texts.map((text) => send(annSocket, general, text)));
    expect(acks.every((ack) => ack.ok)).toBe(true);
    for (let i = 0; i < 100 && (singles.length < 12 || batched.length < 12); i++) await sleep(20);
    expect(singles).toEqual(texts);
    expect(batched).toEqual(texts);
  });

  it("brings a user's sockets on every node into a room they join on one", async () => {
    const [a, b] = await twoNodes(redis.url);
    const ann = await register(a.url, 'ann');
    const bob = await register(a.url, 'bob');
    const annSocket = await connect(a.url, ann.token);
    const bobOnA = await connect(a.url, bob.token);
    const bobOnB = await connect(b.url, bob.token);
    await linked(a, bobOnB);
    await linked(b, bobOnA);
    const created = await request(annSocket, 'room:create', { name: 'plans', kind: 'public' });
    const roomId: number = created.room.id;
    // Bob joins on node B; his socket on node A must follow, before the next message.
    expect(await request(bobOnB, 'room:join', { roomId })).toMatchObject({ ok: true });
    const onA = next<Message>(bobOnA, 'message', (m) => m.roomId === roomId);
    await send(annSocket, roomId, 'welcome');
    expect((await onA).text).toBe('welcome');
    // Leaving on node A takes his socket on node B out of the room too.
    const left = next(bobOnB, 'room:left', (p: { roomId: number }) => p.roomId === roomId);
    expect(await request(bobOnA, 'room:leave', { roomId })).toMatchObject({ ok: true });
    await left;
    const nothing = received(bobOnB, roomId);
    await send(annSocket, roomId, 'after');
    await sleep(300);
    expect(nothing).toEqual([]);
  });

  it("cuts off a session's socket on the other node within a second of logging out", async () => {
    const [a, b] = await twoNodes(redis.url);
    await register(a.url, 'own');
    const bob = await register(a.url, 'bob');
    const other = await http<{ token: string }>(a.url, '/api/login', {
      body: { username: 'bob', password: 'correct horse' },
    });
    const bobOnB = await connect(b.url, bob.token);
    const otherOnB = await connect(b.url, other.body.token);
    await linked(a, bobOnB);
    const revoked = next<{ code: string }>(bobOnB, 'auth:revoked');
    const gone = disconnected(bobOnB, 1000);
    const started = Date.now();
    expect((await http(a.url, '/api/logout', { body: {}, token: bob.token })).status).toBe(204);
    expect(await revoked).toEqual({ code: 'token_revoked' });
    await gone;
    expect(Date.now() - started).toBeLessThan(1000);
    // Only that session: the same user's other session lives on.
    await sleep(200);
    expect(otherOnB.connected).toBe(true);
  });

  it("cuts off a banned user's sockets on every node", async () => {
    const [a, b] = await twoNodes(redis.url);
    const owner = await register(a.url, 'own');
    const bob = await register(a.url, 'bob');
    const bobOnB = await connect(b.url, bob.token);
    await linked(a, bobOnB);
    const revoked = next<{ code: string }>(bobOnB, 'auth:revoked');
    const gone = disconnected(bobOnB, 1000);
    const ban = await http(a.url, '/api/admin/ban', {
      body: { username: 'bob', reason: 'spam' },
      token: owner.token,
    });
    expect(ban.status).toBe(200);
    expect(await revoked).toMatchObject({ code: expect.stringMatching(/banned|revoked/) });
    await gone;
  });

  it("holds a user's sockets on every node to their new name", async () => {
    const [a, b] = await twoNodes(redis.url);
    const ann = await register(a.url, 'ann');
    const bob = await register(a.url, 'bob');
    const annOnA = await connect(a.url, ann.token);
    const annOnB = await connect(b.url, ann.token);
    const bobOnA = await connect(a.url, bob.token);
    await linked(a, annOnB);
    await request(annOnA, 'profile:update', { displayName: 'Ann Lee' });
    // Typing carries the name the socket holds: her socket on node B must come to hold the new
    // one (it travels by pub/sub, unordered with the stream: asked until it shows, for 2 s).
    let shown = '';
    for (let i = 0; i < 20 && shown !== 'Ann Lee'; i++) {
      const typing = next<{ user: { displayName: string } }>(bobOnA, 'typing');
      untyped(annOnB).emit('typing', { roomId: 1, typing: i % 2 === 0 });
      shown = (await typing).user.displayName;
      if (shown !== 'Ann Lee') await sleep(100);
    }
    expect(shown).toBe('Ann Lee');
  });
});
