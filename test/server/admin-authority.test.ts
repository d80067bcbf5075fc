import { describe, expect, it } from 'vitest';
import { http } from './helpers.js';
import { withDatabase } from './account-helpers.js';
import { ok, refused, serverWith, type Person } from './admin-helpers.js';

/**
 * What an admin handed out goes with their rights (review finding #8), and bans and role changes
 * check actor and target where they write (finding #4).
 */
const tryRegister = (url: string, username: string, invite: string) =>
  http(url, '/api/register', { body: { username, password: 'longenough', invite } });
const setBanned = (dataDir: string, userId: number, banned: boolean) =>
  withDatabase(dataDir, (db) =>
    db.prepare('UPDATE users SET banned = ? WHERE id = ?').run(banned ? 1 : 0, userId),
  );

describe('admin authority', () => {
  it('revokes the invite codes of an admin who is demoted, banned or deleted', async () => {
    const { srv, owner, people } = await serverWith(['ada', 'ben', 'cyd']);
    const [ada, ben, cy] = people as [Person, Person, Person];
    await ok(owner.socket, 'admin:settings-update', { registration: 'invite' });
    for (const p of [ada, ben, cy])
      await ok(owner.socket, 'admin:role', { userId: p.id, role: 'admin' });
    const code = async (p: Person) => ok(p.socket, 'admin:invite-create', { maxUses: null });
    const [fromAda, fromBen, fromCy, fromOwner] = [
      await code(ada),
      await code(ben),
      await code(cy),
      await code(owner),
    ];
    // A code that is used up stays "used", not "revoked".
    const spent = await ok(ada.socket, 'admin:invite-create', { maxUses: 1 });
    expect((await tryRegister(srv.url, 'early', spent.code)).status).toBe(201);

    await ok(owner.socket, 'admin:role', { userId: ada.id, role: 'member' });
    await ok(owner.socket, 'admin:ban', { userId: ben.id, reason: 'rogue' });
    const deleted = await http(srv.url, '/api/account/delete', {
      token: cy.pair.token,
      body: { password: 'correct horse' },
    });
    expect(deleted.status).toBe(204);

    for (const made of [fromAda, fromBen, fromCy]) {
      const answer = await tryRegister(srv.url, `via${made.invite.hint}`.toLowerCase(), made.code);
      expect([answer.status, answer.body.error.code]).toEqual([403, 'invalid_invite']);
    }
    expect((await tryRegister(srv.url, 'welcome', fromOwner.code)).status).toBe(201);
    const { invites } = await ok(owner.socket, 'admin:invites', {});
    const byId = new Map(invites.map((i: { id: string }) => [i.id, i]));
    for (const made of [fromAda, fromBen, fromCy])
      expect(byId.get(made.invite.id)).toMatchObject({ revoked: true });
    expect(byId.get(spent.invite.id)).toMatchObject({ revoked: false, uses: 1 });
    expect(byId.get(fromOwner.invite.id)).toMatchObject({ revoked: false, uses: 1 });
  });

  it('refuses at registration a code whose maker lost their rights behind its back', async () => {
    const { srv, owner, people } = await serverWith(['ada']);
    const [ada] = people as [Person];
    await ok(owner.socket, 'admin:settings-update', { registration: 'invite' });
    await ok(owner.socket, 'admin:role', { userId: ada.id, role: 'admin' });
    const made = await ok(ada.socket, 'admin:invite-create', { maxUses: null });
    // Not through the server: nothing revoked the code, and the check at registration holds.
    setBanned(srv.dataDir, ada.id, true);
    const refusedAnswer = await tryRegister(srv.url, 'first', made.code);
    expect(refusedAnswer.body.error.code).toBe('invalid_invite');
    setBanned(srv.dataDir, ada.id, false);
    expect((await tryRegister(srv.url, 'second', made.code)).status).toBe(201);
  });

  it('never bans the owner, and a banned owner has no owner rights', async () => {
    const { srv, owner, people } = await serverWith(['ada', 'bob']);
    const [ada, bo] = people as [Person, Person];
    await ok(owner.socket, 'admin:role', { userId: ada.id, role: 'admin' });
    expect(await refused(ada.socket, 'admin:ban', { userId: owner.id, reason: '' })).toBe(
      'forbidden',
    );
    expect(await refused(owner.socket, 'admin:ban', { userId: owner.id, reason: '' })).toBe(
      'forbidden',
    );
    expect(await refused(ada.socket, 'admin:role', { userId: bo.id, role: 'admin' })).toBe(
      'forbidden',
    );
    expect(await refused(owner.socket, 'admin:role', { userId: 999, role: 'admin' })).toBe(
      'not_found',
    );
    // An owner banned in the database (no action here can do it) acts as nobody.
    setBanned(srv.dataDir, owner.id, true);
    expect(await refused(owner.socket, 'admin:role', { userId: bo.id, role: 'admin' })).toBe(
      'forbidden',
    );
    expect(await refused(owner.socket, 'admin:ban', { userId: bo.id, reason: '' })).toBe(
      'forbidden',
    );
    const transfer = await http(srv.url, '/api/admin/transfer', {
      token: owner.pair.token,
      body: { username: 'ada', password: 'correct horse' },
    });
    // Stopped at sign-in (`banned`) before the owner check; either way, refused.
    expect(transfer.status).toBe(403);
    expect(
      await refused(owner.socket, 'admin:settings-update', { deletedUserMessages: 'delete' }),
    ).toBe('forbidden');
    const users = await ok(ada.socket, 'admin:users', {});
    expect(
      users.users.map((u: { username: string; role: string }) => [u.username, u.role]),
    ).toEqual([
      ['owner', 'owner'],
      ['ada', 'admin'],
      ['bob', 'member'],
    ]);
  });
});
