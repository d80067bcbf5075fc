import { expect, it } from 'vitest';
import type { StoreKind } from './harness.js';
import { invitationRaces } from './invitation-races.js';
import { made, people, roomOf } from './room-people.js';

const HOUR = 3_600_000;

/** Invitations to rooms and blocks between people: what every store must do with them. */
export function invitationContract(kind: StoreKind): void {
  it('invites under the hourly limit and the invitee cap, unless blocked or nothing new', async () => {
    const store = await (await kind.fresh()).open();
    const [ann = 0, bob = 0, cat = 0, dan = 0] = await people(store, ['ann', 'bob', 'cat', 'dan']);
    const den = await made(store, ann, 'den', 'private');
    const loft = await made(store, ann, 'loft', 'private');
    const limits = { perHour: 2, pendingPerInvitee: 2 };
    const invite = (roomId: number, inviterId: number, inviteeId: number, now: number) =>
      store.invite({ roomId, inviterId, inviteeId, now, limits });
    const first = await invite(den, ann, bob, 1000);
    expect(first).toEqual({
      status: 'invited',
      invitation: {
        room: {
          id: den,
          name: 'den',
          kind: 'private',
          memberCount: 1,
          lastMessageId: 0,
          changeSeq: 0,
          createdBy: ann,
        },
        inviter: { id: ann, username: 'ann', displayName: 'ann' },
        createdAt: 1000,
      },
    });
    // Nothing new (invited already, by anyone; a member) costs nothing.
    expect(await invite(den, ann, bob, 1001)).toEqual({ status: 'unchanged' });
    expect(await invite(den, cat, bob, 1001)).toEqual({ status: 'unchanged' });
    expect(await invite(den, ann, ann, 1001)).toEqual({ status: 'unchanged' });
    expect(await invite(loft, ann, bob, 2000)).toMatchObject({ status: 'invited' });
    // Two in the hour: the next waits until the oldest is an hour old.
    const limited = { status: 'rate_limited', retryAfterMs: 1000 + HOUR - 3000 };
    expect(await invite(den, ann, cat, 3000)).toEqual(limited);
    expect(await invite(den, ann, cat, 1000 + HOUR)).toMatchObject({ status: 'invited' });
    // Bob has two waiting: a third is refused, and costs dan nothing.
    const attic = await made(store, dan, 'attic', 'private');
    expect(await invite(attic, dan, bob, 5000)).toEqual({ status: 'invitee_full' });
    expect(await invite(attic, dan, cat, 5000)).toMatchObject({ status: 'invited' });
    // Bob blocked dan: dropped, not stored, yet counted as sent.
    expect(await store.block(bob, dan, 5000, 10)).toEqual([]);
    expect(await invite(attic, dan, bob, 5001)).toEqual({ status: 'dropped' });
    expect(await invite(attic, dan, ann, 5002)).toEqual({
      status: 'rate_limited',
      retryAfterMs: 5000 + HOUR - 5002,
    });
    const waiting = await store.invitations(bob);
    expect(waiting.map((i) => [i.room.id, i.inviter.id, i.createdAt])).toEqual([
      [den, ann, 1000],
      [loft, ann, 2000],
    ]);
  });

  it('lists invitations oldest first, then by room', async () => {
    const store = await (await kind.fresh()).open();
    const [ann = 0, bob = 0, cat = 0] = await people(store, ['ann', 'bob', 'cat']);
    const rooms = [await made(store, ann, 'a'), await made(store, cat, 'b')];
    const three = await made(store, ann, 'c');
    const limits = { perHour: 10, pendingPerInvitee: 10 };
    await store.invite({ roomId: three, inviterId: ann, inviteeId: bob, now: 9, limits });
    for (const [i, roomId] of [...rooms].reverse().entries())
      await store.invite({ roomId, inviterId: i ? ann : cat, inviteeId: bob, now: 5, limits });
    const listed = await store.invitations(bob);
    expect(listed.map((i) => i.room.id)).toEqual([...rooms, three]);
    expect(listed[1]?.inviter).toEqual({ id: cat, username: 'cat', displayName: 'cat' });
    expect(await store.invitations(cat)).toEqual([]);
  });

  it('spends an invitation on accepting (joining) or declining it', async () => {
    const db = await kind.fresh();
    const store = await db.open();
    const [ann = 0, bob = 0, cat = 0, dan = 0] = await people(store, ['ann', 'bob', 'cat', 'dan']);
    const den = await made(store, ann, 'den', 'private');
    const limits = { perHour: 10, pendingPerInvitee: 10 };
    for (const inviteeId of [bob, cat])
      await store.invite({ roomId: den, inviterId: ann, inviteeId, now: 1, limits });
    // An admin's removal of bob (in, then removed): noted until he accepts an invitation.
    await store.addMember(den, bob);
    await store.removeFromRoom({ roomId: den, userId: bob, removedBy: ann, now: 1 });
    expect(await store.wasRemoved(den, bob)).toBe(true);
    const room = { id: den, name: 'den', kind: 'private', lastMessageId: 0, changeSeq: 0 };
    expect(await store.acceptInvitation(den, bob)).toEqual({
      ...room,
      memberCount: 2,
      createdBy: ann,
    });
    expect(await store.isMember(den, bob)).toBe(true);
    // Invited back by a member: an admin's removal of bob no longer holds.
    expect(await store.wasRemoved(den, bob)).toBe(false);
    expect(await store.invitations(bob)).toEqual([]);
    expect(await store.acceptInvitation(den, bob)).toBeUndefined();
    expect(await store.acceptInvitation(den, dan)).toBeUndefined();
    expect(await store.isMember(den, dan)).toBe(false);
    expect(await store.declineInvitation(den, cat)).toBe(true);
    expect(await store.declineInvitation(den, cat)).toBe(false);
    expect(await store.acceptInvitation(den, cat)).toBeUndefined();
    expect(await store.isMember(den, cat)).toBe(false);
    // A dropped room takes its invitations: nothing is left to accept.
    const loft = await made(store, ann, 'loft', 'private');
    await store.invite({ roomId: loft, inviterId: ann, inviteeId: dan, now: 2, limits });
    expect(await store.removeMember(loft, ann)).toEqual({ status: 'deleted', invitees: [dan] });
    expect(await store.acceptInvitation(loft, dan)).toBeUndefined();
    expect(await store.invitations(dan)).toEqual([]);
  });

  it('blocks up to the cap, withdrawing the invitations the blocked person sent', async () => {
    const store = await (await kind.fresh()).open();
    const names = ['ann', 'zed', 'bob', 'cat'];
    const [ann = 0, zed = 0, bob = 0, cat = 0] = await people(store, names);
    const limits = { perHour: 10, pendingPerInvitee: 10 };
    const rooms = [await made(store, zed, 'r1'), await made(store, zed, 'r2')];
    const r3 = await made(store, cat, 'r3');
    for (const roomId of rooms)
      await store.invite({ roomId, inviterId: zed, inviteeId: ann, now: 1, limits });
    await store.invite({ roomId: r3, inviterId: cat, inviteeId: ann, now: 1, limits });
    const withdrawn = await store.block(ann, zed, 10, 2);
    expect(withdrawn === false ? withdrawn : [...withdrawn].sort((x, y) => x - y)).toEqual(rooms);
    expect((await store.invitations(ann)).map((i) => i.room.id)).toEqual([r3]);
    expect(await store.isBlocked(ann, zed)).toBe(true);
    expect(await store.isBlocked(zed, ann)).toBe(false);
    // Blocking again is no new block: allowed at the cap.
    expect(await store.block(ann, zed, 11, 1)).toEqual([]);
    expect(await store.block(ann, cat, 12, 1)).toBe(false);
    expect(await store.isBlocked(ann, cat)).toBe(false);
    expect((await store.invitations(ann)).map((i) => i.room.id)).toEqual([r3]);
    expect(await store.block(ann, cat, 12, 2)).toEqual([r3]);
    expect(await store.block(ann, bob, 13, 2)).toBe(false);
    const ref = (id: number, name: string) => ({ id, username: name, displayName: name });
    expect(await store.blockedUsers(ann)).toEqual([ref(cat, 'cat'), ref(zed, 'zed')]);
    expect(await store.blockedUsers(zed)).toEqual([]);
    await store.unblock(ann, zed);
    await store.unblock(ann, bob);
    expect(await store.isBlocked(ann, zed)).toBe(false);
    expect(await store.blockedUsers(ann)).toEqual([ref(cat, 'cat')]);
    expect(await store.block(ann, bob, 14, 2)).toEqual([]);
  });

  it('tells direct rooms blocked for pairs and groups, by their set of people', async () => {
    const store = await (await kind.fresh()).open();
    const [ann = 0, bob = 0, cat = 0, dan = 0] = await people(store, ['ann', 'bob', 'cat', 'dan']);
    const pair = roomOf(await store.openDirect({ userIds: [ann, bob], openedBy: ann, now: 0 })).id;
    const group = roomOf(
      await store.openDirect({ userIds: [ann, cat, dan], openedBy: ann, now: 0 }),
    ).id;
    const lounge = await made(store, ann, 'lounge');
    expect(await store.directBlock(pair, ann)).toBe('none');
    await store.block(ann, bob, 1, 10);
    await store.block(ann, cat, 1, 10);
    expect(await store.directBlock(pair, ann)).toBe('blocking');
    expect(await store.directBlock(pair, bob)).toBe('blocked');
    // In a group the blocked person is stopped; the blocker and the others are not.
    expect(await store.directBlock(group, cat)).toBe('blocked');
    expect(await store.directBlock(group, ann)).toBe('none');
    expect(await store.directBlock(group, dan)).toBe('none');
    // Still a group when two are left in it: ann's own block does not stop her.
    expect(await store.removeMember(group, dan)).toEqual({ status: 'left' });
    expect(await store.directBlock(group, ann)).toBe('none');
    expect(await store.directBlock(group, cat)).toBe('blocked');
    // Blocks count for direct rooms only, and a room that is not there is none either.
    await store.block(bob, ann, 2, 10);
    expect(await store.directBlock(lounge, ann)).toBe('none');
    expect(await store.directBlock(lounge, ann)).toBe('none');
    expect(await store.directBlock(lounge + 100, ann)).toBe('none');
    expect(await store.directBlock(pair, ann)).toBe('blocked');
    await store.unblock(bob, ann);
    await store.unblock(ann, bob);
    expect(await store.directBlock(pair, bob)).toBe('none');
  });

  invitationRaces(kind);
}
