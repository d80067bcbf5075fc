import { expect, it } from 'vitest';
import { adminRaces } from './admin-races.js';
import { inviteCodeContract } from './invite-code-contract.js';
import { moderationContract } from './moderation-contract.js';
import type { StoreKind } from './harness.js';
import { open, register } from './admin-people.js';

/** Administration: audit log, settings, the admin panel's users (AdminStore), every store alike. */
export function adminContract(kind: StoreKind): void {
  it('keeps the audit log newest first, a page at a time', async () => {
    const store = await (await kind.fresh()).open();
    const [own] = await register(store, ['own']);
    await store.addAudit({ actorId: own, action: 'settings.update', target: null, at: 1 });
    for (const at of [2, 3, 4])
      await store.addAudit({
        actorId: own,
        action: 'user.ban',
        target: { kind: 'user', id: String(at), label: `u${at}` },
        detail: `why ${at}`,
        at,
      });
    const first = await store.auditPage({ limit: 3 });
    expect(first.entries.map((e) => e.at)).toEqual([4, 3, 2]);
    expect(first.entries[0]).toEqual({
      id: expect.any(Number),
      at: 4,
      actor: { id: own, username: 'own', displayName: 'own' },
      action: 'user.ban',
      target: { kind: 'user', id: '4', label: 'u4' },
      detail: 'why 4',
    });
    const ids = first.entries.map((e) => e.id);
    expect([...ids].sort((x, y) => y - x)).toEqual(ids);
    expect(first.nextCursor).toBe(ids[2]);
    const rest = await store.auditPage({ before: first.nextCursor ?? 0, limit: 3 });
    expect(rest.entries).toMatchObject([{ at: 1, action: 'settings.update', target: null }]);
    expect(rest.entries[0]?.detail).toBe('');
    expect(rest.nextCursor).toBeNull();
  });

  it('reads settings as written, a patch changing only its keys', async () => {
    const store = await (await kind.fresh()).open();
    expect(await store.readSettings()).toEqual({});
    await store.writeSettings({ name: 'Hub', registration: 'invite' });
    await store.writeSettings({ name: 'Hub 2', deletedUserMessages: 'delete' });
    await store.writeSettings({ registration: undefined });
    await store.writeSettings({});
    expect(await store.readSettings()).toEqual({
      name: 'Hub 2',
      registration: 'invite',
      deletedUserMessages: 'delete',
    });
  });

  it('lists users by id a page at a time, searching names as plain text', async () => {
    const store = await (await kind.fresh()).open();
    const [own, ann] = await register(store, ['own', 'ann', 'x%y', 'x_y', 'xay']);
    const carol = await store.registerUser(
      { username: 'carol', displayName: 'Big CAROL', passwordHash: 'x' },
      open,
    );
    if (!carol.ok) throw new Error('no carol');
    const page = await store.adminUsers({ limit: 2 });
    expect(page.users.map((u) => u.username)).toEqual(['own', 'ann']);
    expect(page.nextCursor).toBe(ann);
    expect(page.users[0]).toEqual({
      id: own,
      username: 'own',
      displayName: 'own',
      role: 'owner',
      avatar: null,
      status: { emoji: '', text: '' },
      banned: false,
      banReason: null,
      lastSeenAt: null,
      online: false,
      createdAt: 0,
    });
    const next = await store.adminUsers({ after: ann, limit: 10 });
    expect(next.users.map((u) => u.username)).toEqual(['x%y', 'x_y', 'xay', 'carol']);
    expect(next.nextCursor).toBeNull();
    const names = async (query: string) =>
      (await store.adminUsers({ query, limit: 10 })).users.map((u) => u.username);
    expect(await names('%')).toEqual(['x%y']);
    expect(await names('_')).toEqual(['x_y']);
    expect(await names('ANN')).toEqual(['ann']);
    expect(await names('big carol')).toEqual(['carol']);
    expect(await names('X')).toEqual(['x%y', 'x_y', 'xay']);
    expect(await store.adminUsers({ query: 'x', after: ann + 1, limit: 1 })).toMatchObject({
      users: [{ username: 'x_y' }],
      nextCursor: ann + 2,
    });
    expect(await store.adminUser(carol.user.id)).toMatchObject({ displayName: 'Big CAROL' });
    expect(await store.adminUser(999_999)).toBeUndefined();
  });

  it('records when users were last seen, never moving a time back', async () => {
    const store = await (await kind.fresh()).open();
    const [own, ann] = await register(store, ['own', 'ann']);
    await store.recordLastSeen(new Map());
    await store.recordLastSeen(
      new Map([
        [own, 500],
        [ann, 300],
      ]),
    );
    await store.recordLastSeen(
      new Map([
        [own, 400],
        [ann, 600],
        [999_999, 1],
      ]),
    );
    expect((await store.adminUser(own))?.lastSeenAt).toBe(500);
    expect((await store.adminUser(ann))?.lastSeenAt).toBe(600);
  });

  moderationContract(kind);
  inviteCodeContract(kind);
  adminRaces(kind);
}
