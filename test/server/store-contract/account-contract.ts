import { expect, it } from 'vitest';
import { newUser, type StoreKind } from './harness.js';

const open = { policy: 'open' as const, now: 1_000, setupVerified: true };

/** Registration and users: what every ChatStore must do the same way (store.ts AccountStore). */
export function accountContract(kind: StoreKind): void {
  it('makes the first account the owner only with a verified setup, and the rest members', async () => {
    const store = await (await kind.fresh()).open();
    expect(await store.registerUser(newUser('ann'), { ...open, setupVerified: false })).toEqual({
      ok: false,
      reason: 'setup_required',
    });
    expect(await store.countUsers()).toBe(0);
    const owner = await store.registerUser(newUser('ann'), open);
    expect(owner).toMatchObject({ ok: true, user: { username: 'ann', role: 'owner' } });
    const member = await store.registerUser(newUser('bob'), { ...open, setupVerified: false });
    expect(member).toMatchObject({ ok: true, user: { username: 'bob', role: 'member' } });
    expect(await store.countUsers()).toBe(2);
    expect(await store.registerUser(newUser('bob'), open)).toEqual({
      ok: false,
      reason: 'username_taken',
    });
    const found = await store.findUserByUsername('bob');
    expect(found).toMatchObject({
      username: 'bob',
      role: 'member',
      passwordHash: 'x',
      banned: false,
    });
    expect(await store.findUserById(found?.id ?? 0)).toEqual(found);
    expect(await store.findUserByUsername('nobody')).toBeUndefined();
    await store.setBanned(found?.id ?? 0, true);
    expect(await store.findUserById(found?.id ?? 0)).toMatchObject({ banned: true });
  });

  it('checks the policy, then the invite, then the username, and spends an invite once', async () => {
    const store = await (await kind.fresh()).open();
    const owner = await store.registerUser(newUser('ann'), open);
    if (!owner.ok) throw new Error('no owner');
    await store.registerUser(newUser('bob'), open);
    const closed = { ...open, policy: 'closed' as const };
    expect(await store.registerUser(newUser('bob'), closed)).toEqual({
      ok: false,
      reason: 'registration_closed',
    });
    const invite = { ...open, policy: 'invite' as const };
    // A taken name behind a bad invite says invalid_invite: names are not revealed without one.
    expect(await store.checkRegistration('bob', { ...invite, inviteHash: 'nope' })).toBe(
      'invalid_invite',
    );
    expect(await store.registerUser(newUser('cat'), { ...invite, inviteHash: 'nope' })).toEqual({
      ok: false,
      reason: 'invalid_invite',
    });
    expect(await store.findUserByUsername('cat')).toBeUndefined();
    await store.createInvite({ hash: 'h1', createdBy: owner.user.id, expiresAt: 2_000 });
    const withInvite = { ...invite, inviteHash: 'h1' };
    expect(await store.checkRegistration('bob', withInvite)).toBe('username_taken');
    expect(await store.checkRegistration('cat', withInvite)).toBeUndefined();
    expect(await store.registerUser(newUser('cat'), withInvite)).toMatchObject({ ok: true });
    expect(await store.registerUser(newUser('dan'), withInvite)).toEqual({
      ok: false,
      reason: 'invalid_invite',
    });
    await store.createInvite({ hash: 'h2', createdBy: owner.user.id, expiresAt: 2_000 });
    expect(
      await store.registerUser(newUser('dan'), { ...withInvite, inviteHash: 'h2', now: 2_000 }),
    ).toEqual({ ok: false, reason: 'invalid_invite' });
    // An invite dies with its maker's standing: a banned admin's codes no longer work.
    await store.setBanned(owner.user.id, true);
    expect(await store.checkRegistration('dan', { ...withInvite, inviteHash: 'h2' })).toBe(
      'invalid_invite',
    );
  });

  it('makes exactly one owner when two nodes register the first accounts at once', async () => {
    for (let round = 0; round < 5; round++) {
      const db = await kind.fresh();
      const nodes = [await db.open(), await db.open()];
      const made = await Promise.all(
        ['ann', 'bob', 'cat', 'dan'].map((name, i) =>
          nodes[i % 2]?.registerUser(newUser(name), open),
        ),
      );
      const roles = made.map((outcome) => (outcome?.ok ? outcome.user.role : 'refused'));
      expect(roles.filter((role) => role === 'owner')).toHaveLength(1);
      expect(roles.filter((role) => role === 'member')).toHaveLength(3);
    }
  });

  it('spends a single-use invite once when two nodes present it at once', async () => {
    const db = await kind.fresh();
    const [a, b] = [await db.open(), await db.open()];
    const owner = await a.registerUser(newUser('ann'), open);
    if (!owner.ok) throw new Error('no owner');
    const invite = { ...open, policy: 'invite' as const };
    for (let round = 0; round < 10; round++) {
      const hash = `i${round}`;
      await a.createInvite({ hash, createdBy: owner.user.id, expiresAt: 2_000 });
      const both = await Promise.all([
        a.registerUser(newUser(`a${round}`), { ...invite, inviteHash: hash }),
        b.registerUser(newUser(`b${round}`), { ...invite, inviteHash: hash }),
      ]);
      expect(both.filter((outcome) => outcome.ok)).toHaveLength(1);
    }
  });
}
