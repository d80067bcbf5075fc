import { describe, expect, it } from 'vitest';
import type { Room, RoomListing } from '../../server/protocol.js';
import { next, request, sleep } from './helpers.js';
import { hears, roomAdminSetup, roomWith, sendTo } from './room-admin-helpers.js';

const ids = (page: { rooms: RoomListing[] }) => page.rooms.map((r) => r.id);

describe('room:archive', () => {
  it('makes a room read-only and hides it from browsing until it is unarchived', async () => {
    const { owner, admin, alice, bob, audit } = await roomAdminSetup();
    const roomId = await roomWith(alice, 'old project', [bob, admin]);
    const kept = (await sendTo(bob.socket, roomId, 'written before')).message;
    const bobSees = next<{ room: Room }>(bob.socket, 'room:updated', (u) => u.room.id === roomId);
    const archived = await request(alice.socket, 'room:archive', { roomId, archived: true });
    expect(archived).toMatchObject({ ok: true, room: { id: roomId, archived: true } });
    expect((await bobSees).room.archived).toBe(true);

    // Every write is refused with room_archived.
    const refusals = [
      await sendTo(bob.socket, roomId, 'too late'),
      await request(bob.socket, 'message:edit', { messageId: kept.id, text: 'changed' }),
      await request(alice.socket, 'message:react', { messageId: kept.id, emoji: '👍', on: true }),
      await request(bob.socket, 'message:delete', { messageId: kept.id }),
      // An admin's moderation too: the room is read-only for everyone.
      await request(admin.socket, 'message:delete', { messageId: kept.id }),
      await request(alice.socket, 'room:update', { roomId, topic: 'x' }),
    ];
    expect(refusals.map((r) => r.error?.code)).toEqual(Array(6).fill('room_archived'));
    // Typing is dropped without a word.
    const typing = next(alice.socket, 'typing', () => true, 300).then(
      () => 'relayed',
      () => 'dropped',
    );
    bob.socket.emit('typing', { roomId, typing: true });
    expect(await typing).toBe('dropped');

    // Members still read it and list it; nobody else browses it or joins it.
    const history = await request(bob.socket, 'message:history', { roomId });
    expect(history.messages.map((m: { text: string }) => m.text)).toEqual(['written before']);
    const mine = await request(bob.socket, 'rooms:list', { joined: true });
    expect(mine.rooms.find((r: RoomListing) => r.id === roomId)).toMatchObject({
      archived: true,
      joined: true,
    });
    expect(ids(await request(bob.socket, 'rooms:list', {}))).toContain(roomId);
    expect(ids(await request(owner.socket, 'rooms:list', {}))).not.toContain(roomId);
    expect(ids(await request(owner.socket, 'rooms:list', { joined: false }))).not.toContain(roomId);
    expect((await request(owner.socket, 'room:join', { roomId })).error.code).toBe('room_archived');

    // Unarchived: everything is back.
    const restored = await request(alice.socket, 'room:archive', { roomId, archived: false });
    expect(restored.ok).toBe(true);
    expect('archived' in restored.room).toBe(false);
    const aliceHears = hears(alice.socket, 'back again', 2000);
    expect((await sendTo(bob.socket, roomId, 'back again')).ok).toBe(true);
    expect(await aliceHears).toBe(true);
    expect(
      (await request(bob.socket, 'message:edit', { messageId: kept.id, text: 'edited' })).ok,
    ).toBe(true);
    expect(ids(await request(owner.socket, 'rooms:list', { joined: false }))).toContain(roomId);
    expect((await request(owner.socket, 'room:join', { roomId })).ok).toBe(true);
    const relayed = next(alice.socket, 'typing', (t) => t.roomId === roomId, 2000);
    bob.socket.emit('typing', { roomId, typing: true });
    expect((await relayed).user.id).toBe(bob.id);

    expect(audit().map((e) => [e.action, e.actor_id, e.target_label])).toEqual([
      ['room.archive', alice.id, '#old project'],
      ['room.unarchive', alice.id, '#old project'],
    ]);
  });

  it('is for the creator and admins; never for the default room', async () => {
    const { owner, admin, alice, bob } = await roomAdminSetup();
    const roomId = await roomWith(alice, 'plans', [bob]);
    expect((await request(bob.socket, 'room:archive', { roomId, archived: true })).error.code).toBe(
      'forbidden',
    );
    const byAdmin = await request(admin.socket, 'room:archive', { roomId, archived: true });
    expect(byAdmin.room.archived).toBe(true);
    // Asking again changes nothing and says so with the room as it is.
    const again = await request(admin.socket, 'room:archive', { roomId, archived: true });
    expect(again.room.archived).toBe(true);
    for (const socket of [owner.socket, admin.socket, alice.socket])
      expect(
        (await request(socket, 'room:archive', { roomId: 1, archived: true })).error.code,
      ).toBe('forbidden');
    await sleep(0);
  });
});
