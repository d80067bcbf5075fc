import { describe, expect, it } from 'vitest';
import { connect, next, openSocket, register, sleep, startServer } from './helpers.js';

type Presence = { roomId: number; online: { username: string }[]; onlineCount?: number };

describe('presence is sent only when it changes', () => {
  it('a second tab of someone already online tells only that tab', async () => {
    const { url } = await startServer();
    const alice = await register(url, 'alice');
    const bob = await register(url, 'bob');
    const b = await connect(url, bob.token);
    const both = next<Presence>(b, 'presence', (p) => p.online.length === 2);
    await connect(url, alice.token);
    await both;
    const seenByBob: Presence[] = [];
    b.on('presence', (p) => seenByBob.push(p as Presence));
    // Alice's second tab joins general: the room's online set does not change.
    const secondTab = await connect(url, alice.token, { autoConnect: true });
    const own = await next<Presence>(secondTab, 'presence');
    expect(own.online.map((u) => u.username).sort()).toEqual(['alice', 'bob']);
    await sleep(200);
    expect(seenByBob).toEqual([]);
    // Closing that tab changes nothing either; closing the last one does.
    secondTab.disconnect();
    await sleep(200);
    expect(seenByBob).toEqual([]);
  });

  it('a big room is not told the same capped list again every 10 s', async () => {
    const { url } = await startServer({ scryptCost: 1024, handshakesPerIp: 1000 });
    const users = [];
    for (let i = 0; i < 205; i++) users.push(await register(url, `user${i}`));
    // The watcher listens before any socket connects: the full-count presence can arrive in the
    // same read as its own CONNECT, before an await after the connects would have let it listen.
    const last = openSocket(url, { auth: { token: users.pop()!.token } });
    // The full count comes at most one big-room wait (10 s) after the last connect; 3x margin
    // for a busy machine.
    const full = next<Presence>(last, 'presence', (p) => p.onlineCount === 205, 30_000);
    const seen: Presence[] = [];
    last.on('presence', (p) => seen.push(p as Presence));
    const sockets = await Promise.all(users.map((u) => connect(url, u.token)));
    const big = await full;
    expect(big.online).toHaveLength(200);
    const told = seen.length;
    await sleep(11_000);
    expect(seen.slice(told)).toEqual([]);
    // A real change is still told, once the wait is over.
    sockets[0]?.disconnect();
    const fewer = await next<Presence>(last, 'presence', (p) => p.onlineCount === 204, 30_000);
    expect(fewer.online).toHaveLength(200);
  }, 90_000);
});
