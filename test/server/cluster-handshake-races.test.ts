import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { roomChannel } from '../../server/socket/room-channels.js';
import { startRedis, type RedisService } from '../services/redis.js';
import { linked, twoNodes } from './cluster-link.js';
import { pauseHandshakes } from './handshake-gate.js';
import { connect, openSocket, register, request } from './helpers.js';

let redis: RedisService;
beforeAll(async () => {
  redis = await startRedis();
}, 30_000);
afterAll(() => redis?.stop());

describe('room changes made on one node while a socket is in its handshake on another', () => {
  it('a room left, or a conversation opened, on node A reaches the new socket on node B', async () => {
    const [a, b] = await twoNodes(redis.url);
    const alice = await register(a.url, 'alice');
    const bob = await register(a.url, 'bob');
    const first = await connect(a.url, alice.token);
    const bobOnA = await connect(a.url, bob.token);
    const watcher = await connect(b.url, bob.token);
    await linked(a, watcher);
    const made = await request(first, 'room:create', { name: 'side', kind: 'public' });
    expect(made.ok).toBe(true);
    const gate = pauseHandshakes(b.server.io);
    const second = openSocket(b.url, { auth: { token: alice.token } });
    await gate.reached();
    // Read by the handshake held on B already: alice leaves #side, and bob opens a DM with her,
    // both on node A.
    expect((await request(first, 'room:leave', { roomId: made.room.id })).ok).toBe(true);
    const dm = await request(bobOnA, 'dm:open', { usernames: ['alice'] });
    expect(dm.ok).toBe(true);
    // Bob's socket on B was moved into the DM through the same stream: B has read both changes.
    const onB = () => b.server.io.of('/').sockets.get(watcher.id ?? '');
    await vi.waitFor(() => expect(onB()?.rooms.has(roomChannel(dm.room.id))).toBe(true), {
      timeout: 5_000,
    });
    gate.release();
    await new Promise<void>((resolve) => second.once('connect', () => resolve()));
    const channels = () => {
      const socket = b.server.io.of('/').sockets.get(second.id ?? '');
      return socket ? [...socket.rooms] : [];
    };
    await vi.waitFor(
      () => {
        expect(channels()).not.toContain(roomChannel(made.room.id));
        expect(channels()).toContain(roomChannel(dm.room.id));
      },
      { timeout: 5_000 },
    );
    second.close();
  });
});
