import { describe, expect, it } from 'vitest';
import { FRESH_MS } from '../../renderer/src/lib/wake.js';
import { sleep } from '../server/helpers.js';
import { texts, until } from './client-helpers.js';
import { aliceThroughLine, bobSends, ready } from './wake-helpers.js';

/** Every message id of #general the client holds. */
const idsOf = (client: { getState(): { rooms: Record<number, { messages: { id: number }[] }> } }) =>
  client.getState().rooms[1]?.messages.map((m) => m.id);

describe('SocketKeeper.wake when the network is not all there yet', () => {
  it('a wake while the network is still down tries again once it is back, and catches up', async () => {
    const { server, line, client, session } = await aliceThroughLine({
      accessTokenTtlSec: 3,
      expiringNoticeSec: 1,
    });
    line.sleep();
    const ids = await bobSends(server.url, ['asleep 1', 'asleep 2']);
    await sleep(session.expiresIn + 500);
    // The wake comes before the network (Wi-Fi, DHCP, VPN still coming up): its refresh fails.
    await client.wake('resume');
    expect(client.getState().connection.kind).toBe('reconnecting');
    line.wake();
    const caught = await until(client, (s) => ready(s) && texts(s).length === 2, 10_000);
    expect(texts(caught)).toEqual(['asleep 1', 'asleep 2']);
    expect(idsOf(client)).toEqual(ids);
  });

  it('a wake whose refresh fails once (on a kept-alive connection that died) tries again', async () => {
    const { server, line, client, session } = await aliceThroughLine({
      accessTokenTtlSec: 20,
      expiringNoticeSec: 1,
    });
    await sleep(FRESH_MS + 200);
    // Any request leaves a kept-alive connection through the line, which the sleep kills.
    await session.refresh();
    // Access tokens carry their times in whole seconds and no id of their own: a refresh in the
    // same second as this one would give the very same string, and the check below could not
    // tell that the wake refreshed. Past that second, it can.
    await sleep(1100);
    const kinds: string[] = [];
    client.subscribe(() => kinds.push(client.getState().connection.kind));
    line.sleep();
    const ids = await bobSends(server.url, ['asleep']);
    line.wake();
    const token = session.accessToken;
    await client.wake('resume'); // under 30 s left: a refresh first, which meets a reset
    const caught = await until(client, (s) => ready(s) && texts(s).length === 1, 10_000);
    expect(kinds).toContain('reconnecting');
    expect(session.accessToken).not.toBe(token);
    expect(texts(caught)).toEqual(['asleep']);
    expect(idsOf(client)).toEqual(ids);
  });

  it('two wakes a few milliseconds apart make one handshake', async () => {
    const { line, client } = await aliceThroughLine();
    await sleep(FRESH_MS + 200); // no longer a fresh connection
    let connects = 0;
    client.socket.on('connect', () => (connects += 1));
    const from = line.requests.length;
    const first = client.wake('resume');
    await sleep(5); // the first wake's handshake is under way
    await Promise.all([first, client.wake('network')]);
    await until(client, ready);
    await sleep(500); // time for a second handshake to show, were there one
    expect(line.countSince(from, '/socket.io/')).toBe(1);
    expect(connects).toBe(1);
  });

  it('a token with a minute or more left is not refreshed on a wake', async () => {
    const { server, line, client, session } = await aliceThroughLine({ accessTokenTtlSec: 120 });
    await sleep(FRESH_MS + 200);
    line.sleep();
    const ids = await bobSends(server.url, ['asleep']);
    line.wake();
    const token = session.accessToken;
    const from = line.requests.length;
    await client.wake('resume');
    await until(client, (s) => ready(s) && texts(s).length === 1);
    expect(idsOf(client)).toEqual(ids);
    expect(line.countSince(from, '/api/refresh')).toBe(0);
    expect(session.accessToken).toBe(token);
    expect(line.countSince(from, '/socket.io/')).toBe(1);
  });

  it('an unlock keeps a socket that answers its probe, and rebuilds one that does not', async () => {
    const { server, line, client } = await aliceThroughLine();
    await sleep(FRESH_MS + 200);
    let connects = 0;
    client.socket.on('connect', () => (connects += 1));
    const from = line.requests.length;
    await client.wake('unlock-screen');
    expect(connects).toBe(0);
    expect(line.countSince(from, '/socket.io/')).toBe(0);
    expect(client.getState().connection.kind).toBe('connected');

    line.sleep();
    const ids = await bobSends(server.url, ['asleep']);
    line.wake();
    await client.wake('unlock-screen');
    await until(client, (s) => ready(s) && texts(s).length === 1);
    expect(idsOf(client)).toEqual(ids);
    expect(connects).toBe(1);
  });
});
