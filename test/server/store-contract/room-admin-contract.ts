import { expect, it } from 'vitest';
import type { StoreKind } from './harness.js';
import { GENERAL, oneNode, send } from './message-people.js';
import { roomAdminRaces } from './room-admin-races.js';
import { made, roomOf } from './room-people.js';

const limits = { perHour: 100, pendingPerInvitee: 100 };

/** Room administration (room-admin-store.ts): every ChatStore alike. */
export function roomAdminContract(kind: StoreKind): void {
  it('renames a room and sets its topic under createRoom’s name rules', async () => {
    const { store, ids } = await oneNode(kind, ['own', 'ann', 'bob']);
    const [, ann = 0, bob = 0] = ids;
    expect(await store.roomAdminFacts(GENERAL)).toEqual({
      name: 'general',
      kind: 'public',
      createdBy: null,
      isDefault: true,
      archived: false,
    });
    const lounge = await made(store, ann, 'lounge');
    const den = await made(store, ann, 'den', 'private');
    const theirs = await made(store, bob, 'hideout', 'private');
    const update = (roomId: number, change: { name?: string; topic?: string }, actorId = ann) =>
      store.updateRoom({ roomId, actorId, ...change });
    const taken = { ok: false, reason: 'name_taken' };
    expect(await update(lounge, { name: 'Lounge', topic: 'chat' })).toEqual({
      ok: true,
      changed: true,
    });
    expect(await store.getRoom(lounge)).toMatchObject({ name: 'Lounge', topic: 'chat' });
    expect(await update(lounge, { name: 'Lounge', topic: 'chat' })).toEqual({
      ok: true,
      changed: false,
    });
    // A public room's look-alike, or that of a private room the actor is in, is taken.
    expect(await update(lounge, { name: 'GENERAL' })).toEqual(taken);
    expect(await update(lounge, { name: 'DEN' })).toEqual(taken);
    expect(await update(den, { name: 'lounge' })).toEqual(taken);
    // Someone else's private room does not count: its name must not leak.
    expect(await update(lounge, { name: 'Hideout' })).toEqual({ ok: true, changed: true });
    expect(await update(theirs, { name: 'hide-out', topic: '' }, bob)).toEqual({
      ok: true,
      changed: true,
    });
    expect(await update(lounge, { topic: '' })).toEqual({ ok: true, changed: true });
    expect(await store.getRoom(lounge)).not.toHaveProperty('topic');
    expect(await update(999_999, { topic: 'x' })).toEqual({ ok: false, reason: 'not_found' });
    expect(await store.roomAdminFacts(den)).toEqual({
      name: 'den',
      kind: 'private',
      createdBy: ann,
      isDefault: false,
      archived: false,
    });
    expect(await store.roomAdminFacts(999_999)).toBeUndefined();
  });

  it('archives and unarchives a room once each, and a store opened later knows it', async () => {
    const { db, store, ids } = await oneNode(kind, ['own', 'ann']);
    const lounge = await made(store, ids[1] ?? 0, 'lounge');
    expect(await store.setRoomArchived(lounge, false, 5)).toBe(false);
    expect(await store.setRoomArchived(lounge, true, 5)).toBe(true);
    expect(await store.setRoomArchived(lounge, true, 6)).toBe(false);
    expect(await store.isRoomArchived(lounge)).toBe(true);
    // The next start (or another node) reads it from the database.
    const later = await db.open();
    expect(await later.isRoomArchived(lounge)).toBe(true);
    expect(await later.roomAdminFacts(lounge)).toMatchObject({ archived: true });
    expect(await later.getRoom(lounge)).toMatchObject({ archived: true });
    expect(await later.setRoomArchived(lounge, false, 7)).toBe(true);
    expect(await later.isRoomArchived(lounge)).toBe(false);
    // While open, SQLite answers from memory (one process owns its database); PostgreSQL's
    // nodes share theirs, so each must see another's change at once.
    if (kind.name === 'PostgreSQL') expect(await store.isRoomArchived(lounge)).toBe(false);
    expect(await store.setRoomArchived(999_999, true, 5)).toBe(false);
    expect(await store.isRoomArchived(999_999)).toBe(false);
    // A deleted room is no longer archived.
    await later.setRoomArchived(lounge, true, 8);
    await later.deleteRoom(lounge);
    expect(await later.isRoomArchived(lounge)).toBe(false);
  });

  it('deletes a room with everything of it, telling who was in it or invited', async () => {
    const { store, ids } = await oneNode(kind, ['own', 'ann', 'bob', 'cat']);
    const [, ann = 0, bob = 0, cat = 0] = ids;
    const den = await made(store, ann, 'den', 'private');
    await store.addMember(den, bob);
    await store.invite({ roomId: den, inviterId: ann, inviteeId: cat, now: 0, limits });
    const message = await send(store, den, ann, 'hi @bob', {
      mentions: { names: ['bob'], room: false },
    });
    await store.react({ messageId: message.id, userId: bob, emoji: '👍', on: true, now: 1 });
    await store.removeFromRoom({ roomId: den, userId: bob, removedBy: ann, now: 2 });
    await store.addMember(den, bob);
    const deleted = await store.deleteRoom(den);
    expect({ ...deleted, members: deleted?.members.sort((a, b) => a - b) }).toEqual({
      members: [ann, bob],
      invitees: [cat],
    });
    expect(await store.getRoom(den)).toBeUndefined();
    expect(await store.getMessage(message.id)).toBeUndefined();
    expect(await store.invitations(cat)).toEqual([]);
    expect(await store.wasRemoved(den, bob)).toBe(false);
    expect(await store.memberRoomIds(bob)).toEqual([GENERAL]);
    expect(await store.deleteRoom(den)).toBeUndefined();
    // Its name is free again, under a new id.
    expect(await made(store, ann, 'den', 'private')).toBeGreaterThan(den);
  });

  it('removes a member, noting it until they accept an invitation back', async () => {
    const { store, ids } = await oneNode(kind, ['own', 'ann', 'bob', 'cat']);
    const [own = 0, ann = 0, bob = 0, cat = 0] = ids;
    const lounge = await made(store, ann, 'lounge');
    await store.addMember(lounge, bob);
    const remove = (roomId: number, userId: number) =>
      store.removeFromRoom({ roomId, userId, removedBy: own, now: 3 });
    expect(await remove(lounge, cat)).toEqual({ status: 'not_member' });
    expect(await store.wasRemoved(lounge, cat)).toBe(false);
    expect(await remove(lounge, bob)).toEqual({ status: 'left' });
    expect(await store.isMember(lounge, bob)).toBe(false);
    expect(await store.wasRemoved(lounge, bob)).toBe(true);
    expect(await store.wasRemoved(lounge, ann)).toBe(false);
    expect(await store.getRoom(lounge)).toMatchObject({ memberCount: 1 });
    // Joining again (the caller's check passed) keeps the note; an accepted invitation ends it.
    await store.addMember(lounge, bob);
    expect(await remove(lounge, bob)).toEqual({ status: 'left' });
    expect(await store.wasRemoved(lounge, bob)).toBe(true);
    await store.invite({ roomId: lounge, inviterId: ann, inviteeId: bob, now: 4, limits });
    expect(await store.acceptInvitation(lounge, bob)).toMatchObject({ id: lounge, memberCount: 2 });
    expect(await store.wasRemoved(lounge, bob)).toBe(false);
    // Two people's direct room has no administration.
    const pair = roomOf(await store.openDirect({ userIds: [ann, bob], openedBy: ann, now: 5 }));
    expect(await remove(pair.id, bob)).toEqual({ status: 'direct_pair' });
    // A private room's last member removed: the room goes, and with it any note.
    const den = await made(store, ann, 'den', 'private');
    await store.invite({ roomId: den, inviterId: ann, inviteeId: cat, now: 6, limits });
    expect(await remove(den, ann)).toEqual({ status: 'deleted', invitees: [cat] });
    expect(await store.getRoom(den)).toBeUndefined();
    expect(await store.wasRemoved(den, ann)).toBe(false);
  });

  roomAdminRaces(kind);
}
