import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../server/protocol.js';
import { request } from './helpers.js';
import { roomAdminSetup, roomWith, sendTo } from './room-admin-helpers.js';

describe('the audit log and private rooms', () => {
  it('never names a private room to an admin who is not in it', async () => {
    const { owner, admin, alice, bob } = await roomAdminSetup();
    const roomId = await roomWith(alice, 'secret plans', [bob, admin], 'private');
    const sent = await sendTo(bob.socket, roomId, 'hello');
    expect(sent.ok).toBe(true);

    // The creator renames it and sets its topic; an admin in it moderates, removes and deletes.
    const renamed = await request(alice.socket, 'room:update', {
      roomId,
      name: 'secret v2',
      topic: 'launch',
    });
    expect(renamed.ok).toBe(true);
    expect((await request(admin.socket, 'message:delete', { messageId: sent.message.id })).ok).toBe(
      true,
    );
    expect((await request(admin.socket, 'room:archive', { roomId, archived: true })).ok).toBe(true);
    expect((await request(admin.socket, 'room:remove-member', { roomId, userId: bob.id })).ok).toBe(
      true,
    );
    expect((await request(admin.socket, 'room:delete', { roomId, name: 'secret v2' })).ok).toBe(
      true,
    );

    // The owner was never in the room: the log tells them what happened, not what it was called.
    const page = await request(owner.socket, 'admin:audit', {});
    expect(page.ok).toBe(true);
    const entries = (page.entries as AuditEntry[]).filter((e) => e.action !== 'user.role');
    expect(JSON.stringify(entries)).not.toMatch(/secret/i);
    const label = `private room ${roomId}`;
    expect(
      entries.map((e) => [e.action, e.target?.kind, e.target?.id, e.target?.label, e.detail]),
    ).toEqual([
      ['room.delete', 'room', String(roomId), label, 'private, 2 members'],
      ['room.remove_member', 'room', String(roomId), label, '@bob'],
      ['room.archive', 'room', String(roomId), label, ''],
      ['message.delete', 'message', String(sent.message.id), label, 'by @bob'],
      ['room.update', 'room', String(roomId), label, 'renamed; topic set'],
    ]);
  });

  it('still names a public room', async () => {
    const { owner, alice, bob } = await roomAdminSetup();
    const roomId = await roomWith(alice, 'plans', [bob]);
    expect((await request(alice.socket, 'room:update', { roomId, name: 'roadmap' })).ok).toBe(true);
    const page = await request(owner.socket, 'admin:audit', {});
    expect(page.entries[0]).toMatchObject({
      action: 'room.update',
      target: { kind: 'room', id: String(roomId), label: '#roadmap' },
      detail: 'renamed from #plans',
    });
  });
});
