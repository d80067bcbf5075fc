import { describe, expect, it } from 'vitest';
import { storeLobby } from './store-lobby.js';

const none = { names: [], room: false };

/** A real store: the owner, an admin (made by the owner), and carol's message in a room. */
async function setting() {
  const { store, users, roomId } = await storeLobby(['owner', 'admin', 'carol']);
  const [owner, admin, carol] = users.map((user) => ({ user }));
  if (!owner || !admin || !carol) throw new Error('registration failed');
  const role = (role: 'admin' | 'member') =>
    store.setUserRole({ actorId: owner.user.id, targetId: admin.user.id, role, now: Date.now() });
  expect(await role('admin')).toMatchObject({ ok: true });
  const message = async (text: string) => {
    const sent = await store.appendMessage({
      roomId,
      authorId: carol.user.id,
      text,
      clientId: text,
      createdAt: Date.now(),
      mentions: none,
    });
    if (!('message' in sent)) throw new Error('not stored');
    return sent.message.id;
  };
  return { store, owner, admin, carol, role, message };
}

/**
 * message:delete checks the deleter's role, then deletes in the next group commit; a demotion
 * or a ban commits at once, in between. The deletion asks again in its own write, so an admin
 * demoted meanwhile takes nothing down.
 */
describe('a moderator deleting while being demoted', () => {
  it('deletes nothing once the deleter is no longer an admin', async () => {
    const { store, owner, admin, carol, role, message } = await setting();
    const first = await message('first');
    expect(await store.deleteMessage(first, Date.now(), admin.user.id)).toMatchObject({
      id: first,
      deletedAt: expect.any(Number),
    });
    const second = await message('second');
    // Queued before the demotion commits, written after it.
    const late = store.deleteMessage(second, Date.now(), admin.user.id);
    expect(await role('member')).toMatchObject({ ok: true });
    expect(await late).toBe('forbidden');
    // Nor once banned (made admin again first), through the real ban; the owner's deletion,
    // queued in the same commit, goes through (the owner branch of the probe), and so does the
    // author's afterwards.
    expect(await role('admin')).toMatchObject({ ok: true });
    const owners = await message('owners');
    const banned = store.deleteMessage(second, Date.now(), admin.user.id);
    const byOwner = store.deleteMessage(owners, Date.now(), owner.user.id);
    const ban = { banned: true, reason: 'race', now: Date.now() };
    expect(
      await store.banUser({ actorId: owner.user.id, targetId: admin.user.id, ...ban }),
    ).toMatchObject({ ok: true });
    expect(await banned).toBe('forbidden');
    expect(await byOwner).toMatchObject({ id: owners, deletedAt: expect.any(Number) });
    expect(await store.deleteMessage(second, Date.now(), carol.user.id)).toMatchObject({
      id: second,
    });
    const third = await message('third');
    expect(await store.deleteMessage(third, Date.now(), carol.user.id + 1000)).toBe('forbidden');
    const live = (await store.history((await store.liveMessage(third))!.roomId, { limit: 10 }))
      .messages;
    expect(live.map((m) => [m.text, m.deletedAt !== undefined])).toEqual([
      ['', true],
      ['', true],
      ['', true],
      ['third', false],
    ]);
    await store.close();
  });
});
