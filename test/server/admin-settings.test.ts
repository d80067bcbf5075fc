import { describe, expect, it } from 'vitest';
import { http, next, startServer } from './helpers.js';
import { ok, refused, serverWith } from './admin-helpers.js';

const tryRegister = (url: string, username: string) =>
  http(url, '/api/register', { body: { username, password: 'longenough' } });

describe('admin: live settings and the audit log', () => {
  it('changes the registration policy and the name live; every socket hears server:updated', async () => {
    const { srv, owner, people } = await serverWith(['ada', 'bob'], { name: 'Office' });
    const [ada, bob] = people as [(typeof people)[0], (typeof people)[0]];
    await ok(owner.socket, 'admin:role', { userId: ada.id, role: 'admin' });
    expect((await ok(ada.socket, 'admin:settings', {})).settings).toEqual({
      name: 'Office',
      registration: 'open',
      deletedUserMessages: 'keep',
    });

    const heard = next(bob.socket, 'server:updated');
    const closed = await ok(ada.socket, 'admin:settings-update', { registration: 'closed' });
    expect(closed.settings.registration).toBe('closed');
    expect(await heard).toEqual({ name: 'Office', registration: 'closed' });
    expect((await tryRegister(srv.url, 'eve')).body.error.code).toBe('registration_closed');
    expect((await http(srv.url, '/api/info')).body.registration).toBe('closed');

    const renamed = next(owner.socket, 'server:updated');
    await ok(ada.socket, 'admin:settings-update', { registration: 'open', name: '  Lab  ' });
    expect(await renamed).toEqual({ name: 'Lab', registration: 'open' });
    expect((await tryRegister(srv.url, 'eve')).status).toBe(201);
    const info = (await http(srv.url, '/api/info')).body;
    expect([info.name, info.registration]).toEqual(['Lab', 'open']);

    for (const bad of [
      {},
      { colour: 'red' },
      { name: '' },
      { name: 'a\u202eb' },
      { name: 'x'.repeat(65) },
      { registration: 'sometimes' },
      { deletedUserMessages: 'hide' },
    ])
      expect(await refused(ada.socket, 'admin:settings-update', bad)).toBe('invalid_payload');

    // Kept in the database: a restarted server has them.
    await srv.close();
    const again = await startServer({ dataDir: srv.dataDir, name: 'Office' });
    const after = (await http(again.url, '/api/info')).body;
    expect([after.name, after.registration]).toEqual(['Lab', 'open']);
  });

  it('records every admin action with actor, target and detail; admins read it a page at a time', async () => {
    const { owner, people } = await serverWith(['ada', 'bob', 'cat']);
    const [ada, bob, cat] = people as [(typeof people)[0], (typeof people)[0], (typeof people)[0]];
    await ok(owner.socket, 'admin:role', { userId: ada.id, role: 'admin' });
    await ok(ada.socket, 'admin:ban', { userId: bob.id, reason: 'spam links' });
    await ok(ada.socket, 'admin:unban', { userId: bob.id });
    const made = await ok(ada.socket, 'admin:invite-create', { maxUses: 2 });
    await ok(ada.socket, 'admin:invite-revoke', { id: made.invite.id });
    await ok(ada.socket, 'admin:settings-update', { name: 'Lab' });

    const page = await ok(ada.socket, 'admin:audit', { limit: 4 });
    const summary = (e: any) => [
      e.action,
      e.actor?.username,
      e.target?.kind,
      e.target?.label,
      e.detail,
    ];
    expect(page.entries.map(summary)).toEqual([
      ['settings.update', 'ada', 'server', 'Lab', 'name: "Parley" → "Lab"'],
      ['invite.revoke', 'ada', 'invite', `${made.code.slice(0, 4)}…`, '0 uses so far'],
      [
        'invite.create',
        'ada',
        'invite',
        `${made.code.slice(0, 4)}…`,
        'up to 2 uses, expires in 168 h',
      ],
      ['user.unban', 'ada', 'user', 'bob', ''],
    ]);
    expect(page.entries[0].at).toBeGreaterThan(Date.now() - 60_000);
    const rest = await ok(ada.socket, 'admin:audit', { before: page.nextCursor });
    expect(rest.entries.map(summary)).toEqual([
      ['user.ban', 'ada', 'user', 'bob', 'spam links'],
      ['user.role', 'owner', 'user', 'ada', 'member → admin'],
    ]);
    expect(rest.entries[0].target.id).toBe(String(bob.id));
    expect(rest.nextCursor).toBeNull();
    expect(await refused(cat.socket, 'admin:audit', {})).toBe('forbidden');
  });
});
