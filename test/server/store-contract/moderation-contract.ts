import { expect, it } from 'vitest';
import type { ContractStore, StoreKind } from './harness.js';
import { invite, register } from './admin-people.js';

const DAY = 86_400_000;

/** An owner, an admin (ann) and two members, and their ids. */
async function staffed(store: ContractStore) {
  const ids = await register(store, ['own', 'ann', 'bob', 'cat']);
  const [own, ann] = ids;
  const made = await store.setUserRole({ actorId: own, targetId: ann, role: 'admin', now: 0 });
  expect(made).toEqual({ ok: true, before: 'member' });
  return ids;
}

/** What ann hands out as an admin: a reset code for bob, a usable and a spent invite code. */
async function annIssues(store: ContractStore, ann: number, bob: number): Promise<void> {
  await store.issuePasswordReset({ userId: bob, hash: 'for-bob', createdBy: ann, expiresAt: DAY });
  await store.createInviteCode(invite('usable', ann, { maxUses: null }));
  await store.createInviteCode(invite('lapsed', ann, { expiresAt: 50 }));
}

/** Bans and the admin role (AdminStore): who may, and what a change takes away. */
export function moderationContract(kind: StoreKind): void {
  it('bans only when the actor outranks a live target, and takes back what the banned issued', async () => {
    const store = await (await kind.fresh()).open();
    const [own, ann, bob, cat] = await staffed(store);
    const ban = (actorId: number, targetId: number, banned = true, reason = 'spam') =>
      store.banUser({ actorId, targetId, banned, reason, now: 100 });
    expect(await ban(bob, cat)).toEqual({ ok: false, refused: 'actor' });
    expect(await ban(999_999, cat)).toEqual({ ok: false, refused: 'actor' });
    expect(await ban(ann, 999_999)).toEqual({ ok: false, refused: 'target' });
    expect(await ban(ann, own)).toEqual({ ok: false, refused: 'rank', targetRole: 'owner' });
    expect(await ban(own, own)).toEqual({ ok: false, refused: 'rank', targetRole: 'owner' });
    await store.setUserRole({ actorId: own, targetId: bob, role: 'admin', now: 0 });
    expect(await ban(ann, bob)).toEqual({ ok: false, refused: 'rank', targetRole: 'admin' });

    await annIssues(store, ann, bob);
    await store.issuePasswordReset({
      userId: ann,
      hash: 'for-ann',
      createdBy: own,
      expiresAt: DAY,
    });
    const session = (userId: number, hash: string) =>
      store.createSession({ userId, refreshHash: hash, refreshExpiresAt: DAY, now: 0 });
    const annSessions = [await session(ann, 's1'), await session(ann, 's2')];
    const bobSession = await session(bob, 's3');
    const banned = await ban(own, ann, true, 'rude');
    expect(banned.ok && [...banned.sessions].sort((x, y) => x - y)).toEqual(annSessions);
    expect(await store.sessionState(bobSession)).toMatchObject({ revoked: false });
    expect(await store.adminUser(ann)).toMatchObject({ banned: true, banReason: 'rude' });
    // A banned admin acts no more.
    expect(await ban(ann, cat)).toEqual({ ok: false, refused: 'actor' });

    expect(await ban(own, ann, false, 'ignored')).toEqual({ ok: true, sessions: [] });
    expect(await store.adminUser(ann)).toMatchObject({ banned: false, banReason: null });
    // Unbanned, ann's codes stay gone: the one she made, the one for her password.
    expect(await store.checkPasswordReset('bob', 'for-bob', 10)).toBeUndefined();
    expect(await store.checkPasswordReset('ann', 'for-ann', 10)).toBeUndefined();
    const codes = await store.inviteCodes(0);
    expect(codes.map((c) => [c.hint, c.revoked])).toEqual([
      ['laps', false],
      ['usab', true],
    ]);
    await ban(own, cat, true, '');
    expect(await store.adminUser(cat)).toMatchObject({ banned: true, banReason: null });
  });

  it('lets only the owner change the admin role; a demotion takes back what was issued', async () => {
    const store = await (await kind.fresh()).open();
    const [own, ann, bob] = await staffed(store);
    const role = (actorId: number, targetId: number, to: 'admin' | 'member') =>
      store.setUserRole({ actorId, targetId, role: to, now: 100 });
    expect(await role(ann, bob, 'admin')).toEqual({ ok: false, refused: 'actor' });
    expect(await role(own, own, 'member')).toEqual({
      ok: false,
      refused: 'rank',
      targetRole: 'owner',
    });
    expect(await role(own, 999_999, 'admin')).toEqual({ ok: false, refused: 'target' });
    expect(await role(own, ann, 'admin')).toEqual({ ok: true, before: 'admin' });

    await annIssues(store, ann, bob);
    await store.issuePasswordReset({
      userId: ann,
      hash: 'for-ann',
      createdBy: own,
      expiresAt: DAY,
    });
    expect(await role(own, ann, 'member')).toEqual({ ok: true, before: 'admin' });
    expect(await store.findUserById(ann)).toMatchObject({ role: 'member' });
    expect(await store.checkPasswordReset('ann', 'for-ann', 10)).toBeUndefined();
    // Promoted again, nothing she made before comes back.
    expect(await role(own, ann, 'admin')).toEqual({ ok: true, before: 'member' });
    expect(await store.checkPasswordReset('bob', 'for-bob', 10)).toBeUndefined();
    expect((await store.inviteCodes(0)).map((c) => [c.hint, c.revoked])).toEqual([
      ['laps', false],
      ['usab', true],
    ]);
  });
}
