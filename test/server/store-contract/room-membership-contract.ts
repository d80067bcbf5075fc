import { expect, it } from 'vitest';
import type { StoreKind } from './harness.js';
import { made, people, roomOf } from './room-people.js';

/** Joining, leaving, direct rooms and member pages: part of the room contract. */
export function membershipContract(kind: StoreKind): void {
  it('adds and removes members, and drops a private room its last member leaves', async () => {
    const db = await kind.fresh();
    const store = await db.open();
    const [ann = 0, bob = 0, cat = 0] = await people(store, ['ann', 'bob', 'cat']);
    const lounge = await made(store, ann, 'lounge');
    expect(await store.addMember(lounge, bob)).toBe(true);
    expect(await store.addMember(lounge, bob)).toBe(false);
    expect(await store.getRoom(lounge)).toMatchObject({ memberCount: 2 });
    expect(await store.memberRoomIds(bob)).toEqual([1, lounge]);
    expect(await store.removeMember(lounge, cat)).toEqual({ status: 'not_member' });
    expect(await store.removeMember(lounge, bob)).toEqual({ status: 'left' });
    expect(await store.isMember(lounge, bob)).toBe(false);
    // A public room stays when its last member goes: anyone may join it again.
    expect(await store.removeMember(lounge, ann)).toEqual({ status: 'left' });
    expect(await store.getRoom(lounge)).toMatchObject({ memberCount: 0 });

    const den = await made(store, bob, 'den', 'private');
    await store.addMember(den, cat);
    const limits = { perHour: 10, pendingPerInvitee: 10 };
    await store.invite({ roomId: den, inviterId: bob, inviteeId: ann, now: 0, limits });
    await store.addMember(den, ann);
    await store.removeFromRoom({ roomId: den, userId: ann, removedBy: bob, now: 0 });
    await db.seed.message(den, bob, cat);
    expect(await store.removeMember(den, cat)).toEqual({ status: 'left' });
    expect(await store.getRoom(den)).toMatchObject({ memberCount: 1 });
    // The last one out: the room goes with its messages, invitations and removals.
    expect(await store.removeMember(den, bob)).toEqual({ status: 'deleted', invitees: [ann] });
    expect(await store.getRoom(den)).toBeUndefined();
    expect(await store.wasRemoved(den, ann)).toBe(false);
    expect(await store.memberRoomIds(bob)).toEqual([1]);
    expect(await store.removeMember(den, bob)).toEqual({ status: 'not_member' });
    // Its name is free again, and its id is never handed out again.
    const again = await made(store, bob, 'den', 'private');
    expect(again).toBeGreaterThan(den);
    await expect(store.addMember(den, cat)).rejects.toThrow(/foreign key/i);
  });

  it('opens one direct room per set of people, in any order, unless a block forbids it', async () => {
    const db = await kind.fresh();
    const store = await db.open();
    const [ann = 0, bob = 0, cat = 0, dan = 0] = await people(store, ['ann', 'bob', 'cat', 'dan']);
    const pair = await store.openDirect({ userIds: [bob, ann], openedBy: bob, now: 7 });
    const room = roomOf(pair);
    expect(pair).toEqual({
      ok: true,
      changed: true,
      room: {
        id: room.id,
        name: 'direct',
        kind: 'direct',
        memberCount: 2,
        lastMessageId: 0,
        changeSeq: 0,
        members: [
          { id: ann, username: 'ann', displayName: 'ann' },
          { id: bob, username: 'bob', displayName: 'bob' },
        ],
      },
    });
    expect(await store.getRoom(room.id)).toEqual(room);
    expect(await store.openDirect({ userIds: [ann, bob, ann], openedBy: ann, now: 8 })).toEqual({
      ...pair,
      changed: false,
    });
    // Nobody leaves a conversation of two.
    expect(await store.removeMember(room.id, bob)).toEqual({ status: 'direct_pair' });
    expect(await store.isMember(room.id, bob)).toBe(true);

    // Ann blocks bob: bob is turned away, ann still opens it.
    await store.block(ann, bob, 0, 10);
    const blocked = { ok: false, reason: 'blocked' };
    expect(await store.openDirect({ userIds: [ann, bob], openedBy: bob, now: 9 })).toEqual(blocked);
    expect(await store.openDirect({ userIds: [ann, bob], openedBy: ann, now: 9 })).toMatchObject({
      ok: true,
      room: { id: room.id },
    });
    // In a group, any block between any two of them refuses it, to anyone.
    expect(await store.openDirect({ userIds: [cat, ann, bob], openedBy: cat, now: 9 })).toEqual(
      blocked,
    );

    // A new group costs its opener a room of the hour; opening it again costs nothing.
    const t = 50_000_000;
    const group = roomOf(
      await store.openDirect({ userIds: [dan, cat, bob], openedBy: cat, now: t, perHour: 1 }),
    );
    expect(group.members?.map((m) => m.id)).toEqual([bob, cat, dan]);
    expect(
      await store.openDirect({ userIds: [bob, dan, cat], openedBy: dan, now: t, perHour: 1 }),
    ).toMatchObject({ ok: true, changed: false, room: { id: group.id } });
    expect(
      await store.openDirect({ userIds: [cat, bob, dan], openedBy: cat, now: t + 1, perHour: 1 }),
    ).toMatchObject({ ok: true, room: { id: group.id } });
    expect(
      await store.openDirect({ userIds: [ann, cat, dan], openedBy: cat, now: t + 1, perHour: 1 }),
    ).toEqual({ ok: false, reason: 'hourly_quota', retryAfterMs: 3_599_999 });
    // It is the allowance createRoom counts.
    const quota = { perHour: 1, total: 10 };
    expect(
      await store.createRoom({ name: 'x', kind: 'public', createdBy: cat, now: t + 2, quota }),
    ).toMatchObject({ ok: false, reason: 'hourly_quota' });
    // A group is left, and whoever left is back when its set is opened again.
    expect(await store.removeMember(group.id, dan)).toEqual({ status: 'left' });
    expect(await store.getRoom(group.id)).toMatchObject({ memberCount: 2 });
    expect(await store.openDirect({ userIds: [bob, cat, dan], openedBy: bob, now: t + 3 })).toEqual(
      { ok: true, changed: true, room: { ...group, memberCount: 3 } },
    );
    await expect(
      store.openDirect({ userIds: [bob, bob], openedBy: bob, now: 0 }),
    ).rejects.toThrow();
  });

  it('pages members by id, leaving out the skipped, and counts everyone', async () => {
    const store = await (await kind.fresh()).open();
    const ids = await people(store, ['ann', 'bob', 'cat', 'dan', 'eve']);
    const [ann = 0, bob = 0, cat = 0, dan = 0, eve = 0] = ids;
    const room = await made(store, cat, 'club');
    for (const id of [eve, ann, dan, bob]) await store.addMember(room, id);
    const names = (page: { members: { username: string }[] }) =>
      page.members.map((m) => m.username);
    const first = await store.roomMembers(room, { after: 0, limit: 2 });
    expect(first).toMatchObject({ more: true, total: 5 });
    expect(first.members[0]).toEqual({ id: ann, username: 'ann', displayName: 'ann' });
    expect(names(first)).toEqual(['ann', 'bob']);
    const next = await store.roomMembers(room, { after: bob, limit: 2, skip: [cat] });
    expect(names(next)).toEqual(['dan', 'eve']);
    expect(next).toMatchObject({ more: false, total: 5 });
    expect(await store.roomMembers(room, { after: dan, limit: 2 })).toMatchObject({
      more: false,
      total: 5,
    });
    expect(names(await store.roomMembers(room, { after: 0, limit: 9, skip: [ann, eve] }))).toEqual([
      'bob',
      'cat',
      'dan',
    ]);
    expect(await store.roomMembers(999_999, { after: 0, limit: 5 })).toEqual({
      members: [],
      more: false,
      total: 0,
    });
  });
}
