import { describe, expect, it } from 'vitest';
import { FRESH_MS } from '../../renderer/src/lib/wake.js';
import { sleep, startServer } from '../server/helpers.js';
import { texts, until } from './client-helpers.js';
import { aliceThroughLine, bobSends, manyRefreshes, ready } from './wake-helpers.js';

describe('SocketKeeper.wake against a real server', () => {
  it('asleep past the token’s lifetime it still waits; woken, it refreshes first, reconnects and catches up with no gap', async () => {
    const { server, line, client, session, refused } = await aliceThroughLine({
      accessTokenTtlSec: 3,
      expiringNoticeSec: 1,
    });
    await bobSends(server.url, ['before']);
    await until(client, (s) => texts(s).includes('before'));
    const tokenBefore = session.accessToken;

    line.sleep();
    const early = await bobSends(server.url, ['asleep 1', 'asleep 2']);
    await sleep(session.expiresIn + 1500); // alice's access token is now past its expiry
    const late = await bobSends(server.url, ['asleep 3', 'asleep 4']);
    // Nothing told the client: it still believes in its dead socket and would go on waiting.
    expect(client.socket.connected).toBe(true);
    expect(client.getState().connection.kind).toBe('connected');
    expect(texts(client.getState())).toEqual(['before']);

    line.wake();
    const from = line.requests.length;
    await client.wake();
    const all = ['before', 'asleep 1', 'asleep 2', 'asleep 3', 'asleep 4'];
    const caught = await until(client, (s) => ready(s) && texts(s).length === all.length);
    expect(texts(caught)).toEqual(all);
    expect(caught.rooms[1]?.messages.slice(1).map((m) => m.id)).toEqual([...early, ...late]);
    // The expired token was refreshed before the reconnect, so no handshake was refused for it.
    expect(session.accessToken).not.toBe(tokenBefore);
    expect(refused).toEqual([]);
    const after = line.requests.slice(from);
    expect(after.indexOf('POST /api/refresh')).toBeGreaterThanOrEqual(0);
    expect(after.indexOf('POST /api/refresh')).toBeLessThan(after.indexOf('GET /socket.io/'));
  });

  it('does not wait out the backoff: a wake reconnects before the planned retry', async () => {
    const { server, client } = await aliceThroughLine();
    const port = Number(new URL(server.url).port);
    await server.close();
    // Let the backoff grow until the next try is seconds away.
    const waiting = await until(
      client,
      (s) => s.connection.kind === 'reconnecting' && s.connection.attempt >= 3,
      15_000,
    );
    const retryAt = waiting.connection.kind === 'reconnecting' ? waiting.connection.retryAt : 0;
    await startServer({ ...manyRefreshes, dataDir: server.dataDir }, port);
    await client.wake();
    await until(client, ready);
    expect(Date.now()).toBeLessThan(retryAt);
  });

  it('ends the session with the reason when the refresh token expired during the sleep', async () => {
    const { server, line, client, store } = await aliceThroughLine({
      accessTokenTtlSec: 2,
      expiringNoticeSec: 1,
      refreshTokenTtlSec: 4,
    });
    line.sleep();
    await sleep(5000);
    line.wake();
    await client.wake();
    const ended = await until(client, (s) => s.ended !== undefined);
    expect(ended.ended?.code).toBe('token_expired');
    expect(ended.ended?.message).toMatch(/expired; sign in again/);
    expect(client.socket.connected).toBe(false);
    expect(await store.load(server.url)).toBeNull();
  });

  it('makes one reconnect of wakes that come together (resume, unlock, online)', async () => {
    const { client } = await aliceThroughLine();
    await sleep(FRESH_MS + 200); // no longer a fresh connection
    let connects = 0;
    client.socket.on('connect', () => (connects += 1));
    await Promise.all([client.wake(), client.wake(), client.wake()]);
    await until(client, ready);
    await client.wake(); // just connected: taken as fresh
    expect(connects).toBe(1);
    expect(client.getState().connection.kind).toBe('connected');
  });
});
