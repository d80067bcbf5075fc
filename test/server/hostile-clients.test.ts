import { describe, expect, it, vi } from 'vitest';
import { PollingSession, rawRequest, type RawAnswer } from '../raw-http.js';
import {
  connect,
  next,
  refusal,
  register,
  request,
  sleep,
  startServer,
  untyped,
} from './helpers.js';

const opened = (session: PollingSession | RawAnswer): PollingSession => {
  if (session instanceof PollingSession) return session;
  throw new Error(`handshake refused: ${session.status} ${session.body}`);
};

describe('a hostile client at the transport, before any token', () => {
  it('refuses a bad Host or Origin before a session exists, quoting nothing of the request', async () => {
    const { url, server } = await startServer();
    const hugeHost = `${'a'.repeat(15_000)}.example`;
    const refused = await rawRequest(url, '/socket.io/?EIO=4&transport=polling', {
      host: hugeHost,
    });
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body)).toEqual({ code: 4, message: 'host_not_allowed' });
    const foreign = (await PollingSession.open(url, {
      origin: 'https://evil.example',
    })) as RawAnswer;
    expect(foreign.status).toBe(403);
    expect(foreign.body).not.toContain('evil');
    expect(server.io.engine.clientsCount).toBe(0);
    // Over HTTP too, the error names the problem without the header.
    const api = await rawRequest(url, '/api/info', { host: hugeHost });
    expect(api.status).toBe(403);
    expect(api.body.length).toBeLessThan(300);
  });

  it('closes a connection after a few CONNECT attempts instead of answering each one', async () => {
    const { url, server } = await startServer();
    const session = opened(await PollingSession.open(url));
    // 2 bytes in, an error message out: 20,000 of them used to queue hundreds of megabytes.
    const posted = await session.post(Array.from({ length: 20_000 }, () => '40'));
    expect(posted.status).toBe(200);
    await sleep(50);
    const answer = await session.get();
    // Either the session is gone already, or it holds at most the few refusals it was allowed.
    expect(answer.body.length).toBeLessThan(2_000);
    await sleep(50);
    expect(server.io.engine.clientsCount).toBe(0);
  });

  it('caps sessions still in their handshake per address', async () => {
    const { url, server } = await startServer({ handshakesPerIp: 3 });
    const alice = await register(url, 'alice');
    for (let i = 0; i < 3; i++) opened(await PollingSession.open(url));
    const fourth = (await PollingSession.open(url)) as RawAnswer;
    expect(fourth.status).toBe(403);
    expect(JSON.parse(fourth.body).message).toBe('too_many_connections');
    expect(server.io.engine.clientsCount).toBe(3);
    // Sessions that finished their handshake no longer count: close the idle ones, and connect.
    const engine = server.io.engine as unknown as {
      clients: Record<string, { close(d: boolean): void }>;
    };
    for (const client of Object.values(engine.clients)) client.close(true);
    await sleep(20);
    const sockets = [];
    for (let i = 0; i < 5; i++) sockets.push(await connect(url, alice.token));
    expect(sockets.every((socket) => socket.connected)).toBe(true);
  });

  it('drops a polling session that never collects its answers, before the queue grows', async () => {
    const { url, server } = await startServer({
      slowClientLimit: { packets: 5000, bytes: 256 * 1024 },
      eventRate: { perSecond: 10_000, burst: 10_000 },
    });
    const alice = await register(url, 'alice');
    const session = opened(await PollingSession.open(url));
    await session.post([`40${JSON.stringify({ token: alice.token })}`]);
    const connected = await session.get();
    expect(connected.body).toContain('40{"sid"');
    // Each rooms:list answer is small; thousands of them, never collected, pass 256 KiB.
    for (let round = 0; round < 10; round++) {
      const asks = Array.from({ length: 500 }, (_, i) => `42${round * 500 + i}["rooms:list",{}]`);
      if ((await session.post(asks)).status !== 200) break;
    }
    await sleep(100);
    expect(server.io.engine.clientsCount).toBe(0);
    expect(server.io.of('/').sockets.size).toBe(0);
  });
});

describe('a hostile client with an account', () => {
  it('never echoes an event name, and answers no faster than the event budget', async () => {
    const { url } = await startServer({ eventRate: { perSecond: 1, burst: 5 } });
    const alice = await register(url, 'alice');
    const socket = await connect(url, alice.token);
    const errors: unknown[] = [];
    untyped(socket).on('request:error', (payload: unknown) => errors.push(payload));
    const longName = `x${'y'.repeat(10_000)}`;
    const started = Date.now();
    for (let i = 0; i < 50; i++) untyped(socket).emit(longName, {});
    for (let i = 0; i < 50; i++) untyped(socket).emit('typing', { roomId: 'not a number' });
    await sleep(300);
    expect(errors.length).toBeGreaterThan(0);
    // The burst, plus one a second for however long this took on a busy machine.
    expect(errors.length).toBeLessThanOrEqual(5 + Math.ceil((Date.now() - started) / 1000));
    expect(errors[0]).toEqual({ error: { code: 'unknown_event', message: 'Unknown event.' } });
    expect(JSON.stringify(errors)).not.toContain('yyyy');
    // Acknowledged events get rate_limited, also for unknown names, without the name.
    const ack = await request(socket, longName, {});
    expect(ack).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    expect(JSON.stringify(ack)).not.toContain('yyyy');
  });

  it('refuses lone surrogates in message text', async () => {
    const { url } = await startServer();
    const alice = await register(url, 'alice');
    const socket = await connect(url, alice.token);
    const answer = await request(socket, 'message:send', {
      roomId: 1,
      text: `hi \ud800 there`,
      clientId: 'lone',
    });
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    const fine = await request(socket, 'message:send', {
      roomId: 1,
      text: 'hi 👋',
      clientId: 'ok',
    });
    expect(fine.ok).toBe(true);
  });

  it('keeps a history answer small even when every message is as long as allowed', async () => {
    const { url } = await startServer({ messageRate: { perSecond: 10_000, burst: 10_000 } });
    const alice = await register(url, 'alice');
    const socket = await connect(url, alice.token);
    const text = 'é'.repeat(4000);
    for (let i = 0; i < 100; i++)
      await request(socket, 'message:send', { roomId: 1, text, clientId: `m${i}` });
    const newest = await request(socket, 'message:history', { roomId: 1, limit: 100 });
    expect(JSON.stringify(newest).length).toBeLessThan(160 * 1024);
    expect(newest.hasMore).toBe(true);
    const ids: number[] = newest.messages.map((m: { id: number }) => m.id);
    // The newest page keeps the newest messages, oldest first, without gaps.
    expect(ids.at(-1)).toBe(100);
    expect(ids).toEqual(ids.map((_, i) => (ids[0] ?? 0) + i));
    const forward = await request(socket, 'message:history', { roomId: 1, after: 0, limit: 100 });
    expect(forward.messages[0].id).toBe(1);
    expect(forward.hasMore).toBe(true);
    expect(forward.messages.length).toBe(ids.length);
  });

  it('caps the sockets one account may hold open', async () => {
    const { url, server } = await startServer({ socketsPerUser: 3 });
    const alice = await register(url, 'alice');
    const bob = await register(url, 'bob');
    const mine = [];
    for (let i = 0; i < 3; i++) mine.push(await connect(url, alice.token));
    const refused = await refusal(url, { auth: { token: alice.token } });
    expect(refused.code).toBe('too_many_connections');
    // Other people are not affected, and closing one socket frees its place.
    expect((await connect(url, bob.token)).connected).toBe(true);
    mine[0]?.disconnect();
    await vi.waitFor(() => expect(server.io.of('/').sockets.size).toBe(3));
    expect((await connect(url, alice.token)).connected).toBe(true);
  });

  it('closes a connection whose socket left the namespace: it cannot escape the cap or a ban', async () => {
    const { url, server } = await startServer({ socketsPerUser: 2 });
    const alice = await register(url, 'alice');
    for (let i = 0; i < 3; i++) {
      const socket = await connect(url, alice.token);
      // A DISCONNECT packet for the namespace and nothing else: the client keeps its connection.
      (socket as unknown as { packet(packet: object): void }).packet({ type: 1, nsp: '/' });
    }
    await vi.waitFor(() => expect(server.io.engine.clientsCount).toBe(0));
  });

  it('still tells a client about an acknowledgement it forgot, with the event name', async () => {
    const { url } = await startServer();
    const alice = await register(url, 'alice');
    const socket = await connect(url, alice.token);
    const reported = next(socket, 'request:error');
    untyped(socket).emit('message:send', { roomId: 1, text: 'no ack', clientId: 'n' });
    expect(await reported).toEqual({
      event: 'message:send',
      error: { code: 'invalid_payload', message: 'This event needs an acknowledgement.' },
    });
  });
});
