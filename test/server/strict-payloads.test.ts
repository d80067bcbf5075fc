import { describe, expect, it } from 'vitest';
import { http, request } from './helpers.js';
import { roomAdminSetup, roomWith } from './room-admin-helpers.js';

/**
 * Administration, room administration, profiles and account security refuse a key they do not
 * know (`invalid_payload`) instead of ignoring it: a misspelt option must not be taken as its
 * default without a word.
 */
describe('unknown keys are refused', () => {
  it('in socket payloads, and nothing changes', async () => {
    const { owner, admin, alice, bob } = await roomAdminSetup();
    const roomId = await roomWith(alice, 'plans', [bob]);
    const refusals: [typeof owner, string, unknown][] = [
      [owner, 'admin:ban', { userId: bob.id, reason: '', silent: true }],
      [owner, 'admin:role', { userId: bob.id, role: 'admin', notify: false }],
      [owner, 'admin:invite-create', { maxUses: 1, expiresInHours: 1, uses: 5 }],
      [owner, 'admin:audit', { limit: 5, action: 'room.delete' }],
      [owner, 'admin:reset-password', { userId: bob.id, code: 'mine' }],
      [admin, 'room:archive', { roomId, archived: true, reason: 'x' }],
      [admin, 'room:update', { roomId, topic: 'new', kind: 'private' }],
      [admin, 'room:remove-member', { roomId, userId: bob.id, ban: true }],
      [alice, 'profile:update', { displayName: 'Alice', role: 'owner' }],
      [alice, 'profile:update', { status: { emoji: '', text: 'hi', until: 1 } }],
      [alice, 'users:get', { userIds: [bob.id], fields: ['email'] }],
    ];
    for (const [who, event, payload] of refusals) {
      const answer = await request(who.socket, event, payload);
      expect({ event, answer }).toMatchObject({
        event,
        answer: { ok: false, error: { code: 'invalid_payload' } },
      });
      expect(answer.error.message).toMatch(/unrecognized key/i);
    }
    const users = await request(owner.socket, 'admin:users', {});
    const bobNow = users.users.find((u: { id: number }) => u.id === bob.id);
    expect([bobNow.role, bobNow.banned]).toEqual(['member', false]);
    const rooms = await request(alice.socket, 'rooms:list', { joined: true });
    const plans = rooms.rooms.find((r: { id: number }) => r.id === roomId);
    expect([plans.archived, plans.topic, plans.memberCount]).toEqual([undefined, undefined, 2]);
    // The same payloads without the stray key pass.
    expect((await request(owner.socket, 'admin:audit', { limit: 5 })).ok).toBe(true);
    expect((await request(admin.socket, 'room:archive', { roomId, archived: true })).ok).toBe(true);
  });

  it('in HTTP bodies, while the bodies the app sends pass', async () => {
    const { url } = await roomAdminSetup();
    const login = await http(url, '/api/login', {
      body: { username: 'owner', password: 'correct horse' },
    });
    const token = login.body.token as string;
    const refused = [
      ['/api/admin/ban', { username: 'bob', reason: '', days: 3 }],
      ['/api/admin/unban', { username: 'bob', reason: 'sorry' }],
      ['/api/password', { currentPassword: 'correct horse', newPassword: 'new horse 1', all: 1 }],
      ['/api/admin/transfer', { username: 'alice', password: 'correct horse', keep: true }],
    ] as const;
    for (const [path, body] of refused) {
      const answer = await http(url, path, { token, body });
      expect({ path, status: answer.status, code: answer.body?.error?.code }).toEqual({
        path,
        status: 400,
        code: 'invalid_payload',
      });
    }
    const reset = await http(url, '/api/password/reset', {
      body: { username: 'alice', code: 'x'.repeat(20), newPassword: 'new horse 1', extra: 1 },
    });
    expect([reset.status, reset.body.error.code]).toEqual([400, 'invalid_payload']);

    // As the app sends them (renderer/src/lib/admin-api.ts, account-api.ts): accepted.
    const bobLogin = () =>
      http(url, '/api/login', { body: { username: 'bob', password: 'correct horse' } });
    const ban = await http(url, '/api/admin/ban', { token, body: { username: ' Bob ' } });
    expect([ban.status, ban.body.user.username]).toEqual([200, 'bob']);
    expect((await bobLogin()).body.error.code).toBe('banned');
    const unban = await http(url, '/api/admin/unban', { token, body: { username: 'BOB' } });
    expect([unban.status, unban.body.user.username]).toEqual([200, 'bob']);
    expect((await bobLogin()).status).toBe(200);
    const changed = await http(url, '/api/password', {
      token,
      body: { currentPassword: 'correct horse', newPassword: 'new horse 1' },
    });
    expect(changed.status).toBe(204);
  });
});
