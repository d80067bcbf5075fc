import { describe, expect, it } from 'vitest';
import {
  connect,
  disconnected,
  http,
  next,
  register,
  request,
  sleep,
  startServer,
} from './helpers.js';

describe('tokens on open sockets', () => {
  it('warns before expiry, then cuts the socket off with token_expired', async () => {
    const { url } = await startServer({ accessTokenTtlSec: 2, expiringNoticeSec: 1 });
    const alice = await register(url, 'alice');
    const socket = await connect(url, alice.token);
    const expiring = next(socket, 'auth:expiring', undefined, 3000);
    const revoked = next(socket, 'auth:revoked', undefined, 4000);
    const gone = disconnected(socket, 4000);
    expect((await expiring).expiresAt).toBe(alice.expiresAt);
    expect(await revoked).toEqual({ code: 'token_expired' });
    expect(await gone).toBe('io server disconnect');
    expect(Date.now()).toBeGreaterThanOrEqual(alice.expiresAt - 50);
  });

  it('stays connected past the old expiry after auth:refresh', async () => {
    // Seconds of margin between the refresh and the old expiry, for a busy machine: a token's exp
    // is whole seconds, so the old one may expire up to a second before accessTokenTtlSec.
    const { url } = await startServer({ accessTokenTtlSec: 6, expiringNoticeSec: 4 });
    const alice = await register(url, 'alice');
    const socket = await connect(url, alice.token);
    const revoked = next(socket, 'auth:revoked', undefined, 7500).then(
      () => 'revoked',
      () => 'still here',
    );
    await next(socket, 'auth:expiring', undefined, 5000);
    await sleep(1000); // a later iat, so that the new token expires later than the old one
    const fresh = await http(url, '/api/refresh', { body: { refreshToken: alice.refreshToken } });
    const ack = await request(socket, 'auth:refresh', { token: fresh.body.token });
    expect(ack).toEqual({ ok: true, expiresAt: fresh.body.expiresAt });
    expect(ack.expiresAt).toBeGreaterThan(alice.expiresAt);
    expect(await revoked).toBe('still here');
    expect(Date.now()).toBeGreaterThan(alice.expiresAt);
    expect(socket.connected).toBe(true);
    expect((await request(socket, 'rooms:list', {})).ok).toBe(true);
  });

  it('refuses auth:refresh with another user’s token or a bad one, and keeps the old one', async () => {
    const { url } = await startServer();
    const alice = await register(url, 'alice');
    const bob = await register(url, 'bob');
    const socket = await connect(url, alice.token);
    expect((await request(socket, 'auth:refresh', { token: bob.token })).error.code).toBe(
      'forbidden',
    );
    expect((await request(socket, 'auth:refresh', { token: 'junk' })).error.code).toBe(
      'invalid_token',
    );
    const ack = await request(socket, 'message:send', {
      roomId: 1,
      text: 'still alice',
      clientId: 'x',
    });
    expect(ack.message.author.username).toBe('alice');
  });

  it('disconnects at once on logout, on ban, and on refresh-token reuse', async () => {
    const { url } = await startServer();
    const owner = await register(url, 'owner');
    const bob = await register(url, 'bob');
    const carol = await register(url, 'carol');
    const dave = await register(url, 'dave');
    const bobSocket = await connect(url, bob.token);
    const carolSockets = [await connect(url, carol.token), await connect(url, carol.token)];
    const daveSocket = await connect(url, dave.token);

    const bobRevoked = next(bobSocket, 'auth:revoked');
    await http(url, '/api/logout', { method: 'POST', token: bob.token });
    expect(await bobRevoked).toEqual({ code: 'token_revoked' });

    const carolRevoked = carolSockets.map((s) => next(s, 'auth:revoked'));
    await http(url, '/api/admin/ban', { token: owner.token, body: { username: 'carol' } });
    expect(await Promise.all(carolRevoked)).toEqual([{ code: 'banned' }, { code: 'banned' }]);

    const daveRevoked = next(daveSocket, 'auth:revoked');
    const once = await http(url, '/api/refresh', { body: { refreshToken: dave.refreshToken } });
    await http(url, '/api/refresh', { body: { refreshToken: once.body.refreshToken } });
    // Two rotations back: reuse at once, whatever the grace window for the previous token.
    await http(url, '/api/refresh', { body: { refreshToken: dave.refreshToken } });
    expect(await daveRevoked).toEqual({ code: 'token_revoked' });
    await sleep(50);
    expect([bobSocket, ...carolSockets, daveSocket].map((s) => s.connected)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it('does not let a reconnect bring a revoked token back', async () => {
    const { url, server } = await startServer();
    const alice = await register(url, 'alice');
    const socket = await connect(url, alice.token, {
      reconnection: true,
      // Long enough for the logout below to land first even on a busy machine (it takes a few
      // milliseconds), so that the reconnect really presents a revoked token.
      reconnectionDelay: 1500,
      reconnectionDelayMax: 1500,
      randomizationFactor: 0,
    });
    const attempts: number[] = [];
    socket.io.on('reconnect_attempt', (n) => attempts.push(n));
    const refusedAgain = new Promise<string>((resolve) =>
      socket.on('connect_error', (error: Error & { data?: { code: string } }) =>
        resolve(error.data?.code ?? '(no code)'),
      ),
    );
    // The network drops (not a server disconnect), so the client reconnects on its own, with
    // the same token; the session is logged out while it is away.
    const dropped = disconnected(socket);
    for (const open of server.io.of('/').sockets.values()) open.conn.close();
    expect(await dropped).toBe('transport close');
    await http(url, '/api/logout', { method: 'POST', token: alice.token });
    expect(await refusedAgain).toBe('token_revoked');
    expect(attempts.length).toBeGreaterThan(0);
    expect(socket.connected).toBe(false);
  });
});
