import { describe, expect, it, vi } from 'vitest';
import { connect, http, register, request, sleep, startServer } from '../server/helpers.js';
import { signedInClient, texts, until } from './client-helpers.js';

const connected = (s: { connection: { kind: string } }) => s.connection.kind === 'connected';

describe('ChatClient against a real server', () => {
  it('loads rooms and history on connect, and sends with pending then acked', async () => {
    const { url } = await startServer();
    const { client } = await signedInClient(url, 'alice');
    client.start();
    const ready = await until(client, (s) => connected(s) && s.rooms[1]?.loaded === true);
    expect(ready.activeRoomId).toBe(1);
    client.send(1, 'hello');
    expect(client.getState().rooms[1]?.pending.map((p) => [p.text, p.status])).toEqual([
      ['hello', 'sending'],
    ]);
    const sent = await until(client, (s) => texts(s).includes('hello'));
    expect(sent.rooms[1]?.pending).toEqual([]);
    expect(sent.rooms[1]?.messages[0]?.author.username).toBe('alice');
  });

  it('marks a refused send as failed, and a retry with the same clientId stores it once', async () => {
    const { url } = await startServer({ messageRate: { perSecond: 1, burst: 1 } });
    const { client } = await signedInClient(url, 'alice');
    client.start();
    await until(client, (s) => connected(s) && s.rooms[1]?.loaded === true);
    client.send(1, 'first');
    client.send(1, 'second'); // over the burst: refused
    const failed = await until(
      client,
      (s) => s.rooms[1]?.pending.some((p) => p.status === 'failed') === true,
    );
    const pending = failed.rooms[1]?.pending.find((p) => p.status === 'failed');
    expect(pending?.text).toBe('second');
    expect(pending?.error).toMatch(/Try again in \d+ s/);
    await sleep(1100);
    client.retry(1, pending?.clientId ?? '');
    await until(client, (s) => s.rooms[1]?.pending.length === 0 && texts(s).includes('second'));
    client.retry(1, pending?.clientId ?? ''); // no longer pending: nothing to do
    const other = await register(url, 'bob');
    const bob = await connect(url, other.token);
    const history = await request(bob, 'message:history', { roomId: 1 });
    expect(history.messages.map((m: { text: string }) => m.text)).toEqual(['first', 'second']);
  });

  it('refreshes the token on auth:expiring and stays connected past the old expiry', async () => {
    const { url } = await startServer({ accessTokenTtlSec: 3, expiringNoticeSec: 2 });
    const { client, session, pair } = await signedInClient(url, 'alice');
    client.start();
    await until(client, connected);
    await vi.waitFor(() => expect(session.accessToken).not.toBe(pair.token), { timeout: 3000 });
    await sleep(Math.max(0, pair.expiresAt - Date.now()) + 500);
    expect(client.socket.connected).toBe(true);
    expect(client.getState().connection.kind).toBe('connected');
    expect(session.expiresAt).toBeGreaterThan(pair.expiresAt);
  });

  it('shares one refresh between concurrent callers, so the session is not taken for a reuse', async () => {
    const { url } = await startServer();
    const { session, pair, store } = await signedInClient(url, 'alice');
    await Promise.all([session.refresh(), session.refresh(), session.refresh()]);
    const rotated = await store.load(url);
    expect(rotated).not.toBe(pair.refreshToken);
    // Had the spent token gone out twice, the server would have ended the session.
    const check = await http(url, '/api/refresh', { body: { refreshToken: rotated } });
    expect(check.status).toBe(200);
  });

  it('refreshes and reconnects when the handshake says token_expired', async () => {
    const { url } = await startServer({ accessTokenTtlSec: 1 });
    const { client, session, pair } = await signedInClient(url, 'alice');
    await sleep(Math.max(0, pair.expiresAt - Date.now()) + 200);
    client.start();
    await until(client, connected);
    expect(session.accessToken).not.toBe(pair.token);
  });

  it('after a server restart, catches up the room and sends what was pending, nothing lost or doubled', async () => {
    const first = await startServer();
    const port = Number(new URL(first.url).port);
    const { client } = await signedInClient(first.url, 'alice');
    const bobPair = await register(first.url, 'bob');
    client.start();
    await until(client, (s) => connected(s) && s.rooms[1]?.loaded === true);
    const bob = await connect(first.url, bobPair.token);
    await request(bob, 'message:send', { roomId: 1, text: 'before', clientId: 'b1' });
    await until(client, (s) => texts(s).includes('before'));

    await first.close();
    await until(client, (s) => s.connection.kind === 'reconnecting');
    client.send(1, 'while down'); // pending until the server is back
    const second = await startServer({ dataDir: first.dataDir }, port);
    const login = await http(second.url, '/api/login', {
      body: { username: 'bob', password: 'correct horse' },
    });
    const bob2 = await connect(second.url, login.body.token);
    for (const text of ['missed 1', 'missed 2']) {
      await request(bob2, 'message:send', { roomId: 1, text, clientId: text.replace(' ', '') });
    }
    const caught = await until(client, (s) => connected(s) && texts(s).length === 4, 15_000);
    expect(texts(caught).sort()).toEqual(['before', 'missed 1', 'missed 2', 'while down'].sort());
    expect(caught.rooms[1]?.pending).toEqual([]);
    const ids = caught.rooms[1]?.messages.map((m) => m.id) ?? [];
    expect(new Set(ids).size).toBe(ids.length);
    expect(caught.rooms[1]?.unread).toBe(0); // the room is in view
  });

  it('counts unread messages in rooms not in view', async () => {
    const { url } = await startServer();
    const { client } = await signedInClient(url, 'alice');
    const bobPair = await register(url, 'bob');
    client.start();
    await until(client, (s) => connected(s) && s.rooms[1]?.loaded === true);
    const bob = await connect(url, bobPair.token);
    const { room } = await request(bob, 'dm:open', { usernames: ['alice'] });
    await until(client, (s) => s.rooms[room.id] !== undefined);
    await request(bob, 'message:send', { roomId: room.id, text: 'psst', clientId: 'p1' });
    await request(bob, 'message:send', { roomId: room.id, text: 'psst 2', clientId: 'p2' });
    const unread = await until(client, (s) => s.rooms[room.id]?.unread === 2);
    expect(unread.activeRoomId).toBe(1);
    client.selectRoom(room.id);
    expect(client.getState().rooms[room.id]?.unread).toBe(0);
  });

  it('ends the session with the reason when it is revoked elsewhere', async () => {
    const { url } = await startServer();
    const { client, pair, store } = await signedInClient(url, 'alice');
    client.start();
    await until(client, connected);
    await http(url, '/api/logout', { method: 'POST', token: pair.token });
    const ended = await until(client, (s) => s.ended !== undefined);
    expect(ended.ended?.code).toBe('token_revoked');
    expect(await store.load(url)).toBeNull();
  });
});
