import { describe, expect, it } from 'vitest';
import type { AdminUser, InviteCode, Role, User } from '../../server/protocol.js';
import { auditWords, lastSeen } from '../../renderer/src/lib/admin-format.js';
import { canManageRoom, mergeRoom } from '../../renderer/src/lib/admin-rooms.js';
import {
  inviteStatus,
  inviteUses,
  readInviteForm,
  userActions,
} from '../../renderer/src/lib/admin-rules.js';

const user = (id: number, role: Role): User => ({ id, role, username: `u${id}`, displayName: '' });
const listed = (id: number, role: Role, extra: Partial<AdminUser> = {}): AdminUser => ({
  ...user(id, role),
  avatar: null,
  status: { emoji: '', text: '' },
  banned: false,
  banReason: null,
  lastSeenAt: null,
  online: false,
  createdAt: 0,
  ...extra,
});
const actions = (me: User, target: AdminUser) =>
  Object.entries(userActions(me, target))
    .filter(([, allowed]) => allowed)
    .map(([name]) => name);

describe('what the admin panel offers', () => {
  it('follows the server: nobody acts on themselves or the owner; admins on members only', () => {
    const owner = user(1, 'owner');
    const admin = user(2, 'admin');
    expect(actions(owner, listed(1, 'owner'))).toEqual([]);
    expect(actions(owner, listed(2, 'admin'))).toEqual([
      'ban',
      'resetPassword',
      'changeRole',
      'transfer',
    ]);
    expect(actions(owner, listed(3, 'member', { banned: true }))).toEqual([
      'ban',
      'resetPassword',
      'changeRole',
    ]);
    expect(actions(admin, listed(3, 'member'))).toEqual(['ban', 'resetPassword']);
    expect(actions(admin, listed(4, 'admin'))).toEqual([]);
    expect(actions(admin, listed(1, 'owner'))).toEqual([]);
    expect(actions(user(5, 'member'), listed(3, 'member'))).toEqual([]);
    expect(actions(owner, listed(6, 'member', { deleted: true }))).toEqual([]);
  });

  it('reads invite codes: state, uses, and the form within 1..1000 uses and 1..720 hours', () => {
    const code: InviteCode = {
      id: '0123456789abcdef',
      hint: 'AbCd',
      createdBy: null,
      createdAt: 0,
      expiresAt: 2000,
      maxUses: 2,
      uses: 1,
      revoked: false,
    };
    expect(inviteStatus(code, 1000)).toBe('active');
    expect(inviteStatus({ ...code, uses: 2 }, 1000)).toBe('used up');
    expect(inviteStatus(code, 2000)).toBe('expired');
    expect(inviteStatus({ ...code, revoked: true }, 1000)).toBe('revoked');
    expect(inviteUses({ ...code, maxUses: null })).toBe('1 of unlimited');
    expect(readInviteForm({ unlimited: false, uses: '2', hours: '48' })).toEqual({
      maxUses: 2,
      expiresInHours: 48,
    });
    expect(readInviteForm({ unlimited: true, uses: '', hours: '1' })).toEqual({
      maxUses: null,
      expiresInHours: 1,
    });
    expect(readInviteForm({ unlimited: false, uses: '1001', hours: '1' })).toMatchObject({
      field: 'uses',
    });
    expect(readInviteForm({ unlimited: false, uses: '1', hours: '721' })).toMatchObject({
      field: 'hours',
    });
    expect(readInviteForm({ unlimited: false, uses: '1.5', hours: '1' })).toMatchObject({
      field: 'uses',
    });
  });

  it('merges a room update so that a cleared topic and a lifted archive go away', () => {
    const held = {
      id: 7,
      name: 'plans',
      kind: 'public' as const,
      memberCount: 2,
      lastMessageId: 3,
      changeSeq: 1,
      topic: 'old',
      archived: true as const,
      createdBy: 4,
      joined: true,
      read: { lastReadId: 3, unread: 0, mentions: 0, notify: 'all' as const },
    };
    const { topic: _t, archived: _a, ...plain } = held;
    const merged = mergeRoom(held, { ...plain, name: 'plans-2' });
    expect(merged).toEqual({ ...plain, name: 'plans-2' });
    expect(canManageRoom(merged, user(4, 'member'))).toBe(true);
    expect(canManageRoom(merged, user(5, 'member'))).toBe(false);
    expect(canManageRoom(merged, user(5, 'admin'))).toBe(true);
    expect(canManageRoom({ ...merged, kind: 'direct' }, user(1, 'owner'))).toBe(false);
  });

  it('says actions and last-seen times in words', () => {
    expect(auditWords('user.ban')).toBe('Banned');
    expect(auditWords('something.new')).toBe('something.new');
    expect(lastSeen({ online: true, lastSeenAt: 5 })).toBe('Online now');
    expect(lastSeen({ online: false, lastSeenAt: null })).toBe('Never connected');
  });
});
