import { describe, expect, it } from 'vitest';
import { connect, register, request, startServer } from './helpers.js';

describe('a private room that empties', () => {
  it('goes with its replies, threads, reactions and mentions, and its name is free again', async () => {
    const { url } = await startServer();
    const alice = await register(url, 'alice');
    const bob = await register(url, 'bob');
    const [a, b] = await Promise.all([connect(url, alice.token), connect(url, bob.token)]);
    const { room } = await request(a, 'room:create', { name: 'secret', kind: 'private' });
    await request(a, 'room:invite', { roomId: room.id, username: 'bob' });
    expect((await request(b, 'invite:accept', { roomId: room.id })).ok).toBe(true);
    const root = await request(a, 'message:send', {
      roomId: room.id,
      text: 'hi @bob',
      clientId: 'r',
    });
    const reply = await request(b, 'message:send', {
      roomId: room.id,
      text: 'yes @alice',
      clientId: 'q',
      replyTo: root.message.id,
      threadId: root.message.id,
      alsoToRoom: true,
    });
    expect(reply.message.mentions).toEqual([alice.user.id]);
    expect(
      (await request(b, 'message:react', { messageId: root.message.id, emoji: '👍', on: true })).ok,
    ).toBe(true);

    expect(await request(b, 'room:leave', { roomId: room.id })).toEqual({ ok: true });
    expect(await request(a, 'room:leave', { roomId: room.id })).toEqual({ ok: true });
    // The room and everything in it are gone: its messages answer like any unknown message.
    const gone = await request(a, 'message:react', {
      messageId: root.message.id,
      emoji: '👍',
      on: true,
    });
    expect(gone.error.code).toBe('not_found');
    const again = await request(a, 'room:create', { name: 'secret', kind: 'private' });
    expect(again.ok).toBe(true);
    expect(again.room.id).toBeGreaterThan(room.id);
  });
});
