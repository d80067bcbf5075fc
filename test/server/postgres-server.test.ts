import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createChatServer } from '../../server/create-chat-server.js';
import { openChatServer } from '../../server/open-chat-server.js';
import type { Message } from '../../server/protocol.js';
import { useClusterServices } from '../services/cluster-services.js';
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
  type Client,
} from './helpers.js';

const services = useClusterServices();

const secret = () => randomUUID() + randomUUID();
const send = (socket: Client, roomId: number, text: string, clientId: string = randomUUID()) =>
  request<{ ok: boolean; message?: Message; error?: { code: string } }>(socket, 'message:send', {
    roomId,
    text,
    clientId,
  });

/** Polls `check` every 100 ms for up to `ms`; resolves with whether it came true. */
async function until(check: () => Promise<boolean>, ms = 15_000): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(100))
    if (await check().catch(() => false)) return true;
  return false;
}

describe('the database option', () => {
  it('takes a postgres:// URL with a jwtSecret, and only through openChatServer', async () => {
    const dataDir = tempDir();
    await expect(
      openChatServer({ dataDir, database: 'mysql://x', jwtSecret: secret() }),
    ).rejects.toThrow(/"database" must be a postgres:\/\/ or postgresql:\/\/ URL/);
    await expect(openChatServer({ dataDir, database: 'postgres://x/y' })).rejects.toThrow(
      /"jwtSecret" must be given when database is/,
    );
    expect(() =>
      createChatServer({ dataDir, database: 'postgres://x/y', jwtSecret: secret() }),
    ).toThrow(/needs openChatServer/);
  });
});

describe('a node on PostgreSQL', () => {
  it('keeps everything there: a second node on the same database is the same server', async () => {
    const database = await services.postgres.createDatabase();
    const jwtSecret = secret();
    const a = await startServer({ database, jwtSecret });
    const b = await startServer({ database, jwtSecret });
    expect(b.server.serverId).toBe(a.server.serverId);
    const ann = await register(a.url, 'ann', { setupCode: await a.server.setupCode() });
    // A token node A signed opens a socket on node B, and B's history has what A stored.
    const onA = await connect(a.url, ann.token);
    const sent = await send(onA, 1, 'stored in PostgreSQL');
    expect(sent.ok).toBe(true);
    const onB = await connect(b.url, ann.token);
    const page = await request<{ ok: boolean; messages: Message[] }>(onB, 'message:history', {
      roomId: 1,
      limit: 10,
    });
    expect(page.messages.map((m) => [m.id, m.text, m.author.username])).toEqual([
      [sent.message?.id, 'stored in PostgreSQL', 'ann'],
    ]);
  });
});

describe('two nodes on PostgreSQL and Redis', () => {
  it('chat across nodes, and a logout on one cuts the session off on the other', async () => {
    const database = await services.postgres.createDatabase();
    const shared = { database, jwtSecret: secret(), redis: services.redis.url };
    const a = await startServer(shared);
    const b = await startServer(shared);
    const ann = await register(a.url, 'ann', { setupCode: await a.server.setupCode() });
    const bob = await register(b.url, 'bob');
    const annOnA = await connect(a.url, ann.token);
    const bobOnB = await connect(b.url, bob.token);
    // The adapters' link is up once one message crosses; until then one may be missed live.
    expect(
      await until(async () => {
        const heard = next<Message>(bobOnB, 'message', () => true, 300);
        await send(annOnA, 1, 'ping');
        return heard.then(() => true);
      }),
    ).toBe(true);
    const live = next<Message>(bobOnB, 'message', (m) => m.text === 'across');
    await send(annOnA, 1, 'across');
    expect((await live).author.username).toBe('ann');
    const gone = disconnected(bobOnB, 1000);
    expect((await http(a.url, '/api/logout', { body: {}, token: bob.token })).status).toBe(204);
    await gone;
  });
});

describe('a node whose PostgreSQL restarts', () => {
  it('answers unavailable meanwhile, says so on /healthz, and recovers by itself', async () => {
    const database = await services.postgres.createDatabase();
    const node = await startServer({ database, jwtSecret: secret() });
    const ann = await register(node.url, 'ann', { setupCode: await node.server.setupCode() });
    const socket = await connect(node.url, ann.token);
    expect((await send(socket, 1, 'before')).ok).toBe(true);
    services.postgres.halt();
    try {
      // HTTP: 503 with the code; a socket event: the same code in its ack. Nothing crashes.
      const login = await http(node.url, '/api/login', {
        body: { username: 'ann', password: 'correct horse' },
      });
      expect(login.status).toBe(503);
      expect(login.body).toMatchObject({ error: { code: 'unavailable' } });
      const refused = await send(socket, 1, 'while down', 'retry-me');
      expect(refused).toMatchObject({ ok: false, error: { code: 'unavailable' } });
      const failing = async (path: string) =>
        (await http<{ failing?: string }>(node.url, path)).body.failing === 'database';
      expect(await until(() => failing('/healthz'))).toBe(true);
      expect(await failing('/readyz')).toBe(true);
    } finally {
      services.postgres.resume();
    }
    // Back without a restart of the node: the same socket sends again (the retry stored once).
    expect(await until(async () => (await send(socket, 1, 'while down', 'retry-me')).ok)).toBe(
      true,
    );
    expect(await until(async () => (await http(node.url, '/readyz')).status === 200)).toBe(true);
    const page = await request<{ messages: Message[] }>(socket, 'message:history', {
      roomId: 1,
      limit: 10,
    });
    expect(page.messages.map((m) => m.text)).toEqual(['before', 'while down']);
  }, 60_000);
});
