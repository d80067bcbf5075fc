import { describe, expect, it, vi } from 'vitest';
import { roomChannel } from '../../server/socket/room-channels.js';
import { pauseHandshakes } from './handshake-gate.js';
import { connect, http, openSocket, register, request, startServer } from './helpers.js';

/** What became of a socket: connected and still up after a moment, refused, or cut off. */
function outcome(socket: ReturnType<typeof openSocket>) {
  return new Promise<string>((resolve) => {
    const revoked: string[] = [];
    socket.on('auth:revoked', ({ code }) => revoked.push(code));
    socket.on('connect_error', (error: Error & { data?: { code: string } }) =>
      resolve(`refused ${error.data?.code}`),
    );
    socket.on('disconnect', () => resolve(`cut off ${revoked.join(',')}`));
    socket.on('connect', () => setTimeout(() => socket.connected && resolve('alive'), 300));
  });
}

describe('revocation while a socket is in its handshake', () => {
  it('a logout that lands mid-handshake ends that socket too', async () => {
    const { url, server } = await startServer();
    const alice = await register(url, 'alice');
    const gate = pauseHandshakes(server.io);
    const socket = openSocket(url, { auth: { token: alice.token } });
    const result = outcome(socket);
    await gate.reached();
    expect((await http(url, '/api/logout', { method: 'POST', token: alice.token })).status).toBe(
      204,
    );
    gate.release();
    expect(await result).toBe('cut off token_revoked');
    expect(server.io.of('/').sockets.size).toBe(0);
  });

  it('a ban that lands mid-handshake ends that socket too; others are untouched', async () => {
    const { url, server } = await startServer();
    const owner = await register(url, 'owner');
    const mallory = await register(url, 'mallory');
    const bob = await register(url, 'bob');
    const gate = pauseHandshakes(server.io);
    const banned = openSocket(url, { auth: { token: mallory.token } });
    const bystander = openSocket(url, { auth: { token: bob.token } });
    const results = [outcome(banned), outcome(bystander)];
    await gate.reached(2);
    const ban = await http(url, '/api/admin/ban', {
      token: owner.token,
      body: { username: 'mallory' },
    });
    expect(ban.status).toBe(200);
    gate.release();
    expect(await Promise.all(results)).toEqual(['cut off banned', 'alive']);
  });
});

describe('room changes while a socket is in its handshake', () => {
  it('a room left, or a conversation opened, on another socket reaches the new socket too', async () => {
    const { url, server } = await startServer();
    const alice = await register(url, 'alice');
    const bob = await register(url, 'bob');
    const first = await connect(url, alice.token);
    const bobSocket = await connect(url, bob.token);
    const made = await request(first, 'room:create', { name: 'side', kind: 'public' });
    expect(made.ok).toBe(true);
    const gate = pauseHandshakes(server.io);
    const second = openSocket(url, { auth: { token: alice.token } });
    await gate.reached();
    // Read by the held handshake already: alice leaves #side, and bob opens a DM with her.
    expect((await request(first, 'room:leave', { roomId: made.room.id })).ok).toBe(true);
    const dm = await request(bobSocket, 'dm:open', { usernames: ['alice'] });
    gate.release();
    await new Promise<void>((resolve) => second.once('connect', () => resolve()));
    const channels = () => {
      const socket = server.io.of('/').sockets.get(second.id ?? '');
      return socket ? [...socket.rooms] : [];
    };
    await vi.waitFor(() => {
      expect(channels()).not.toContain(roomChannel(made.room.id));
      expect(channels()).toContain(roomChannel(dm.room.id));
    });
    second.close();
  });
});
