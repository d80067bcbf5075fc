import { describe, expect, it } from 'vitest';
import type { Message } from '../../server/protocol.js';
import type { ChatStore } from '../../server/storage/store.js';
import { openSqliteStore } from '../../server/storage/sqlite/sqlite-store.js';
import { next, tempDir } from './helpers.js';
import { people, send } from './message-helpers.js';
import { ok, refused } from './admin-helpers.js';

/**
 * A server on a real store whose deleteMessage is steered, not replaced: when armed, the real
 * deletion is queued for its group commit, then `between` runs (a demotion committing at once),
 * so the handler's role check has passed and the write sees the demotion, every time.
 */
async function setting() {
  const dataDir = tempDir();
  const real = openSqliteStore(dataDir);
  let between: (() => Promise<unknown>) | undefined;
  let steered = 0;
  const store = new Proxy(real, {
    get(target, key) {
      if (key === 'deleteMessage')
        return async (...args: Parameters<ChatStore['deleteMessage']>) => {
          const queued = target.deleteMessage(...args);
          const demote = between;
          between = undefined;
          if (demote) steered++;
          await demote?.();
          return queued;
        };
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as ChatStore;
  const { people: found } = await people(['owner', 'admin', 'carol', 'dave'] as const, {
    dataDir,
    store,
  });
  const [owner, admin, carol, dave] = found;
  const role = (role: 'admin' | 'member') =>
    ok(owner.socket, 'admin:role', { userId: admin.id, role });
  await role('admin');
  const arm = (demote: () => Promise<unknown>) => (between = demote);
  const deletions = async () =>
    (await real.auditPage({ limit: 100 })).entries.filter((e) => e.action === 'message.delete');
  // How many deletions reached the store with a demotion armed (past the handler's check).
  const raced = () => steered;
  return { real, owner, admin, carol, dave, role, arm, deletions, raced };
}

/** message:delete by an admin demoted between the handler's check and the store's write. */
describe('message:delete racing a demotion', () => {
  it('answers forbidden, tells nobody, and audits nothing', async () => {
    const { real, owner, admin, carol, dave, role, arm, deletions, raced } = await setting();
    const first = await send(carol.socket, 'first');
    // Anything dave hears of a change to a message, in order.
    const heard: Message[] = [];
    dave.socket.on('message:updated', (message) => heard.push(message));

    const now = Date.now();
    arm(() => real.setUserRole({ actorId: owner.id, targetId: admin.id, role: 'member', now }));
    expect(await refused(admin.socket, 'message:delete', { messageId: first.id })).toBe(
      'forbidden',
    );
    expect(raced()).toBe(1);
    // Carol's edit is announced after anything the refused deletion could have announced.
    const edited = next<Message>(dave.socket, 'message:updated', (m) => m.text === 'edited');
    await ok(carol.socket, 'message:edit', { messageId: first.id, text: 'edited' });
    await edited;
    expect(heard.map((m) => [m.id, m.text, m.deletedAt])).toEqual([
      [first.id, 'edited', undefined],
    ]);
    expect(await deletions()).toEqual([]);

    // Banned meanwhile (made admin again first): the same, through the real ban.
    await role('admin');
    arm(() =>
      real.banUser({ actorId: owner.id, targetId: admin.id, banned: true, reason: 'x', now }),
    );
    expect(await refused(admin.socket, 'message:delete', { messageId: first.id })).toBe(
      'forbidden',
    );
    expect(raced()).toBe(2);
    expect(await deletions()).toEqual([]);

    // Control: the owner's deletion is announced and audited, as the refused ones would have been.
    const gone = next<Message>(dave.socket, 'message:updated', (m) => m.deletedAt !== undefined);
    await ok(owner.socket, 'message:delete', { messageId: first.id });
    expect((await gone).id).toBe(first.id);
    expect(heard.map((m) => [m.id, m.deletedAt !== undefined])).toEqual([
      [first.id, false],
      [first.id, true],
    ]);
    expect((await deletions()).map((e) => [e.actor?.id, e.target?.id])).toEqual([
      [owner.id, String(first.id)],
    ]);
  });
});
