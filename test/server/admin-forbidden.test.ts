import { describe, expect, it } from 'vitest';
import { CLIENT_EVENTS } from '../../server/protocol.js';
import { http, request } from './helpers.js';
import { ok, serverWith } from './admin-helpers.js';

/**
 * The rule: every admin action, tried by a plain member, is `forbidden`. The events are
 * read from CLIENT_EVENTS, so an `admin:*` event added later without a payload here fails this
 * test instead of going unchecked.
 */
describe('admin actions as a member', () => {
  it('every admin:* event, admin-only room event and admin route answers forbidden', async () => {
    const { srv, owner, people } = await serverWith(['mallory', 'bob']);
    const [mallory, bob] = people as [(typeof people)[0], (typeof people)[0]];
    const { room } = await ok(owner.socket, 'room:create', { name: 'ops', kind: 'public' });
    await ok(mallory.socket, 'room:join', { roomId: room.id });
    await ok(bob.socket, 'room:join', { roomId: room.id });
    const { invite } = await ok(owner.socket, 'admin:invite-create', {});
    const settings = (await ok(owner.socket, 'admin:settings', {})).settings;

    // Valid payloads: a refusal must come from the role check, never from validation.
    const payloads: Record<string, unknown> = {
      'admin:users': { query: 'bob' },
      'admin:ban': { userId: bob.id, reason: 'no reason' },
      'admin:unban': { userId: bob.id },
      'admin:role': { userId: mallory.id, role: 'admin' },
      'admin:reset-password': { userId: bob.id },
      'admin:invites': {},
      'admin:invite-create': { maxUses: 5 },
      'admin:invite-revoke': { id: invite.id },
      'admin:settings': {},
      'admin:settings-update': { registration: 'closed' },
      'admin:audit': {},
      // Admins only, whoever made the room.
      'room:delete': { roomId: room.id, name: 'ops' },
      'room:remove-member': { roomId: room.id, userId: bob.id },
      // The room's creator and admins: mallory is neither.
      'room:update': { roomId: room.id, name: 'mine now' },
      'room:archive': { roomId: room.id, archived: true },
    };
    const adminEvents = CLIENT_EVENTS.filter((event) => event.startsWith('admin:'));
    expect(adminEvents.length).toBeGreaterThanOrEqual(11);
    const events = [
      ...adminEvents,
      'room:delete',
      'room:remove-member',
      'room:update',
      'room:archive',
    ];
    const answers: Record<string, unknown> = {};
    for (const event of events) {
      expect(Object.hasOwn(payloads, event), `a payload for ${event}`).toBe(true);
      const answer = await request(mallory.socket, event, payloads[event]);
      answers[event] = answer.ok ? 'ok' : answer.error.code;
    }
    expect(answers).toEqual(Object.fromEntries(events.map((event) => [event, 'forbidden'])));

    const routes: Array<[string, unknown]> = [
      ['/api/admin/ban', { username: 'bob', reason: 'no reason' }],
      ['/api/admin/unban', { username: 'bob' }],
      ['/api/invites', {}],
      ['/api/admin/transfer', { username: 'mallory', password: 'correct horse' }],
    ];
    const statuses: Record<string, unknown> = {};
    for (const [path, body] of routes) {
      const answer = await http(srv.url, path, { token: mallory.pair.token, body });
      statuses[path] = [answer.status, answer.body?.error?.code];
    }
    expect(statuses).toEqual(
      Object.fromEntries(routes.map(([path]) => [path, [403, 'forbidden']])),
    );

    // And nothing changed.
    const listed = await ok(owner.socket, 'admin:users', {});
    const byName = (name: string) =>
      listed.users.find((u: { username: string }) => u.username === name);
    expect(byName('bob')).toMatchObject({ banned: false, role: 'member', online: true });
    expect(byName('mallory')).toMatchObject({ role: 'member' });
    expect((await ok(owner.socket, 'admin:settings', {})).settings).toEqual(settings);
    const { invites } = await ok(owner.socket, 'admin:invites', {});
    expect(invites).toEqual([invite]);
    const audit = await ok(owner.socket, 'admin:audit', {});
    expect(audit.entries.map((e: { action: string }) => e.action)).toEqual(['invite.create']);
    expect(bob.socket.connected).toBe(true);
  });

  it('every owner-only action, tried by an admin, answers forbidden', async () => {
    const { srv, owner, people } = await serverWith(['ada', 'bob', 'cid']);
    const [ada, bob, cid] = people as [(typeof people)[0], (typeof people)[0], (typeof people)[0]];
    await ok(owner.socket, 'admin:role', { userId: ada.id, role: 'admin' });
    await ok(owner.socket, 'admin:role', { userId: cid.id, role: 'admin' });
    const settings = (await ok(owner.socket, 'admin:settings', {})).settings;
    const events: Array<[string, unknown]> = [
      ['admin:role', { userId: bob.id, role: 'admin' }],
      ['admin:role', { userId: cid.id, role: 'member' }],
      ['admin:role', { userId: ada.id, role: 'member' }],
      ['admin:settings-update', { deletedUserMessages: 'delete' }],
      // With a setting an admin may change: the retention still makes it the owner's.
      ['admin:settings-update', { name: 'Ada’s server', deletedUserMessages: 'keep' }],
    ];
    const answers: unknown[] = [];
    for (const [event, payload] of events) {
      const answer = await request(ada.socket, event, payload);
      answers.push([event, answer.ok ? 'ok' : answer.error.code]);
    }
    expect(answers).toEqual(events.map(([event]) => [event, 'forbidden']));
    const transfer = await http(srv.url, '/api/admin/transfer', {
      token: ada.pair.token,
      body: { username: 'ada', password: 'correct horse' },
    });
    expect([transfer.status, transfer.body?.error?.code]).toEqual([403, 'forbidden']);

    // Nothing changed; the settings an admin may change still work.
    const listed = await ok(owner.socket, 'admin:users', {});
    expect(
      listed.users.map((u: { username: string; role: string }) => [u.username, u.role]),
    ).toEqual([
      ['owner', 'owner'],
      ['ada', 'admin'],
      ['bob', 'member'],
      ['cid', 'admin'],
    ]);
    expect((await ok(owner.socket, 'admin:settings', {})).settings).toEqual(settings);
    const audit = await ok(owner.socket, 'admin:audit', {});
    expect(audit.entries.map((e: { action: string }) => e.action)).toEqual([
      'user.role',
      'user.role',
    ]);
    await ok(ada.socket, 'admin:settings-update', { registration: 'closed' });
  });
});
