import { expect, it } from 'vitest';
import { newUser, type StoreKind } from './harness.js';
import { invite, register, withInvite } from './admin-people.js';

/** Server invite codes (AdminStore): made, listed with their uses, revoked. */
export function inviteCodeContract(kind: StoreKind): void {
  it('makes, lists and revokes invite codes, counting their uses', async () => {
    const store = await (await kind.fresh()).open();
    const [own] = await register(store, ['own']);
    const first = await store.createInviteCode(invite('first-code', own, { maxUses: 2 }));
    expect(first).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{16}$/),
      hint: 'firs',
      createdBy: { id: own, username: 'own', displayName: 'own' },
      createdAt: 10,
      expiresAt: 1_000,
      maxUses: 2,
      uses: 0,
      revoked: false,
    });
    const twin = await store.createInviteCode(invite('twin-code', own, { maxUses: null }));
    const newer = await store.createInviteCode(invite('newer', own, { createdAt: 30 }));
    const soon = await store.createInviteCode(
      invite('soon', own, { createdAt: 40, expiresAt: 60 }),
    );
    // Newest first; made in the same millisecond, the later one first.
    expect((await store.inviteCodes(0)).map((c) => c.id)).toEqual([
      soon.id,
      newer.id,
      twin.id,
      first.id,
    ]);
    expect((await store.inviteCodes(60)).map((c) => c.id)).toEqual([newer.id, twin.id, first.id]);

    expect(await store.registerUser(newUser('ann'), withInvite('first-code'))).toMatchObject({
      ok: true,
    });
    expect(await store.revokeInviteCode(first.id, 50)).toEqual({
      ...first,
      uses: 1,
      revoked: true,
    });
    // Revoked once: revoking again changes nothing, and nobody registers with it.
    expect(await store.revokeInviteCode(first.id, 70)).toEqual({
      ...first,
      uses: 1,
      revoked: true,
    });
    expect(await store.registerUser(newUser('bob'), withInvite('first-code'))).toEqual({
      ok: false,
      reason: 'invalid_invite',
    });
    expect(await store.revokeInviteCode('00000000000000ff', 50)).toBeUndefined();
    expect(
      await store.revokeInviteCode(
        first.id.replace(/.$/, (c) => (c === '0' ? '1' : '0')),
        50,
      ),
    ).toBeUndefined();
    expect((await store.inviteCodes(0)).map((c) => [c.hint, c.uses, c.revoked])).toEqual([
      ['soon', 0, false],
      ['newe', 0, false],
      ['twin', 0, false],
      ['firs', 1, true],
    ]);
  });
}
