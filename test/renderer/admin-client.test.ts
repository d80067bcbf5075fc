import { describe, expect, it } from 'vitest';
import type { ChatState } from '../../renderer/src/lib/chat-state.js';
import { register, startServer } from '../server/helpers.js';
import { signedInClient, until } from './client-helpers.js';

/** Connected, and the first sync done: a room joined before it ends would be overwritten by it. */
const ready = (s: ChatState) => s.connection.kind === 'connected' && s.rooms[1]?.loaded === true;

/** The owner (the first account) and two members, each with a started ChatClient. */
async function threePeople() {
  const { url } = await startServer();
  const owner = await signedInClient(url, 'owner');
  const alice = await signedInClient(url, 'alice');
  const bob = await signedInClient(url, 'bob');
  for (const { client } of [owner, alice, bob]) client.start();
  for (const { client } of [owner, alice, bob]) await until(client, ready);
  return { url, owner, alice, bob };
}

describe('the admin panel client against a real server', () => {
  it('lists and searches users, bans with a reason (the member is signed out), unbans', async () => {
    const { owner, bob } = await threePeople();
    const all = await owner.client.admin.users({});
    if (!all.ok) throw new Error(all.error.message);
    expect(all.users.map((u) => [u.username, u.role])).toEqual([
      ['owner', 'owner'],
      ['alice', 'member'],
      ['bob', 'member'],
    ]);
    const found = await owner.client.admin.users({ query: 'BO' });
    expect(found.ok && found.users.map((u) => u.username)).toEqual(['bob']);

    const banned = await owner.client.admin.ban(bob.pair.user.id, 'spam');
    expect(banned).toMatchObject({ ok: true, user: { banned: true, banReason: 'spam' } });
    const ended = await until(bob.client, (s) => s.ended !== undefined);
    expect(ended.ended?.code).toBe('banned');
    const listed = await owner.client.admin.users({ query: 'bob' });
    expect(listed.ok && listed.users[0]).toMatchObject({ banned: true, banReason: 'spam' });

    const unbanned = await owner.client.admin.unban(bob.pair.user.id);
    expect(unbanned).toMatchObject({ ok: true, user: { banned: false } });
  });

  it('refuses every admin request of a member with forbidden, in the ack', async () => {
    const { alice, bob } = await threePeople();
    const api = alice.client.admin;
    const answers = await Promise.all([
      api.users({}),
      api.ban(bob.pair.user.id, 'no'),
      api.resetPassword(bob.pair.user.id),
      api.invites(),
      api.createInvite({ maxUses: 1 }),
      api.settings(),
      api.updateSettings({ name: 'Mine now' }),
      api.audit({}),
    ]);
    expect(answers.map((a) => (a.ok ? 'ok' : a.error.code))).toEqual(Array(8).fill('forbidden'));
    const transfer = await api.transferOwnership('bob', 'correct horse');
    expect(transfer.ok ? 'ok' : transfer.error.code).toBe('forbidden');
  });

  it('makes a 2-use invite code that registers two people and refuses a third', async () => {
    const { url, owner, alice } = await threePeople();
    const api = owner.client.admin;
    const policy = await api.updateSettings({ registration: 'invite', name: 'Team' });
    expect(policy).toMatchObject({ ok: true, settings: { registration: 'invite', name: 'Team' } });
    // Everyone's client hears the new name at once.
    expect((await until(alice.client, (s) => s.serverName === 'Team')).serverName).toBe('Team');

    const made = await api.createInvite({ maxUses: 2, expiresInHours: 2 });
    if (!made.ok) throw new Error(made.error.message);
    expect(made.invite).toMatchObject({ maxUses: 2, uses: 0, revoked: false });
    expect(made.code.startsWith(made.invite.hint)).toBe(true);
    await register(url, 'carol', { invite: made.code });
    await register(url, 'dave', { invite: made.code });
    await expect(register(url, 'erin', { invite: made.code })).rejects.toThrow(/invalid_invite/);
    const listed = await api.invites();
    expect(listed.ok && listed.invites.find((i) => i.id === made.invite.id)?.uses).toBe(2);

    const other = await api.createInvite({ maxUses: null });
    if (!other.ok) throw new Error(other.error.message);
    const revoked = await api.revokeInvite(other.invite.id);
    expect(revoked).toMatchObject({ ok: true, invite: { revoked: true } });
    await expect(register(url, 'erin', { invite: other.code })).rejects.toThrow(/invalid_invite/);

    const audit = await api.audit({ limit: 2 });
    if (!audit.ok) throw new Error(audit.error.message);
    expect(audit.entries.map((e) => e.action)).toEqual(['invite.revoke', 'invite.create']);
    expect(audit.nextCursor).not.toBeNull();
  });

  it('gives a reset code, and transfers ownership with the owner password only', async () => {
    const { owner, alice } = await threePeople();
    const issued = await owner.client.admin.resetPassword(alice.pair.user.id);
    expect(issued.ok && issued.code.length).toBeGreaterThan(5);
    expect(issued.ok && issued.expiresAt).toBeGreaterThan(Date.now());

    const wrong = await owner.client.admin.transferOwnership('alice', 'not my password');
    expect(wrong.ok ? 'ok' : wrong.error.code).toBe('invalid_credentials');
    const moved = await owner.client.admin.transferOwnership('alice', 'correct horse');
    expect(moved).toMatchObject({
      ok: true,
      owner: { username: 'alice', role: 'owner' },
      previous: { username: 'owner', role: 'admin' },
    });
    // Both clients' own role follows (user:updated), which shows or hides the owner's tools.
    expect((await until(owner.client, (s) => s.me.role === 'admin')).me.role).toBe('admin');
    expect((await until(alice.client, (s) => s.me.role === 'owner')).me.role).toBe('owner');
  });
});

describe('room administration in the client', () => {
  it('archives and unarchives for every member, renames and clears the topic', async () => {
    const { alice, bob } = await threePeople();
    expect(await alice.client.createRoom('plans', 'public')).toEqual({ ok: true });
    const roomId = alice.client.getState().activeRoomId ?? 0;
    expect(await bob.client.joinRoom(roomId)).toEqual({ ok: true });

    const update = await alice.client.roomAdmin.update(roomId, { topic: 'Q3 plans' });
    expect(update).toEqual({ ok: true });
    await until(bob.client, (s) => s.rooms[roomId]?.room.topic === 'Q3 plans');
    expect(await alice.client.roomAdmin.archive(roomId, true)).toEqual({ ok: true });
    await until(bob.client, (s) => s.rooms[roomId]?.room.archived === true);
    // A member who did not make the room cannot lift it.
    const refused = await bob.client.roomAdmin.archive(roomId, false);
    expect(refused.ok ? 'ok' : refused.error.code).toBe('forbidden');

    expect(await alice.client.roomAdmin.archive(roomId, false)).toEqual({ ok: true });
    // The server leaves `archived` out once lifted: the client must drop it, not keep the old one.
    const lifted = await until(bob.client, (s) => s.rooms[roomId]?.room.archived === undefined);
    expect(lifted.rooms[roomId]?.room.topic).toBe('Q3 plans');
    expect(await alice.client.roomAdmin.update(roomId, { name: 'plans-2026', topic: '' })).toEqual({
      ok: true,
    });
    const renamed = await until(bob.client, (s) => s.rooms[roomId]?.room.name === 'plans-2026');
    expect(renamed.rooms[roomId]?.room.topic).toBeUndefined();
  });

  it('tells a removed member and everyone in a deleted room why the room went away', async () => {
    const { owner, alice, bob } = await threePeople();
    expect(await alice.client.createRoom('side', 'public')).toEqual({ ok: true });
    const roomId = alice.client.getState().activeRoomId ?? 0;
    expect(await bob.client.joinRoom(roomId)).toEqual({ ok: true });
    expect(bob.client.getState().activeRoomId).toBe(roomId);

    expect(await owner.client.roomAdmin.removeMember(roomId, bob.pair.user.id)).toEqual({
      ok: true,
    });
    const removed = await until(bob.client, (s) => s.departed !== undefined);
    expect(removed.departed).toEqual({ roomId, name: 'side', reason: 'removed' });
    expect(removed.rooms[roomId]).toBeUndefined();
    expect(removed.activeRoomId).toBe(1);

    const wrongName = await owner.client.roomAdmin.remove(roomId, 'sid');
    expect(wrongName.ok ? 'ok' : wrongName.error.code).toBe('invalid_payload');
    expect(await owner.client.roomAdmin.remove(roomId, 'side')).toEqual({ ok: true });
    const deleted = await until(alice.client, (s) => s.departed !== undefined);
    expect(deleted.departed).toEqual({ roomId, name: 'side', reason: 'deleted' });
    expect(deleted.rooms[roomId]).toBeUndefined();
  });
});
