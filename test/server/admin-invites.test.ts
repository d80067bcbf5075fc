import { describe, expect, it } from 'vitest';
import { http } from './helpers.js';
import { ok, refused, serverWith } from './admin-helpers.js';

const tryRegister = (url: string, username: string, invite?: string) =>
  http(url, '/api/register', { body: { username, password: 'longenough', invite } });

describe('admin: server invite codes', () => {
  it('a 3-use code admits three people and refuses the fourth; listed with its uses', async () => {
    const { srv, owner } = await serverWith([], { registration: 'invite' });
    const made = await ok(owner.socket, 'admin:invite-create', { maxUses: 3, expiresInHours: 2 });
    expect(made.code).toMatch(/^[\w-]{16}$/);
    expect(made.invite).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f]{16}$/),
      hint: made.code.slice(0, 4),
      createdBy: { id: owner.id, username: 'owner', displayName: 'owner' },
      maxUses: 3,
      uses: 0,
      revoked: false,
    });
    const hours = (made.invite.expiresAt - made.invite.createdAt) / 3600_000;
    expect(hours).toBeCloseTo(2, 3);
    for (const name of ['one', 'two', 'three'])
      expect((await tryRegister(srv.url, name, made.code)).status).toBe(201);
    const fourth = await tryRegister(srv.url, 'four', made.code);
    expect([fourth.status, fourth.body.error.code]).toEqual([403, 'invalid_invite']);
    const { invites } = await ok(owner.socket, 'admin:invites', {});
    expect(invites).toEqual([{ ...made.invite, uses: 3 }]);
  });

  it('unlimited codes, newest first; a revoked code is refused at once; not found ids', async () => {
    const { srv, owner, people } = await serverWith(['ada'], { registration: 'open' });
    const [ada] = people as [(typeof people)[0]];
    await ok(owner.socket, 'admin:role', { userId: ada.id, role: 'admin' });
    await ok(owner.socket, 'admin:settings-update', { registration: 'invite' });
    const single = await ok(ada.socket, 'admin:invite-create', {});
    expect(single.invite).toMatchObject({ maxUses: 1, createdBy: { username: 'ada' } });
    // Default lifetime: the server's inviteTtlSec (7 days).
    expect(single.invite.expiresAt - single.invite.createdAt).toBe(7 * 24 * 3600_000);
    const open = await ok(ada.socket, 'admin:invite-create', { maxUses: null });
    expect(open.invite.maxUses).toBeNull();
    for (let i = 0; i < 4; i++)
      expect((await tryRegister(srv.url, `guest${i}`, open.code)).status).toBe(201);
    const listed = await ok(owner.socket, 'admin:invites', {});
    expect(listed.invites.map((i: { id: string }) => i.id)).toEqual([
      open.invite.id,
      single.invite.id,
    ]);

    const revoked = await ok(owner.socket, 'admin:invite-revoke', { id: open.invite.id });
    expect(revoked.invite).toMatchObject({ id: open.invite.id, revoked: true, uses: 4 });
    const late = await tryRegister(srv.url, 'late', open.code);
    expect(late.body.error.code).toBe('invalid_invite');
    // The single-use code is untouched by the other's revocation.
    expect((await tryRegister(srv.url, 'single', single.code)).status).toBe(201);

    expect(await refused(owner.socket, 'admin:invite-revoke', { id: '0123456789abcdef' })).toBe(
      'not_found',
    );
    expect(await refused(owner.socket, 'admin:invite-revoke', { id: 'xyz' })).toBe(
      'invalid_payload',
    );
    for (const bad of [
      { maxUses: 0 },
      { maxUses: 1001 },
      { expiresInHours: 721 },
      { maxUses: 1.5 },
    ])
      expect(await refused(owner.socket, 'admin:invite-create', bad)).toBe('invalid_payload');
  });

  it('an expired code is refused; the old POST /api/invites makes single-use codes for admins too', async () => {
    const { srv, owner, people } = await serverWith(['ada'], { inviteTtlSec: 1 });
    const [ada] = people as [(typeof people)[0]];
    await ok(owner.socket, 'admin:role', { userId: ada.id, role: 'admin' });
    await ok(owner.socket, 'admin:settings-update', { registration: 'invite' });
    const http1 = await http(srv.url, '/api/invites', { method: 'POST', token: ada.pair.token });
    expect(http1.status).toBe(201);
    expect((await tryRegister(srv.url, 'first', http1.body.code)).status).toBe(201);
    expect((await tryRegister(srv.url, 'second', http1.body.code)).body.error.code).toBe(
      'invalid_invite',
    );
    const short = await ok(owner.socket, 'admin:invite-create', { maxUses: 5 });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await tryRegister(srv.url, 'late', short.code)).body.error.code).toBe('invalid_invite');
    // Still listed (expired less than 30 days ago), with its uses.
    const { invites } = await ok(owner.socket, 'admin:invites', {});
    expect(invites.map((i: { id: string }) => i.id)).toContain(short.invite.id);
  });
});
