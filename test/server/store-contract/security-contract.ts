import { expect, it } from 'vitest';
import { newUser, type ContractStore, type StoreKind } from './harness.js';

const open = { policy: 'open' as const, now: 0, setupVerified: true };
const DAY = 86_400_000;

/** A store with an owner and two members, and their ids. */
async function people(store: ContractStore): Promise<[number, number, number]> {
  const ids: number[] = [];
  for (const name of ['own', 'ann', 'bob']) {
    const made = await store.registerUser(newUser(name), open);
    if (!made.ok) throw new Error('no user');
    ids.push(made.user.id);
  }
  return ids as [number, number, number];
}

/** Sessions, passwords, reset codes and ownership: every ChatStore alike (SecurityStore). */
export function securityContract(kind: StoreKind): void {
  it('lists live sessions only, with their latest activity, and revokes them', async () => {
    const store = await (await kind.fresh()).open();
    const [, ann, bob] = await people(store);
    const session = (userId: number, hash: string, now: number, refreshExpiresAt = 10 * DAY) =>
      store.createSession({
        userId,
        refreshHash: hash,
        refreshExpiresAt,
        now,
        userAgent: 'UA',
        ip: '192.0.2.1',
      });
    const s1 = await session(ann, 'a1', 1_000);
    const s2 = await session(ann, 'a2', 2_000);
    const lapsed = await session(ann, 'a3', 3_000, 4_000);
    const old = await session(ann, 'a4', 0);
    const theirs = await session(bob, 'b1', 1_000);
    await store.noteSessionActivity([
      [s1, 5_000],
      [s1, 4_000],
      [s2, 1_500],
    ]);
    await store.noteSessionActivity([[s1, 4_500]]);
    const live = { now: 5_000, sessionMaxAgeMs: 4_500 };
    // `old` is past its lifetime and `lapsed` has no usable refresh token.
    expect(await store.userSessions(ann, live)).toEqual([
      { id: s1, userAgent: 'UA', ip: '192.0.2.1', startedAt: 1_000, lastActiveAt: 5_000 },
      { id: s2, userAgent: 'UA', ip: '192.0.2.1', startedAt: 2_000, lastActiveAt: 2_000 },
    ]);
    expect([lapsed, old]).not.toContain(s1);
    expect(await store.revokeOwnSession(ann, theirs, 6_000)).toBe(false);
    expect(await store.revokeOwnSession(ann, s2, 6_000)).toBe(true);
    expect(await store.revokeOwnSession(ann, s2, 6_000)).toBe(false);
    expect((await store.revokeOtherSessions(ann, s1, 7_000)).sort((x, y) => x - y)).toEqual(
      [lapsed, old].sort((x, y) => x - y),
    );
    expect(await store.sessionState(theirs)).toMatchObject({ revoked: false });
  });

  it('changes a password, ending other sessions and any reset code', async () => {
    const store = await (await kind.fresh()).open();
    const [own, ann] = await people(store);
    const keep = await store.createSession({
      userId: ann,
      refreshHash: 'k',
      refreshExpiresAt: DAY,
      now: 0,
    });
    const other = await store.createSession({
      userId: ann,
      refreshHash: 'o',
      refreshExpiresAt: DAY,
      now: 0,
    });
    await store.issuePasswordReset({ userId: ann, hash: 'r1', createdBy: own, expiresAt: DAY });
    expect(await store.setPassword(ann, 'new-hash', keep, 10)).toEqual([other]);
    expect(await store.findUserById(ann)).toMatchObject({ passwordHash: 'new-hash' });
    expect(await store.checkPasswordReset('ann', 'r1', 20)).toBeUndefined();
    expect(await store.sessionState(keep)).toMatchObject({ revoked: false });
  });

  it('honours a reset code only while its maker outranks the user, and spends it once', async () => {
    const store = await (await kind.fresh()).open();
    const [own, ann, bob] = await people(store);
    await store.issuePasswordReset({
      userId: ann,
      hash: 'by-owner',
      createdBy: own,
      expiresAt: DAY,
    });
    await store.issuePasswordReset({
      userId: own,
      hash: 'by-member',
      createdBy: bob,
      expiresAt: DAY,
    });
    expect(await store.checkPasswordReset('ann', 'by-owner', 10)).toBe(ann);
    expect(await store.checkPasswordReset('bob', 'by-owner', 10)).toBeUndefined();
    expect(await store.checkPasswordReset('ann', 'by-owner', DAY)).toBeUndefined();
    expect(await store.checkPasswordReset('own', 'by-member', 10)).toBeUndefined();
    const s = await store.createSession({
      userId: ann,
      refreshHash: 's',
      refreshExpiresAt: DAY,
      now: 0,
    });
    const redeemed = await store.redeemPasswordReset({
      username: 'ann',
      hash: 'by-owner',
      passwordHash: 'reset-hash',
      now: 10,
    });
    expect(redeemed).toEqual({
      user: { id: ann, username: 'ann', displayName: 'ann', role: 'member' },
      banned: false,
      revoked: [s],
    });
    const again = { username: 'ann', hash: 'by-owner', passwordHash: 'x', now: 11 };
    expect(await store.redeemPasswordReset(again)).toBeUndefined();
    // A banned maker's codes die with their standing.
    await store.issuePasswordReset({ userId: bob, hash: 'late', createdBy: own, expiresAt: DAY });
    await store.setBanned(own, true);
    expect(await store.checkPasswordReset('bob', 'late', 10)).toBeUndefined();
  });

  it('transfers ownership to a live account only, making the old owner an admin', async () => {
    const store = await (await kind.fresh()).open();
    const [own, ann, bob] = await people(store);
    expect(await store.transferOwnership(ann, bob)).toBeUndefined();
    expect(await store.transferOwnership(own, own)).toBeUndefined();
    expect(await store.transferOwnership(own, 999_999)).toBeUndefined();
    await store.setBanned(bob, true);
    expect(await store.transferOwnership(own, bob)).toBeUndefined();
    await store.issuePasswordReset({
      userId: bob,
      hash: 'from-old-owner',
      createdBy: own,
      expiresAt: DAY,
    });
    expect(await store.transferOwnership(own, ann)).toEqual({
      owner: { id: ann, username: 'ann', displayName: 'ann', role: 'owner' },
      previous: { id: own, username: 'own', displayName: 'own', role: 'admin' },
    });
    expect(await store.checkPasswordReset('bob', 'from-old-owner', 10)).toBeUndefined();
    expect(await store.isDeleted(ann)).toBe(false);
  });

  it('spends a reset code once and keeps one owner when two nodes act at the same moment', async () => {
    const db = await kind.fresh();
    const [a, b] = [await db.open(), await db.open()];
    const [own, ann, bob] = await people(a);
    for (let round = 0; round < 10; round++) {
      await a.issuePasswordReset({
        userId: ann,
        hash: `r${round}`,
        createdBy: own,
        expiresAt: DAY,
      });
      const redeem = (store: ContractStore, passwordHash: string) =>
        store.redeemPasswordReset({ username: 'ann', hash: `r${round}`, passwordHash, now: 10 });
      const both = await Promise.all([redeem(a, 'from-a'), redeem(b, 'from-b')]);
      expect(both.filter((outcome) => outcome !== undefined)).toHaveLength(1);
    }
    // The owner hands the server to two people at once: one transfer wins.
    const transfers = await Promise.all([
      a.transferOwnership(own, ann),
      b.transferOwnership(own, bob),
    ]);
    expect(transfers.filter((outcome) => outcome !== undefined)).toHaveLength(1);
    const roles = await Promise.all(
      [own, ann, bob].map(async (id) => (await a.findUserById(id))?.role),
    );
    expect(roles.filter((role) => role === 'owner')).toHaveLength(1);
  });
}
