import { describe, expect, it } from 'vitest';
import { connect, http, register, request, type Client } from './helpers.js';
import { makeAdmin, quickServer, tryLogin, withDatabase } from './account-helpers.js';

/**
 * A reset code is only as good as its maker's authority at the moment it is redeemed (review
 * finding #1): the maker must still be an admin, not banned or deleted, who outranks the
 * target as the target is now; and changes that move that authority delete the codes.
 */
const redeem = (url: string, username: string, code: string) =>
  http(url, '/api/password/reset', { body: { username, code, newPassword: 'taken over' } });
const issue = async (socket: Client, userId: number): Promise<string> => {
  const answer = await request(socket, 'admin:reset-password', { userId });
  expect(answer).toMatchObject({ ok: true });
  return answer.code as string;
};
const resetRows = (dataDir: string) =>
  withDatabase(dataDir, (db) =>
    db.prepare('SELECT user_id, created_by FROM password_resets ORDER BY user_id').all(),
  );

/** The owner alice, the admin bob, the members carol and dave, each with a socket. */
async function cast() {
  const srv = await quickServer();
  const alice = await register(srv.url, 'alice');
  const bob = await register(srv.url, 'bob');
  const carol = await register(srv.url, 'carol');
  const dave = await register(srv.url, 'dave');
  makeAdmin(srv.dataDir, bob.user.id);
  const owner = await connect(srv.url, alice.token);
  const admin = await connect(srv.url, bob.token);
  return { ...srv, alice, bob, carol, dave, owner, admin };
}

describe('reset codes and the authority behind them', () => {
  it('dies when its target is promoted: by a role change, or found at redemption', async () => {
    const { url, dataDir, carol, dave, owner, admin } = await cast();
    const forCarol = await issue(admin, carol.user.id);
    const forDave = await issue(admin, dave.user.id);
    // The role change deletes the code for carol's password.
    expect((await request(owner, 'admin:role', { userId: carol.user.id, role: 'admin' })).ok).toBe(
      true,
    );
    expect(resetRows(dataDir)).toEqual([{ user_id: dave.user.id, created_by: expect.any(Number) }]);
    expect((await redeem(url, 'carol', forCarol)).body.error.code).toBe('invalid_reset_code');
    // dave made an admin behind the server's back: his row stays, and redemption still refuses
    // it, since bob no longer outranks him.
    makeAdmin(dataDir, dave.user.id);
    expect(resetRows(dataDir)).toHaveLength(1);
    expect((await redeem(url, 'dave', forDave)).body.error.code).toBe('invalid_reset_code');
    expect((await tryLogin(url, 'dave', 'correct horse')).status).toBe(200);
  });

  it('dies when its maker is banned, demoted or deleted (the review’s takeover)', async () => {
    const { url, dataDir, bob, carol, dave, owner, admin } = await cast();
    const forCarol = await issue(admin, carol.user.id);
    const forDave = await issue(admin, dave.user.id);
    // The probe: carol is promoted, bob demoted and banned, bob redeems his code for carol.
    expect((await request(owner, 'admin:role', { userId: bob.user.id, role: 'member' })).ok).toBe(
      true,
    );
    expect(resetRows(dataDir)).toEqual([]);
    expect((await redeem(url, 'carol', forCarol)).body.error.code).toBe('invalid_reset_code');
    expect((await redeem(url, 'dave', forDave)).body.error.code).toBe('invalid_reset_code');

    // A ban behind the server's back leaves the rows; redemption still refuses them.
    makeAdmin(dataDir, bob.user.id);
    const second = await issue(admin, carol.user.id);
    withDatabase(dataDir, (db) =>
      db.prepare('UPDATE users SET banned = 1 WHERE id = ?').run(bob.user.id),
    );
    expect(resetRows(dataDir)).toHaveLength(1);
    expect((await redeem(url, 'carol', second)).body.error.code).toBe('invalid_reset_code');
    // Unbanned, his code works again: the check is of the maker as they are now.
    withDatabase(dataDir, (db) =>
      db.prepare('UPDATE users SET banned = 0 WHERE id = ?').run(bob.user.id),
    );
    expect((await redeem(url, 'carol', second)).status).toBe(200);

    // A ban through the server deletes what he made, and the code for his own password.
    const third = await issue(admin, dave.user.id);
    await issue(owner, bob.user.id);
    expect(resetRows(dataDir)).toHaveLength(2);
    expect((await request(owner, 'admin:ban', { userId: bob.user.id, reason: 'rogue' })).ok).toBe(
      true,
    );
    expect(resetRows(dataDir)).toEqual([]);
    expect((await redeem(url, 'dave', third)).body.error.code).toBe('invalid_reset_code');
  });

  it('dies when its maker deletes their account', async () => {
    const { url, dataDir, bob, carol, admin } = await cast();
    const code = await issue(admin, carol.user.id);
    const deleted = await http(url, '/api/account/delete', {
      token: bob.token,
      body: { password: 'correct horse' },
    });
    expect(deleted.status).toBe(204);
    expect(resetRows(dataDir)).toEqual([]);
    expect((await redeem(url, 'carol', code)).body.error.code).toBe('invalid_reset_code');
  });

  it('dies when its target changes their own password', async () => {
    const { url, carol, admin } = await cast();
    const code = await issue(admin, carol.user.id);
    const changed = await http(url, '/api/password', {
      token: carol.token,
      body: { currentPassword: 'correct horse', newPassword: 'my own choice' },
    });
    expect(changed.status).toBe(204);
    expect((await redeem(url, 'carol', code)).body.error.code).toBe('invalid_reset_code');
    expect((await tryLogin(url, 'carol', 'my own choice')).status).toBe(200);
  });

  it('dies with a transfer of ownership, to or from either side', async () => {
    const { url, dataDir, alice, bob, carol, owner } = await cast();
    const forBob = await issue(owner, bob.user.id);
    const forCarol = await issue(owner, carol.user.id);
    const moved = await http(url, '/api/admin/transfer', {
      token: alice.token,
      body: { username: 'bob', password: 'correct horse' },
    });
    expect(moved.status).toBe(200);
    expect(resetRows(dataDir)).toEqual([]);
    expect((await redeem(url, 'bob', forBob)).body.error.code).toBe('invalid_reset_code');
    expect((await redeem(url, 'carol', forCarol)).body.error.code).toBe('invalid_reset_code');
    expect((await tryLogin(url, 'bob', 'correct horse')).status).toBe(200);
  });

  it('still works while nothing moved', async () => {
    const { url, carol, admin } = await cast();
    const code = await issue(admin, carol.user.id);
    expect((await redeem(url, 'carol', code)).status).toBe(200);
  });
});
