import { describe, expect, it } from 'vitest';
import type { Message, Room, RoomListing } from '../../server/protocol.js';
import { next, request } from './helpers.js';
import { hears, roomAdminSetup, roomWith, sendTo } from './room-admin-helpers.js';

const GENERAL = 1;

describe('room:update', () => {
  it('lets the creator rename a room and set its topic; its members see it at once', async () => {
    const { alice, bob, audit } = await roomAdminSetup();
    const roomId = await roomWith(alice, 'plans', [bob]);
    const bobSees = next<{ room: Room }>(bob.socket, 'room:updated', (u) => u.room.id === roomId);
    const renamed = await request(alice.socket, 'room:update', {
      roomId,
      name: 'roadmap',
      topic: '  What ships in May  ',
    });
    expect(renamed).toMatchObject({
      ok: true,
      room: { id: roomId, name: 'roadmap', topic: 'What ships in May', createdBy: alice.id },
    });
    expect((await bobSees).room).toMatchObject({ name: 'roadmap', topic: 'What ships in May' });
    // '' clears the topic, and a cleared topic is absent, never ''.
    const cleared = await request(alice.socket, 'room:update', { roomId, topic: '' });
    expect(cleared.ok).toBe(true);
    expect('topic' in cleared.room).toBe(false);
    const listed = await request(bob.socket, 'rooms:list', { joined: true });
    expect(listed.rooms.find((r: RoomListing) => r.id === roomId).name).toBe('roadmap');
    expect(audit()).toEqual([
      expect.objectContaining({
        action: 'room.update',
        actor_id: alice.id,
        target_kind: 'room',
        target_id: String(roomId),
        target_label: '#roadmap',
        detail: 'renamed from #plans; topic set',
      }),
      expect.objectContaining({ action: 'room.update', detail: 'topic cleared' }),
    ]);
  });

  it('refuses a member who is not the creator, and lets an admin and the owner', async () => {
    const { owner, admin, alice, bob, audit } = await roomAdminSetup();
    const roomId = await roomWith(alice, 'plans', [bob]);
    const refused = await request(bob.socket, 'room:update', { roomId, name: 'mine now' });
    expect(refused.error.code).toBe('forbidden');
    // Admins act on public rooms they are not in.
    const byAdmin = await request(admin.socket, 'room:update', { roomId, topic: 'set by admin' });
    expect(byAdmin).toMatchObject({ ok: true, room: { topic: 'set by admin' } });
    const byOwner = await request(owner.socket, 'room:update', { roomId, name: 'plans-2' });
    expect(byOwner).toMatchObject({ ok: true, room: { name: 'plans-2' } });
    // Unchanged: nothing to record.
    expect((await request(owner.socket, 'room:update', { roomId, name: 'plans-2' })).ok).toBe(true);
    expect(audit().map((e) => [e.action, e.actor_id])).toEqual([
      ['room.update', admin.id],
      ['room.update', owner.id],
    ]);
  });

  it('keeps createRoom’s name rules: look-alikes are name_taken, bad input invalid_payload', async () => {
    const { alice, admin } = await roomAdminSetup();
    const roomId = await roomWith(alice, 'plans', []);
    // Cyrillic е, and a case change of another room's name.
    for (const name of ['gеneral', 'GENERAL'])
      expect((await request(alice.socket, 'room:update', { roomId, name })).error.code).toBe(
        'name_taken',
      );
    // A room may take a look-alike of its own name.
    expect((await request(alice.socket, 'room:update', { roomId, name: 'Plans' })).room.name).toBe(
      'Plans',
    );
    const bad = [
      { roomId },
      { roomId, name: '' },
      { roomId, name: 'a\u202Eb' },
      { roomId, topic: 'x'.repeat(251) },
      { roomId, topic: 'two\nlines' },
    ];
    for (const payload of bad)
      expect((await request(alice.socket, 'room:update', payload)).error.code).toBe(
        'invalid_payload',
      );
    // A private room someone is not in is not there, admins included.
    const secret = await roomWith(alice, 'secret', [], 'private');
    expect(
      (await request(admin.socket, 'room:update', { roomId: secret, topic: 'x' })).error.code,
    ).toBe('not_found');
  });

  it('gives direct conversations no administration', async () => {
    const { admin, alice } = await roomAdminSetup();
    const dm = await request(admin.socket, 'dm:open', { usernames: ['alice'] });
    const roomId = dm.room.id;
    expect((await request(admin.socket, 'room:update', { roomId, name: 'x' })).error.code).toBe(
      'forbidden',
    );
    expect(
      (await request(alice.socket, 'room:archive', { roomId, archived: true })).error.code,
    ).toBe('forbidden');
    expect(
      (await request(admin.socket, 'room:remove-member', { roomId, userId: alice.id })).error.code,
    ).toBe('forbidden');
  });
});

describe('room:remove-member', () => {
  it('takes the member’s sockets out of the room at once; they can no longer read it', async () => {
    const { admin, alice, bob, audit } = await roomAdminSetup();
    const roomId = await roomWith(alice, 'plans', [bob]);
    expect(
      (await request(alice.socket, 'room:remove-member', { roomId, userId: bob.id })).error.code,
    ).toBe('forbidden');
    const bobLeft = next(bob.socket, 'room:left');
    const aliceSees = next<{ room: Room }>(
      alice.socket,
      'room:updated',
      (u) => u.room.id === roomId,
    );
    expect(await request(admin.socket, 'room:remove-member', { roomId, userId: bob.id })).toEqual({
      ok: true,
    });
    expect(await bobLeft).toEqual({ roomId, reason: 'removed' });
    expect((await aliceSees).room.memberCount).toBe(1);

    expect((await request(bob.socket, 'message:history', { roomId })).error.code).toBe(
      'not_member',
    );
    expect((await sendTo(bob.socket, roomId, 'still here?')).error.code).toBe('not_member');
    expect(
      (await request(admin.socket, 'room:remove-member', { roomId, userId: bob.id })).error.code,
    ).toBe('not_member');
    expect(audit()).toEqual([
      expect.objectContaining({
        action: 'room.remove_member',
        actor_id: admin.id,
        target_id: String(roomId),
        target_label: '#plans',
        detail: '@bob',
      }),
    ]);
  });

  it('stops another member’s messages reaching a removed member, while the others still get them', async () => {
    const { owner, admin, alice, bob } = await roomAdminSetup();
    const roomId = await roomWith(alice, 'plans', [bob, owner]);
    // Presence follows: the room is told bob is no longer online in it.
    const presence = next<{ roomId: number; online: Array<{ id: number }> }>(
      owner.socket,
      'presence',
      (p) => p.roomId === roomId && !p.online.some((u) => u.id === bob.id),
    );
    await request(admin.socket, 'room:remove-member', { roomId, userId: bob.id });
    expect((await presence).online.map((u) => u.id).sort()).toEqual([owner.id, alice.id].sort());
    const bobHears = hears(bob.socket, 'hello room');
    const ownerHears = hears(owner.socket, 'hello room', 2000);
    expect((await sendTo(alice.socket, roomId, 'hello room')).ok).toBe(true);
    expect(await ownerHears).toBe(true);
    expect(await bobHears).toBe(false);
  });

  it('lets admins remove members only: nobody removes the owner, and an admin no other admin', async () => {
    const { owner, admin, alice } = await roomAdminSetup();
    const roomId = await roomWith(alice, 'plans', [owner, admin]);
    expect(
      (await request(admin.socket, 'room:remove-member', { roomId, userId: owner.id })).error.code,
    ).toBe('forbidden');
    const removed = await request(owner.socket, 'room:remove-member', { roomId, userId: admin.id });
    expect(removed).toEqual({ ok: true });
  });
});

describe('room:delete', () => {
  it('needs the room’s exact name; members are told, invitations end, nothing is left', async () => {
    const { owner, admin, alice, bob, audit, count } = await roomAdminSetup();
    const roomId = await roomWith(alice, 'Plans', [bob], 'private');
    await request(alice.socket, 'room:invite', { roomId, username: 'owner' });
    const doomed = await sendTo(bob.socket, roomId, 'a message that goes with the room @alice');
    await request(alice.socket, 'message:react', {
      messageId: doomed.message.id,
      emoji: '👍',
      on: true,
    });
    expect(count(`SELECT COUNT(*) FROM message_index WHERE message_index MATCH 'goes'`)).toBe(1);
    // Replies and thread replies point at other messages of the room: all go together.
    const reply = { roomId, replyTo: doomed.message.id, threadId: doomed.message.id };
    const answered = await request(alice.socket, 'message:send', {
      ...reply,
      text: 'a reply',
      clientId: 'reply-1',
    });
    expect(answered.ok).toBe(true);
    // Admins see only private rooms they are in; a member may not delete at all.
    await request(alice.socket, 'room:invite', { roomId, username: 'admin' });
    await request(admin.socket, 'invite:accept', { roomId });
    expect((await request(alice.socket, 'room:delete', { roomId, name: 'Plans' })).error.code).toBe(
      'forbidden',
    );
    for (const name of ['plans', 'Plan', ''])
      expect((await request(admin.socket, 'room:delete', { roomId, name })).error.code).toBe(
        'invalid_payload',
      );

    const aliceLeft = next(alice.socket, 'room:left');
    const bobLeft = next(bob.socket, 'room:left');
    const ownerInvite = next(owner.socket, 'invite:removed');
    expect(await request(admin.socket, 'room:delete', { roomId, name: 'Plans' })).toEqual({
      ok: true,
    });
    expect(await aliceLeft).toEqual({ roomId, reason: 'deleted' });
    expect(await bobLeft).toEqual({ roomId, reason: 'deleted' });
    expect(await ownerInvite).toEqual({ roomId });
    expect((await request(bob.socket, 'message:history', { roomId })).error.code).toBe(
      'not_member',
    );
    expect((await request(alice.socket, 'room:join', { roomId })).error.code).toBe('not_found');
    expect((await request(owner.socket, 'invite:accept', { roomId })).ok).toBe(false);
    // Nothing of the room is left: rows, invitations, reactions, mentions, search rows.
    for (const table of ['members', 'messages', 'room_invitations', 'mentions'])
      expect(count(`SELECT COUNT(*) FROM ${table} WHERE room_id = ?`, roomId)).toBe(0);
    expect(count(`SELECT COUNT(*) FROM message_index WHERE message_index MATCH 'goes'`)).toBe(0);
    expect(count('SELECT COUNT(*) FROM rooms WHERE id = ?', roomId)).toBe(0);
    const listed = await request(alice.socket, 'rooms:list', { joined: true });
    expect(listed.rooms.map((r: RoomListing) => r.id)).toEqual([GENERAL]);
    expect(audit()).toEqual([
      expect.objectContaining({
        action: 'room.delete',
        actor_id: admin.id,
        target_id: String(roomId),
        // Every admin reads the log: a private room goes by its id, never its name.
        target_label: `private room ${roomId}`,
        detail: 'private, 3 members',
      }),
    ]);
  });

  it('never deletes the default room', async () => {
    const { owner, admin } = await roomAdminSetup();
    for (const socket of [owner.socket, admin.socket])
      expect(
        (await request(socket, 'room:delete', { roomId: GENERAL, name: 'general' })).error.code,
      ).toBe('forbidden');
    expect((await request(owner.socket, 'message:history', { roomId: GENERAL })).ok).toBe(true);
  });
});

describe('message:delete by admins', () => {
  it('lets an admin delete anyone’s message, recorded; a member cannot delete another’s', async () => {
    const { admin, alice, bob, audit } = await roomAdminSetup();
    const sent = await sendTo(alice.socket, GENERAL, 'something to take down');
    const message: Message = sent.message;
    expect(
      (await request(bob.socket, 'message:delete', { messageId: message.id })).error.code,
    ).toBe('forbidden');
    const bobSees = next<Message>(bob.socket, 'message:updated', (m) => m.id === message.id);
    const deleted = await request(admin.socket, 'message:delete', { messageId: message.id });
    expect(deleted.ok).toBe(true);
    expect(deleted.message.deletedAt).toBeGreaterThan(0);
    expect((await bobSees).text).toBe('');
    // An author deleting their own message is no moderation: not in the log.
    const own = await sendTo(bob.socket, GENERAL, 'mine');
    expect((await request(bob.socket, 'message:delete', { messageId: own.message.id })).ok).toBe(
      true,
    );
    expect(audit()).toEqual([
      {
        action: 'message.delete',
        actor_id: admin.id,
        target_kind: 'message',
        target_id: String(message.id),
        target_label: '#general',
        detail: 'by @alice',
      },
    ]);
  });
});
