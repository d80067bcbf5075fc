import { describe, expect, it } from 'vitest';
import {
  connect,
  disconnected,
  http,
  next,
  refusal,
  register,
  sleep,
  startServer,
} from './helpers.js';
import { ok, person, refused, serverWith } from './admin-helpers.js';

describe('admin: bans and roles', () => {
  it('an admin bans with a reason: the socket hears auth:revoked {banned} and drops; unban', async () => {
    const { srv, owner, people } = await serverWith(['ada', 'bob']);
    const [ada, bob] = people as [(typeof people)[0], (typeof people)[0]];
    await ok(owner.socket, 'admin:role', { userId: ada.id, role: 'admin' });

    const revoked = next(bob.socket, 'auth:revoked');
    const gone = disconnected(bob.socket);
    const ban = await ok(ada.socket, 'admin:ban', { userId: bob.id, reason: '  spam  ' });
    expect(ban.user).toMatchObject({ id: bob.id, banned: true, banReason: 'spam', online: false });
    expect(await revoked).toEqual({ code: 'banned' });
    await gone;
    expect((await refusal(srv.url, { auth: { token: bob.pair.token } })).code).toBe('banned');
    const login = await http(srv.url, '/api/login', {
      body: { username: 'bob', password: 'correct horse' },
    });
    expect(login.body.error.code).toBe('banned');

    const unban = await ok(ada.socket, 'admin:unban', { userId: bob.id });
    expect(unban.user).toMatchObject({ banned: false, banReason: null });
    const again = await http(srv.url, '/api/login', {
      body: { username: 'bob', password: 'correct horse' },
    });
    expect(again.status).toBe(200);

    // Reasons are limited; unknown users are not found.
    expect(
      await refused(ada.socket, 'admin:ban', { userId: bob.id, reason: 'x'.repeat(501) }),
    ).toBe('invalid_payload');
    expect(await refused(ada.socket, 'admin:ban', { userId: 999, reason: '' })).toBe('not_found');
  });

  it('nobody bans the owner; an admin cannot ban an admin, the owner can', async () => {
    const { owner, people } = await serverWith(['ada', 'ann']);
    const [ada, ann] = people as [(typeof people)[0], (typeof people)[0]];
    await ok(owner.socket, 'admin:role', { userId: ada.id, role: 'admin' });
    await ok(owner.socket, 'admin:role', { userId: ann.id, role: 'admin' });
    expect(await refused(ada.socket, 'admin:ban', { userId: owner.id, reason: '' })).toBe(
      'forbidden',
    );
    expect(await refused(ada.socket, 'admin:ban', { userId: ann.id, reason: '' })).toBe(
      'forbidden',
    );
    expect(await refused(ada.socket, 'admin:ban', { userId: ada.id, reason: '' })).toBe(
      'forbidden',
    );
    expect(await refused(owner.socket, 'admin:ban', { userId: owner.id, reason: '' })).toBe(
      'forbidden',
    );
    const gone = disconnected(ann.socket);
    await ok(owner.socket, 'admin:ban', { userId: ann.id, reason: 'rogue admin' });
    await gone;
  });

  it('the owner promotes and demotes; rights follow at once, and everyone sees the role', async () => {
    const { srv, owner, people } = await serverWith(['ada', 'bob', 'cat']);
    const [ada, bob, cat] = people as [(typeof people)[0], (typeof people)[0], (typeof people)[0]];
    expect(await refused(ada.socket, 'admin:users', {})).toBe('forbidden');
    const seenByCat = next(cat.socket, 'user:updated', ({ user }) => user.id === ada.id);
    const promoted = await ok(owner.socket, 'admin:role', { userId: ada.id, role: 'admin' });
    expect(promoted.user).toMatchObject({ id: ada.id, role: 'admin', online: true });
    expect((await seenByCat).user).toMatchObject({ id: ada.id, role: 'admin' });
    // An admin may not change roles.
    expect(await refused(ada.socket, 'admin:role', { userId: bob.id, role: 'admin' })).toBe(
      'forbidden',
    );
    // The new admin can act at once, on the same socket.
    await ok(ada.socket, 'admin:ban', { userId: cat.id, reason: '' });
    await ok(ada.socket, 'admin:unban', { userId: cat.id });

    await ok(owner.socket, 'admin:role', { userId: ada.id, role: 'member' });
    expect(await refused(ada.socket, 'admin:ban', { userId: bob.id, reason: '' })).toBe(
      'forbidden',
    );
    expect(await refused(ada.socket, 'admin:users', {})).toBe('forbidden');
    // Not on the owner; not on a missing account.
    expect(await refused(owner.socket, 'admin:role', { userId: owner.id, role: 'member' })).toBe(
      'forbidden',
    );
    expect(await refused(owner.socket, 'admin:role', { userId: 999, role: 'admin' })).toBe(
      'not_found',
    );
    // A fresh sign-in carries the role the database holds.
    expect((await login(srv.url, 'ada')).user.role).toBe('member');
  });

  it('lists users: search with escaped wildcards, paging, online, last seen after a disconnect', async () => {
    const { srv, owner } = await serverWith([]);
    const url = srv.url;
    await register(url, 'al_ice', { displayName: 'Alice 100%' });
    await register(url, 'alxice', { displayName: 'Other' });
    await register(url, 'bob', { displayName: 'Bobby' });
    const dan = await person(url, 'dan');

    const all = await ok(owner.socket, 'admin:users', { limit: 2 });
    expect(all.users.map((u: { username: string }) => u.username)).toEqual(['owner', 'al_ice']);
    const page2 = await ok(owner.socket, 'admin:users', { limit: 2, after: all.nextCursor });
    expect(page2.users.map((u: { username: string }) => u.username)).toEqual(['alxice', 'bob']);
    const page3 = await ok(owner.socket, 'admin:users', { limit: 2, after: page2.nextCursor });
    expect(page3.users.map((u: { username: string }) => u.username)).toEqual(['dan']);
    expect(page3.nextCursor).toBeNull();

    const underscore = await ok(owner.socket, 'admin:users', { query: 'l_i' });
    expect(underscore.users.map((u: { username: string }) => u.username)).toEqual(['al_ice']);
    const percent = await ok(owner.socket, 'admin:users', { query: '100%' });
    expect(percent.users.map((u: { username: string }) => u.username)).toEqual(['al_ice']);
    const byName = await ok(owner.socket, 'admin:users', { query: 'BOBB' });
    expect(byName.users).toHaveLength(1);
    expect(byName.users[0]).toMatchObject({
      username: 'bob',
      displayName: 'Bobby',
      role: 'member',
      banned: false,
      banReason: null,
      online: false,
      lastSeenAt: null,
      avatar: null,
      status: { emoji: '', text: '' },
    });
    expect(byName.users[0].createdAt).toBeGreaterThan(Date.now() - 60_000);

    const danOnline = await ok(owner.socket, 'admin:users', { query: 'dan' });
    expect(danOnline.users[0]).toMatchObject({ online: true });
    const connectedAt = danOnline.users[0].lastSeenAt as number;
    expect(connectedAt).toBeGreaterThan(Date.now() - 10_000);
    await sleep(20);
    dan.socket.disconnect();
    await sleep(100);
    const danGone = await ok(owner.socket, 'admin:users', { query: 'dan' });
    expect(danGone.users[0].online).toBe(false);
    expect(danGone.users[0].lastSeenAt).toBeGreaterThan(connectedAt);

    // Written to the database when the server closes, and read back after a restart.
    const seen = danGone.users[0].lastSeenAt as number;
    await srv.close();
    const again = await startServer({ dataDir: srv.dataDir });
    const ownerAgain = await connect(again.url, (await login(again.url, 'owner')).token);
    const after = await ok(ownerAgain, 'admin:users', { query: 'dan' });
    expect(after.users[0].lastSeenAt).toBe(seen);
  });

  it('keeps the HTTP ban routes working, for admins too, with a reason', async () => {
    const { srv, owner, people } = await serverWith(['ada', 'bob']);
    const [ada, bob] = people as [(typeof people)[0], (typeof people)[0]];
    await ok(owner.socket, 'admin:role', { userId: ada.id, role: 'admin' });
    const gone = disconnected(bob.socket);
    const ban = await http(srv.url, '/api/admin/ban', {
      token: ada.pair.token,
      body: { username: 'bob', reason: 'flooding' },
    });
    expect(ban.status).toBe(200);
    expect(ban.body.user).toEqual({
      id: bob.id,
      username: 'bob',
      displayName: 'bob',
      role: 'member',
    });
    await gone;
    const listed = await ok(owner.socket, 'admin:users', { query: 'bob' });
    expect(listed.users[0]).toMatchObject({ banned: true, banReason: 'flooding' });
    const byAdminOnOwner = await http(srv.url, '/api/admin/ban', {
      token: ada.pair.token,
      body: { username: 'owner' },
    });
    expect([byAdminOnOwner.status, byAdminOnOwner.body.error.code]).toEqual([403, 'forbidden']);
    const unban = await http(srv.url, '/api/admin/unban', {
      token: ada.pair.token,
      body: { username: 'bob' },
    });
    expect(unban.status).toBe(200);
    const cleared = await ok(owner.socket, 'admin:users', { query: 'bob' });
    expect(cleared.users[0]).toMatchObject({ banned: false, banReason: null });
  });
});

async function login(url: string, username: string) {
  const answer = await http(url, '/api/login', { body: { username, password: 'correct horse' } });
  expect(answer.status).toBe(200);
  return answer.body as { token: string; user: { role: string } };
}
