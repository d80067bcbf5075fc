import { expect, it } from 'vitest';
import { DELETED_USER_NAME } from '../../../server/protocol.js';
import { newUser, type StoreKind } from './harness.js';
import { accountDeletionRaces } from './account-deletion-races.js';
import { invite, open } from './admin-people.js';
import { GENERAL, oneNode, send } from './message-people.js';
import { made, roomOf } from './room-people.js';

const limits = { perHour: 100, pendingPerInvitee: 100 };
/** A deletion at `now` that keeps messages, the username held until 1000. */
const keep = (userId: number, now = 100) => ({ userId, now, holdUntil: 1_000, tombstone: false });

/** Deleting an account (SecurityStore.deleteAccount): every ChatStore alike. */
export function accountDeletionContract(kind: StoreKind): void {
  it('anonymises the account, takes it out of rooms and drops what it held or handed out', async () => {
    const { store, ids } = await oneNode(kind, ['own', 'ann', 'bob', 'cat']);
    const [own = 0, ann = 0, bob = 0, cat = 0] = ids;
    await store.setAvatar(ann, 'avatar-key');
    const session = (hash: string) =>
      store.createSession({ userId: ann, refreshHash: hash, refreshExpiresAt: 10_000, now: 0 });
    const sessions = [await session('s1'), await session('s2')];
    const lounge = await made(store, bob, 'lounge');
    await store.addMember(lounge, ann);
    const said = await send(store, lounge, ann, 'still here');
    const den = await made(store, ann, 'den', 'private');
    await store.invite({ roomId: den, inviterId: ann, inviteeId: cat, now: 0, limits });
    const club = await made(store, bob, 'club', 'private');
    await store.addMember(club, ann);
    await store.invite({ roomId: club, inviterId: ann, inviteeId: cat, now: 0, limits });
    const bobs = await made(store, bob, 'bobs', 'private');
    await store.invite({ roomId: bobs, inviterId: bob, inviteeId: ann, now: 0, limits });
    const pair = roomOf(await store.openDirect({ userIds: [ann, bob], openedBy: ann, now: 0 }));
    const group = roomOf(
      await store.openDirect({ userIds: [ann, bob, cat], openedBy: ann, now: 0 }),
    );
    // An admin: the codes she made are live until she goes.
    await store.setUserRole({ actorId: own, targetId: ann, role: 'admin', now: 0 });
    await store.issuePasswordReset({
      userId: ann,
      hash: 'for-ann',
      createdBy: own,
      expiresAt: 9e9,
    });
    await store.issuePasswordReset({ userId: cat, hash: 'by-ann', createdBy: ann, expiresAt: 9e9 });
    await store.createInviteCode(invite('ann-code', ann, { expiresAt: 9e9 }));
    expect(await store.checkPasswordReset('cat', 'by-ann', 10)).toBe(cat);

    expect(await store.deleteAccount(keep(own))).toBeUndefined();
    expect(await store.deleteAccount(keep(999))).toBeUndefined();
    const deleted = await store.deleteAccount(keep(ann));
    expect(deleted).toEqual({
      sessions,
      leftRooms: [GENERAL, lounge, club, group.id],
      deletedRooms: [{ roomId: den, invitees: [cat] }],
      changedRooms: [],
      withdrawnInvitations: [{ roomId: club, inviteeId: cat }],
      avatar: 'avatar-key',
    });
    expect(await store.findUserById(ann)).toMatchObject({
      username: `~deleted-${ann}`,
      displayName: DELETED_USER_NAME,
      passwordHash: '',
    });
    expect((await store.profiles([ann]))[0]).toMatchObject({ displayName: DELETED_USER_NAME });
    expect(await store.isDeleted(ann)).toBe(true);
    expect(await store.memberRoomIds(ann)).toEqual([pair.id]);
    expect(await store.getRoom(den)).toBeUndefined();
    expect(await store.getRoom(group.id)).toMatchObject({ memberCount: 2 });
    expect(await store.invitations(ann)).toEqual([]);
    expect(await store.invitations(cat)).toEqual([]);
    expect(await store.getMessage(said.id)).toMatchObject({ text: 'still here', seq: 0 });
    for (const id of sessions)
      expect(await store.sessionState(id)).toMatchObject({ revoked: true });
    expect(await store.checkPasswordReset(`~deleted-${ann}`, 'for-ann', 10)).toBeUndefined();
    expect(await store.checkPasswordReset('cat', 'by-ann', 10)).toBeUndefined();
    expect((await store.inviteCodes(0)).map((code) => code.revoked)).toEqual([true]);
    // The old name is held until `holdUntil`, in any case; a second deletion changes nothing.
    expect(await store.checkRegistration('ANN', { ...open, now: 999 })).toBe('username_taken');
    expect(await store.checkRegistration('ann', { ...open, now: 1_000 })).toBeUndefined();
    expect(await store.deleteAccount({ ...keep(ann, 200), holdUntil: 5_000 })).toBeUndefined();
    expect(await store.registerUser(newUser('ann'), { ...open, now: 1_000 })).toMatchObject({
      ok: true,
    });
  });

  it('with tombstone, empties its messages and takes back its reactions, with change numbers', async () => {
    const { store, ids } = await oneNode(kind, ['own', 'ann', 'bob']);
    const [, ann = 0, bob = 0] = ids;
    const lounge = await made(store, bob, 'lounge');
    await store.addMember(lounge, ann);
    const react = (messageId: number, userId: number, emoji = '👍') =>
      store.react({ messageId, userId, emoji, on: true, now: 1 });
    const first = await send(store, GENERAL, ann, 'one');
    const second = await send(store, lounge, ann, 'two @bob @room', {
      mentions: { names: ['bob'], room: true },
    });
    const third = await send(store, GENERAL, ann, 'three');
    const theirs = await send(store, lounge, bob, 'theirs');
    const untouched = await send(store, lounge, bob, 'untouched');
    await react(first.id, bob);
    await react(theirs.id, ann);
    await react(theirs.id, ann, '🎉');
    await react(theirs.id, bob);
    const seqBefore = async (roomId: number) => (await store.getRoom(roomId))?.changeSeq ?? -1;
    const [general0, lounge0] = [await seqBefore(GENERAL), await seqBefore(lounge)];

    const deleted = await store.deleteAccount({
      userId: ann,
      now: 50,
      holdUntil: 60,
      tombstone: true,
    });
    expect(deleted?.changedRooms.sort((a, b) => a - b)).toEqual([GENERAL, lounge]);
    // Each message changed takes its room's next number, in id order within a room.
    expect(await store.getRoom(GENERAL)).toMatchObject({ changeSeq: general0 + 2 });
    expect(await store.getRoom(lounge)).toMatchObject({ changeSeq: lounge0 + 2 });
    const [one, two, three, their, still] = await Promise.all(
      [first, second, third, theirs, untouched].map((m) => store.getMessage(m.id)),
    );
    expect(one).toMatchObject({ text: '', deletedAt: 50, seq: general0 + 1 });
    expect(three).toMatchObject({ text: '', deletedAt: 50, seq: general0 + 2 });
    expect(two).toMatchObject({ text: '', deletedAt: 50, seq: lounge0 + 1 });
    for (const gone of [one, two, three]) {
      expect(gone?.reactions ?? []).toEqual([]);
      expect(gone?.mentions ?? []).toEqual([]);
      expect(gone?.mentionsRoom ?? false).toBe(false);
    }
    expect(their).toMatchObject({ text: 'theirs', seq: lounge0 + 2 });
    expect(their?.reactions?.map((r) => r.emoji)).toEqual(['👍']);
    expect(still).toMatchObject({ seq: untouched.seq });
    // Without tombstone nothing of the messages changes (bob's own deletion here).
    const bobs = await store.deleteAccount({
      userId: bob,
      now: 70,
      holdUntil: 80,
      tombstone: false,
    });
    expect(bobs?.changedRooms).toEqual([]);
    expect(await store.getMessage(theirs.id)).toMatchObject({ text: 'theirs', seq: lounge0 + 2 });
  });

  accountDeletionRaces(kind);
}
