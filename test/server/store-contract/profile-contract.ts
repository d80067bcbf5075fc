import { expect, it } from 'vitest';
import { newUser, type StoreKind } from './harness.js';

const open = { policy: 'open' as const, now: 0, setupVerified: true };

/** Profiles and avatars: what every ChatStore must do the same way (ProfileStore). */
export function profileContract(kind: StoreKind): void {
  it('reads profiles in id order, leaves unknown ids out, and updates name and status', async () => {
    const store = await (await kind.fresh()).open();
    const ids: number[] = [];
    for (const name of ['ann', 'bob']) {
      const made = await store.registerUser(newUser(name), open);
      if (!made.ok) throw new Error('no user');
      ids.push(made.user.id);
    }
    const [ann = 0, bob = 0] = ids;
    expect(await store.profiles([])).toEqual([]);
    const both = await store.profiles([bob, 999_999, ann]);
    expect(both.map((profile) => profile.username)).toEqual(['ann', 'bob']);
    expect(both[0]).toEqual({
      id: ann,
      username: 'ann',
      displayName: 'ann',
      role: 'owner',
      avatar: null,
      status: { emoji: '', text: '' },
    });
    const renamed = await store.updateProfile(bob, { displayName: 'Bobby' });
    expect(renamed).toMatchObject({ displayName: 'Bobby', status: { emoji: '', text: '' } });
    // Each field changes only when given.
    expect(await store.updateProfile(bob, { status: { emoji: '🌴', text: 'away' } })).toMatchObject(
      { displayName: 'Bobby', status: { emoji: '🌴', text: 'away' } },
    );
    expect(await store.updateProfile(999_999, { displayName: 'x' })).toBeUndefined();
    expect(await store.findUserById(bob)).toMatchObject({ displayName: 'Bobby' });
  });

  it('sets and clears avatars, saying which key each change replaced', async () => {
    const store = await (await kind.fresh()).open();
    const made = await store.registerUser(newUser('ann'), open);
    if (!made.ok) throw new Error('no user');
    const id = made.user.id;
    expect(await store.setAvatar(id, 'k1')).toMatchObject({
      previous: null,
      profile: { avatar: 'k1' },
    });
    expect(await store.setAvatar(id, 'k2')).toMatchObject({ previous: 'k1' });
    expect((await store.avatarsInUse(['k1', 'k2', 'k3'])).sort()).toEqual(['k2']);
    expect(await store.avatarsInUse([])).toEqual([]);
    expect(await store.setAvatar(id, null)).toMatchObject({
      previous: 'k2',
      profile: { avatar: null },
    });
    expect(await store.setAvatar(999_999, 'k4')).toBeUndefined();
  });

  it('names every replaced avatar exactly once when two nodes set one at the same moment', async () => {
    const db = await kind.fresh();
    const [a, b] = [await db.open(), await db.open()];
    const made = await a.registerUser(newUser('ann'), open);
    if (!made.ok) throw new Error('no user');
    const id = made.user.id;
    const keys = Array.from({ length: 16 }, (_, i) => `key${i}`);
    const results = await Promise.all(
      keys.map((key, i) => (i % 2 === 0 ? a : b).setAvatar(id, key)),
    );
    // Every key but the one that stays was replaced by exactly one change, and the first change
    // replaced nothing: otherwise an image would be deleted twice while another leaked.
    const previous = results.map((result) => result?.previous ?? null);
    const final = (await a.profiles([id]))[0]?.avatar ?? null;
    expect([...previous, final].sort()).toEqual([null, ...keys].sort());
  });
}
