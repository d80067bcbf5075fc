import { expect, it } from 'vitest';
import type { StoreKind } from './harness.js';
import { membershipContract } from './room-membership-contract.js';
import { made, people, roomOf } from './room-people.js';
import { roomRaces } from './room-races.js';

const HOUR = 3_600_000;

/** Rooms and memberships: what every ChatStore must do the same way (store.ts RoomStore). */
export function roomContract(kind: StoreKind): void {
  it('refuses a name that looks like a public one, or like a private one the creator is in', async () => {
    const store = await (await kind.fresh()).open();
    const [ann = 0, bob = 0, cat = 0] = await people(store, ['ann', 'bob', 'cat']);
    const create = (createdBy: number, name: string, kind: 'public' | 'private' = 'public') =>
      store.createRoom({ name, kind, createdBy, now: 5 });
    const lounge = roomOf(await create(bob, 'Lounge'));
    expect(lounge).toEqual({
      id: lounge.id,
      name: 'Lounge',
      kind: 'public',
      memberCount: 1,
      lastMessageId: 0,
      changeSeq: 0,
      createdBy: bob,
    });
    expect(await store.getRoom(lounge.id)).toEqual(lounge);
    expect(await store.isMember(lounge.id, bob)).toBe(true);
    const taken = { ok: false, reason: 'name_taken' };
    // Case, full-width letters, capital I for l: all look like a public room's name.
    for (const name of ['lounge', 'ＬＯＵＮＧＥ', 'LOUNGE', 'Iounge', 'general'])
      expect(await create(cat, name)).toEqual(taken);
    expect(await create(cat, 'lounge', 'private')).toEqual(taken);
    const den = roomOf(await create(bob, 'Den', 'private'));
    expect(den).toMatchObject({ kind: 'private', memberCount: 1 });
    expect(await create(bob, 'DEN', 'private')).toEqual(taken);
    expect(await create(bob, 'den')).toEqual(taken);
    // Someone else's private room never counts: its name must not leak.
    expect(await create(cat, 'den', 'private')).toMatchObject({ ok: true });
    expect(await create(ann, 'den')).toMatchObject({ ok: true });
    expect(await store.getRoom(999_999)).toBeUndefined();
  });

  it('holds a member to rooms per hour (counting deleted ones) and rooms at once', async () => {
    const store = await (await kind.fresh()).open();
    const [ann = 0, bob = 0] = await people(store, ['ann', 'bob']);
    const t0 = 10_000_000;
    const quota = { perHour: 2, total: 3 };
    const create = (name: string, now: number, kind: 'public' | 'private' = 'public') =>
      store.createRoom({ name, kind, createdBy: bob, now, quota });
    const first = roomOf(await create('one', t0, 'private'));
    await create('two', t0 + 10);
    expect(await create('three', t0 + 20)).toEqual({
      ok: false,
      reason: 'hourly_quota',
      retryAfterMs: HOUR - 20,
    });
    // Leaving deletes the private room, but it still counts against the hour.
    expect(await store.removeMember(first.id, bob)).toEqual({ status: 'deleted', invitees: [] });
    expect(await create('three', t0 + 30)).toMatchObject({ reason: 'hourly_quota' });
    expect(await create('three', t0 + HOUR)).toMatchObject({ ok: true });
    expect(await create('four', t0 + HOUR + 5)).toEqual({
      ok: false,
      reason: 'hourly_quota',
      retryAfterMs: 5,
    });
    // A direct room is no room of theirs: with it, bob still has two of three.
    await store.openDirect({ userIds: [ann, bob], openedBy: bob, now: t0 + 2 * HOUR });
    expect(await create('four', t0 + 3 * HOUR)).toMatchObject({ ok: true });
    // Two, three and four exist: the total is reached, whatever the hour says.
    expect(await create('five', t0 + 5 * HOUR)).toEqual({ ok: false, reason: 'total_quota' });
    // Without a quota (the owner's way) nothing is counted.
    expect(
      await store.createRoom({ name: 'five', kind: 'public', createdBy: bob, now: 1 }),
    ).toMatchObject({ ok: true });
  });

  it('lists joined or public rooms a page at a time, matching a query, with read state', async () => {
    const db = await kind.fresh();
    const store = await db.open();
    const [ann = 0, bob = 0, cat = 0] = await people(store, ['ann', 'bob', 'cat']);
    const alpha = await made(store, bob, 'alpha');
    const beta = await made(store, bob, 'beta');
    const gamma = await made(store, bob, 'gamma', 'private');
    const alphabet = await made(store, ann, 'Alphabet');
    const odd = await made(store, ann, '50%_off');
    const dm = roomOf(await store.openDirect({ userIds: [ann, bob], openedBy: bob, now: 0 })).id;
    const ids = async (userId: number, query: Parameters<typeof store.listRooms>[1]) =>
      (await store.listRooms(userId, query)).rooms.map((room) => room.id);

    const first = await store.listRooms(bob, { joined: true, limit: 2 });
    expect(first.rooms.map((room) => room.name)).toEqual(['general', 'alpha']);
    expect(first.nextCursor).toBe(alpha);
    const rest = await store.listRooms(bob, { joined: true, after: alpha, limit: 4 });
    expect(rest.rooms.map((room) => room.id)).toEqual([beta, gamma, dm]);
    expect(rest.nextCursor).toBeNull();
    expect(rest.rooms[2]).toMatchObject({
      kind: 'direct',
      joined: true,
      read: { lastReadId: 0, unread: 0, mentions: 0, notify: 'all' },
    });
    expect(rest.rooms[2]?.members?.map((m) => m.username)).toEqual(['ann', 'bob']);
    expect(rest.rooms[0]).toMatchObject({ joined: true, read: { notify: 'mentions' } });

    const browsed = await store.listRooms(bob, { limit: 10 });
    expect(browsed.rooms.map((room) => [room.name, room.joined])).toEqual([
      ['general', true],
      ['alpha', true],
      ['beta', true],
      ['Alphabet', false],
      ['50%_off', false],
    ]);
    expect(browsed.rooms[3]).not.toHaveProperty('read');
    expect(await ids(bob, { joined: false, limit: 10 })).toEqual([alphabet, odd]);
    // ASCII letters match in any case; % and _ match only themselves.
    expect(await ids(cat, { query: 'ALPHA', limit: 10 })).toEqual([alpha, alphabet]);
    expect(await ids(cat, { query: '%', limit: 10 })).toEqual([odd]);
    expect(await ids(cat, { query: 'a_p', limit: 10 })).toEqual([]);
    expect(await ids(bob, { joined: true, query: 'MM', limit: 10 })).toEqual([gamma]);

    // Two messages by ann in alpha, one mentioning bob: unread for bob, not for ann.
    await db.seed.message(alpha, ann, bob);
    const last = await db.seed.message(alpha, ann);
    const read = async (userId: number) =>
      (await store.listRooms(userId, { joined: true, limit: 10 })).rooms.find((r) => r.id === alpha)
        ?.read;
    expect(await read(bob)).toEqual({ lastReadId: 0, unread: 2, mentions: 1, notify: 'mentions' });
    // A new member has read what was there before they came.
    expect(await store.addMember(alpha, cat)).toBe(true);
    expect(await read(cat)).toEqual({
      lastReadId: last,
      unread: 0,
      mentions: 0,
      notify: 'mentions',
    });
  });

  membershipContract(kind);
  roomRaces(kind);
}
