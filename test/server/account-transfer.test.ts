import { describe, expect, it } from 'vitest';
import type { AuditEntry, Profile } from '../../server/protocol.js';
import { connect, http, next, register, request } from './helpers.js';
import { login, quickServer } from './account-helpers.js';

const transfer = (url: string, token: string, username: string, password = 'correct horse') =>
  http(url, '/api/admin/transfer', { token, body: { username, password } });

describe('ownership transfer', () => {
  it('makes the target the owner and the owner an admin, for the owner alone', async () => {
    const { url } = await quickServer();
    const alice = await register(url, 'alice');
    const bob = await register(url, 'bob');
    const carol = await register(url, 'carol');
    const aliceSocket = await connect(url, alice.token);
    const bobSocket = await connect(url, bob.token);

    const notOwner = await transfer(url, bob.token, 'bob');
    expect(notOwner.status).toBe(403);
    expect(notOwner.body.error.code).toBe('forbidden');
    const wrong = await transfer(url, alice.token, 'bob', 'not my password');
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('invalid_credentials');
    expect((await transfer(url, alice.token, 'nobody')).body.error.code).toBe('not_found');
    expect((await transfer(url, alice.token, 'alice')).body.error.code).toBe('forbidden');
    await http(url, '/api/admin/ban', { token: alice.token, body: { username: 'carol' } });
    expect((await transfer(url, alice.token, 'carol')).body.error.code).toBe('forbidden');
    expect(carol.user.role).toBe('member');

    const heard = next<{ user: Profile }>(
      bobSocket,
      'user:updated',
      (p) => p.user.id === bob.user.id,
    );
    const heardOld = next<{ user: Profile }>(
      bobSocket,
      'user:updated',
      (p) => p.user.id === alice.user.id,
    );
    const done = await transfer(url, alice.token, 'bob');
    expect(done.status).toBe(200);
    expect(done.body).toEqual({
      owner: { id: bob.user.id, username: 'bob', displayName: 'bob', role: 'owner' },
      previous: { id: alice.user.id, username: 'alice', displayName: 'alice', role: 'admin' },
    });
    expect((await heard).user.role).toBe('owner');
    expect((await heardOld).user.role).toBe('admin');

    // The old owner can no longer transfer; the new one can, and the roles hold at sign-in.
    expect((await transfer(url, alice.token, 'bob')).body.error.code).toBe('forbidden');
    expect((await login(url, 'bob')).user.role).toBe('owner');
    expect((await login(url, 'alice')).user.role).toBe('admin');
    // Owner-only socket rights follow at once: the new owner can reset the old owner (an admin).
    const reset = await request(bobSocket, 'admin:reset-password', { userId: alice.user.id });
    expect(reset.ok).toBe(true);
    const refused = await request(aliceSocket, 'admin:reset-password', { userId: bob.user.id });
    expect(refused.error.code).toBe('forbidden');

    const audit = await request(bobSocket, 'admin:audit', {});
    const entry = (audit.entries as AuditEntry[]).find((e) => e.action === 'owner.transfer');
    expect(entry).toMatchObject({
      actor: { id: alice.user.id },
      target: { kind: 'user', id: String(bob.user.id), label: 'bob' },
    });
  });

  it('lets the old owner delete their account once they are not the owner', async () => {
    const { url } = await quickServer();
    const alice = await register(url, 'alice');
    await register(url, 'bob');
    const body = { password: 'correct horse' };
    const before = await http(url, '/api/account/delete', { token: alice.token, body });
    expect(before.body.error.code).toBe('forbidden');
    expect((await transfer(url, alice.token, 'bob')).status).toBe(200);
    const after = await http(url, '/api/account/delete', { token: alice.token, body });
    expect(after.status).toBe(204);
  });
});
