import { describe, expect, it, vi } from 'vitest';
import { ApiClient } from '../../renderer/src/lib/api-client.js';
import { ChatClient } from '../../renderer/src/lib/chat-client.js';
import { Session } from '../../renderer/src/lib/session.js';
import { MemoryTokenStore } from '../../renderer/src/lib/token-store.js';
import { http, request, startServer } from '../server/helpers.js';
import { signedInClient, until } from './client-helpers.js';

/**
 * Alice connected on one client of a server that allows her one socket, and a second client of
 * hers (another device: its own login and token store), not started.
 */
async function aliceTwice() {
  const server = await startServer({ socketsPerUser: 1 });
  const first = await signedInClient(server.url, 'alice');
  first.client.start();
  await until(first.client, (s) => s.connection.kind === 'connected');
  const login = await http(server.url, '/api/login', {
    body: { username: 'alice', password: 'correct horse' },
  });
  const session = await Session.start(
    new ApiClient(server.url),
    new MemoryTokenStore(),
    login.body,
    false,
  );
  return { first, second: new ChatClient(session) };
}

describe('a handshake refusal that passes by itself', () => {
  // As when a node dies: the others count its sockets for a few seconds more, and its clients,
  // reconnecting to them, are refused as over the cap. They must wait, not be signed out.
  it('is tried again with the backoff, and the client connects once there is room', async () => {
    const { first, second } = await aliceTwice();
    try {
      second.start();
      await until(second, (s) => s.connection.kind === 'reconnecting');
      expect(second.getState().ended).toBeFalsy();
      first.client.stop();
      await until(second, (s) => s.connection.kind === 'connected', 15_000);
    } finally {
      second.stop();
    }
  });

  // A person who really has that many tabs open is told so, and the client waits for one to
  // close. It never ends the session: ending revokes the refresh token every tab shares.
  it('keeps the session through any number of refusals, saying why', async () => {
    const { first, second } = await aliceTwice();
    try {
      second.start();
      // "Reconnect now" skips the backoff: ten refusals in a row, well past any count of tries.
      for (let refusals = 1; refusals <= 10; refusals++) {
        const waiting = await until(
          second,
          (s) => s.connection.kind === 'reconnecting' && s.connection.attempt === refusals,
        );
        expect(waiting.ended).toBeUndefined();
        expect(waiting.connection).toMatchObject({ reason: /At most 1 connections per account/ });
        second.reconnectNow();
      }
      expect(second.getState().ended).toBeUndefined();
      first.client.stop();
      second.reconnectNow();
      await until(second, (s) => s.connection.kind === 'connected', 15_000);
      expect(first.client.getState().ended).toBeUndefined();
    } finally {
      second.stop();
    }
  });

  // The in-band refresh spends the event budget like any event. Refused, the socket stays on its
  // old token until the server says it expired, then reconnects with the new one; ending the
  // session there would sign out every tab.
  it('keeps the session when auth:refresh is refused as rate_limited', async () => {
    const { url } = await startServer({
      accessTokenTtlSec: 4,
      expiringNoticeSec: 3,
      eventRate: { perSecond: 0.001, burst: 3 },
    });
    const { client, session, pair } = await signedInClient(url, 'alice');
    let connects = 0;
    client.socket.on('connect', () => connects++);
    client.start();
    await until(client, (s) => s.connection.kind === 'connected');
    // Spend what is left of the budget before auth:expiring (a second after the connect).
    for (let spent = false; !spent;) {
      const answer = await request(client.socket, 'message:history', { roomId: 1 });
      spent = !answer.ok && answer.error.code === 'rate_limited';
    }
    await until(client, () => session.accessToken !== pair.token, 5_000);
    // The old token's expiry: the server cuts the socket, and the keeper connects again with the
    // new token.
    await vi.waitFor(() => expect(connects).toBe(2), { timeout: 10_000 });
    await until(client, (s) => s.connection.kind === 'connected');
    expect(client.getState().ended).toBeUndefined();
    expect(session.expiresAt).toBeGreaterThan(pair.expiresAt);
  }, 20_000);
});
