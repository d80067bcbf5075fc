import { describe, expect, it } from 'vitest';
import { connect, next, register, request } from './helpers.js';
import { roomAdminSetup, roomWith, sendTo, type Member } from './room-admin-helpers.js';

/**
 * message:send answers membership from the socket's room channel, not the store: whoever leaves
 * or is taken out of a room, on any of their sockets, cannot write to it afterwards, and
 * nothing is stored for the attempt.
 */
describe('sending after losing a room', () => {
  /** How many messages the room holds, as a member still in it reads them. */
  const stored = async (reader: Member, roomId: number) =>
    ((await request(reader.socket, 'message:history', { roomId })).messages as unknown[]).length;

  it('refuses every socket of someone who left, and stores nothing', async () => {
    const { url } = await roomAdminSetup();
    const carol = await register(url, 'carol');
    const dave = await register(url, 'dave');
    const carolHere = await connect(url, carol.token);
    const carolThere = await connect(url, carol.token);
    const daveSocket = await connect(url, dave.token);
    const carolMember = { id: carol.user.id, username: 'carol', socket: carolHere };
    const daveMember = { id: dave.user.id, username: 'dave', socket: daveSocket };
    const roomId = await roomWith(daveMember, 'lobby', [carolMember]);
    expect((await sendTo(carolThere, roomId, 'before')).ok).toBe(true);
    const leftThere = next(carolThere, 'room:left');
    expect(await request(carolHere, 'room:leave', { roomId })).toEqual({ ok: true });
    await leftThere;
    expect((await sendTo(carolThere, roomId, 'after')).error.code).toBe('not_member');
    expect((await sendTo(carolHere, roomId, 'after')).error.code).toBe('not_member');
    expect(await stored(daveMember, roomId)).toBe(1);
  });

  it('refuses someone an admin removed, and stores nothing', async () => {
    const { admin, alice, bob } = await roomAdminSetup();
    const roomId = await roomWith(alice, 'plans', [bob]);
    const left = next(bob.socket, 'room:left');
    expect((await request(admin.socket, 'room:remove-member', { roomId, userId: bob.id })).ok).toBe(
      true,
    );
    await left;
    expect((await sendTo(bob.socket, roomId, 'still here?')).error.code).toBe('not_member');
    expect(await stored(alice, roomId)).toBe(0);
  });

  it('refuses everyone once the room is deleted', async () => {
    const { admin, alice, bob } = await roomAdminSetup();
    const roomId = await roomWith(alice, 'doomed', [bob, admin]);
    const left = next(bob.socket, 'room:left');
    expect(await request(admin.socket, 'room:delete', { roomId, name: 'doomed' })).toEqual({
      ok: true,
    });
    expect(await left).toEqual({ roomId, reason: 'deleted' });
    expect((await sendTo(bob.socket, roomId, 'hello?')).error.code).toBe('not_member');
    expect((await sendTo(alice.socket, roomId, 'hello?')).error.code).toBe('not_member');
  });
});
