import { describe, expect, it } from 'vitest';
import type { Invitation, RoomListing } from '../../server/protocol.js';
import { connect, next, register, request, startServer } from './helpers.js';
import { hears, roomAdminSetup, roomWith, sendTo } from './room-admin-helpers.js';

const ids = (page: { rooms: RoomListing[] }) => page.rooms.map((r) => r.id);

describe('an admin’s removal from a public room', () => {
  it('holds: no room:join, nor a member’s invitation, until an admin invites them back', async () => {
    const { admin, alice, bob, count } = await roomAdminSetup();
    const roomId = await roomWith(alice, 'plans', [bob]);
    const bobLeft = next(bob.socket, 'room:left');
    expect((await request(admin.socket, 'room:remove-member', { roomId, userId: bob.id })).ok).toBe(
      true,
    );
    await bobLeft;
    expect(count('SELECT COUNT(*) FROM room_removals WHERE room_id = ?', roomId)).toBe(1);

    // The room is public: bob may still see it, but not walk back in.
    expect(ids(await request(bob.socket, 'rooms:list', { joined: false }))).toContain(roomId);
    const join = await request(bob.socket, 'room:join', { roomId });
    expect(join.ok).toBe(false);
    expect(join.error).toMatchObject({
      code: 'forbidden',
      message: 'An admin removed you from this room; ask an admin to invite you back.',
    });
    expect(await request(alice.socket, 'room:members', { roomId })).toMatchObject({ ok: true });
    expect((await sendTo(bob.socket, roomId, 'let me in')).error.code).toBe('not_member');

    // A member cannot undo an admin's removal; an admin's invitation is how they come back.
    const byMember = await request(alice.socket, 'room:invite', { roomId, username: 'bob' });
    expect(byMember.error?.code).toBe('forbidden');
    expect((await request(admin.socket, 'room:join', { roomId })).ok).toBe(true);
    const invited = next<{ invitation: Invitation }>(bob.socket, 'invite:received');
    expect((await request(admin.socket, 'room:invite', { roomId, username: 'bob' })).ok).toBe(true);
    expect((await invited).invitation.room.id).toBe(roomId);
    const accepted = await request(bob.socket, 'invite:accept', { roomId });
    expect(accepted).toMatchObject({ ok: true, room: { id: roomId, memberCount: 3 } });
    expect(count('SELECT COUNT(*) FROM room_removals WHERE room_id = ?', roomId)).toBe(0);
    const bobHears = hears(bob.socket, 'welcome back', 2000);
    expect((await sendTo(alice.socket, roomId, 'welcome back')).ok).toBe(true);
    expect(await bobHears).toBe(true);

    // The removal is gone: leaving of his own accord, bob may join again as anyone may.
    expect((await request(bob.socket, 'room:leave', { roomId })).ok).toBe(true);
    expect((await request(bob.socket, 'room:join', { roomId })).ok).toBe(true);
  });

  it('is only for the person removed, and goes with the room', async () => {
    const { owner, admin, alice, bob, count } = await roomAdminSetup();
    const roomId = await roomWith(alice, 'plans', [bob]);
    await request(admin.socket, 'room:remove-member', { roomId, userId: bob.id });
    // Someone else joins as before; leaving by oneself is no removal.
    expect((await request(owner.socket, 'room:join', { roomId })).ok).toBe(true);
    expect((await request(owner.socket, 'room:leave', { roomId })).ok).toBe(true);
    expect((await request(owner.socket, 'room:join', { roomId })).ok).toBe(true);
    expect((await request(bob.socket, 'room:join', { roomId })).error.code).toBe('forbidden');
    // Deleting the room deletes its removals (the table references rooms).
    expect((await request(admin.socket, 'room:delete', { roomId, name: 'plans' })).ok).toBe(true);
    expect(count('SELECT COUNT(*) FROM room_removals')).toBe(0);
  });
});

describe('invitations and archived rooms', () => {
  it('refuses room:invite, and invite:accept of one made before archiving, with room_archived', async () => {
    const { owner, alice, bob } = await roomAdminSetup();
    const roomId = await roomWith(alice, 'old project', [], 'private');
    expect((await request(alice.socket, 'room:invite', { roomId, username: 'bob' })).ok).toBe(true);
    expect((await request(alice.socket, 'room:archive', { roomId, archived: true })).ok).toBe(true);

    const invite = await request(alice.socket, 'room:invite', { roomId, username: 'owner' });
    expect(invite.error.code).toBe('room_archived');
    expect((await request(owner.socket, 'invites:list', {})).invitations).toEqual([]);
    expect((await request(bob.socket, 'invite:accept', { roomId })).error.code).toBe(
      'room_archived',
    );
    // Someone without an invitation learns nothing about the (private) room.
    expect((await request(owner.socket, 'invite:accept', { roomId })).error.code).toBe('not_found');
    // Refused, not spent: it is there after the room is unarchived.
    const waiting = await request(bob.socket, 'invites:list', {});
    expect(waiting.invitations.map((i: Invitation) => i.room.id)).toEqual([roomId]);
    expect((await request(alice.socket, 'room:archive', { roomId, archived: false })).ok).toBe(
      true,
    );
    expect(await request(bob.socket, 'invite:accept', { roomId })).toMatchObject({
      ok: true,
      room: { id: roomId, memberCount: 2 },
    });
  });
});

describe('the archived state held in memory', () => {
  it('follows every archive and unarchive, and is read again when the server starts', async () => {
    const first = await startServer({ scryptCost: 1024 });
    const alice = await register(first.url, 'alice');
    const bob = await register(first.url, 'bob');
    let a = await connect(first.url, alice.token);
    let b = await connect(first.url, bob.token);
    const roomId = (await request(a, 'room:create', { name: 'plans', kind: 'public' })).room.id;
    expect((await request(b, 'room:join', { roomId })).ok).toBe(true);
    let sends = 0;
    const send = (socket: typeof a) =>
      request(socket, 'message:send', { roomId, text: 'hi', clientId: `mem-${++sends}` });
    const archive = async (archived: boolean) =>
      expect((await request(a, 'room:archive', { roomId, archived })).ok).toBe(true);
    /** Whether b's typing reaches a. */
    const typingRelayed = async () => {
      const relayed = next(a, 'typing', (t) => t.roomId === roomId, 400).then(
        () => true,
        () => false,
      );
      b.emit('typing', { roomId, typing: true });
      return relayed;
    };

    await archive(true);
    expect((await send(b)).error.code).toBe('room_archived');
    expect(await typingRelayed()).toBe(false);
    await archive(false);
    expect((await send(b)).ok).toBe(true);
    expect(await typingRelayed()).toBe(true);
    await archive(true);
    expect((await send(b)).error.code).toBe('room_archived');

    // A restarted server reads which rooms are archived once, when it opens its database.
    a.disconnect();
    b.disconnect();
    await first.close();
    const second = await startServer({ scryptCost: 1024, dataDir: first.dataDir });
    a = await connect(second.url, alice.token);
    b = await connect(second.url, bob.token);
    expect((await send(b)).error.code).toBe('room_archived');
    expect(await typingRelayed()).toBe(false);
    await archive(false);
    expect((await send(b)).ok).toBe(true);
    expect(await typingRelayed()).toBe(true);
  });
});
