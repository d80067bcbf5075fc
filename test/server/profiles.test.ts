import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Profile } from '../../server/protocol.js';
import { DATABASE_FILE, openSqliteStore } from '../../server/storage/sqlite/sqlite-store.js';
import { next, register, request, sleep, startServer, tempDir } from './helpers.js';
import { GENERAL, people, send } from './message-helpers.js';

/** Writes to a running server's database from the side (what admin work will do by events). */
function sql(dataDir: string, statement: string, ...params: unknown[]): void {
  const db = new Database(join(dataDir, DATABASE_FILE));
  try {
    db.prepare(statement).run(...params);
  } finally {
    db.close();
  }
}

const update = (socket: Parameters<typeof request>[0], payload: unknown) =>
  request<{ ok: boolean; user: Profile; error: { code: string; retryAfterMs?: number } }>(
    socket,
    'profile:update',
    payload,
  );

describe('profiles', () => {
  it('users:get gives any signed-in user the profiles asked for, with roles', async () => {
    const dataDir = tempDir();
    const {
      people: [owner, ada, bob],
    } = await people(['owner', 'ada', 'bob'] as const, { dataDir });
    sql(dataDir, 'UPDATE users SET admin = 1 WHERE id = ?', ada.id);
    const answer = await request(bob.socket, 'users:get', {
      userIds: [bob.id, owner.id, ada.id, 999],
    });
    expect(answer.ok).toBe(true);
    const byId = new Map((answer.users as Profile[]).map((user) => [user.id, user]));
    expect(byId.size).toBe(3);
    expect(byId.get(owner.id)).toEqual({
      id: owner.id,
      username: 'owner',
      displayName: 'owner',
      role: 'owner',
      avatar: null,
      status: { emoji: '', text: '' },
    });
    expect(byId.get(ada.id)?.role).toBe('admin');
    expect(byId.get(bob.id)?.role).toBe('member');
    for (const userIds of [[], [1, 1], [0], Array.from({ length: 101 }, (_, i) => i + 1), ['1']]) {
      const refused = await request(bob.socket, 'users:get', { userIds });
      expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    }
  });

  it('a new name reaches everyone, new messages and old history alike', async () => {
    const {
      people: [alice, bob],
    } = await people(['alice', 'bob'] as const);
    const before = await send(alice.socket, 'sent before the change');
    expect(before.author.displayName).toBe('alice');
    const seen = next<{ user: Profile }>(bob.socket, 'user:updated');
    const ownSeen = next<{ user: Profile }>(alice.socket, 'user:updated');
    const answer = await update(alice.socket, { displayName: '  Alice Liddell  ' });
    expect(answer).toMatchObject({
      ok: true,
      user: { id: alice.id, displayName: 'Alice Liddell' },
    });
    expect((await seen).user).toMatchObject({
      id: alice.id,
      username: 'alice',
      displayName: 'Alice Liddell',
      role: 'owner',
    });
    expect((await ownSeen).user.displayName).toBe('Alice Liddell');
    // The same open socket: its identity was brought up to date.
    const after = await send(alice.socket, 'sent after the change');
    expect(after.author).toEqual({ id: alice.id, username: 'alice', displayName: 'Alice Liddell' });
    const page = await request(bob.socket, 'message:history', { roomId: GENERAL });
    const old = (page.messages as Array<{ id: number; author: { displayName: string } }>).find(
      (m) => m.id === before.id,
    );
    expect(old?.author.displayName).toBe('Alice Liddell');
    const [profile] = (await request(bob.socket, 'users:get', { userIds: [alice.id] })).users;
    expect(profile.displayName).toBe('Alice Liddell');
  });

  it('sets and clears a status, one emoji spelling, text trimmed', async () => {
    const {
      people: [alice, bob],
    } = await people(['alice', 'bob'] as const);
    const seen = next<{ user: Profile }>(bob.socket, 'user:updated');
    // ❤ without its variation selector is stored as ❤️, as reactions do.
    const set = await update(alice.socket, { status: { emoji: '❤', text: '  On holiday  ' } });
    expect(set.user.status).toEqual({ emoji: '❤️', text: 'On holiday' });
    expect(set.user.displayName).toBe('alice');
    expect((await seen).user.status).toEqual({ emoji: '❤️', text: 'On holiday' });
    const cleared = await update(alice.socket, { status: { emoji: '', text: '' } });
    expect(cleared.user.status).toEqual({ emoji: '', text: '' });
    const family = await update(alice.socket, { status: { emoji: '🇬🇧', text: 'x'.repeat(100) } });
    expect(family.ok).toBe(true);
  });

  it('refuses bad emoji, hidden characters, long text and empty changes', async () => {
    const {
      people: [alice, bob],
    } = await people(['alice', 'bob'] as const);
    let broadcasts = 0;
    bob.socket.on('user:updated', () => broadcasts++);
    const bad: unknown[] = [
      {},
      { status: { emoji: 'ab', text: '' } },
      { status: { emoji: '👍👍', text: '' } },
      { status: { emoji: ':smile:', text: '' } },
      { status: { emoji: '', text: 'evil\u202Etxt.exe' } },
      { status: { emoji: '', text: 'zero\u200Bwidth' } },
      { status: { emoji: '', text: 'x'.repeat(101) } },
      { status: { emoji: '' } },
      { displayName: '' },
      { displayName: '   ' },
      { displayName: 'a\u2066b' },
      { displayName: 'x'.repeat(65) },
    ];
    for (const payload of bad)
      expect(await update(alice.socket, payload), JSON.stringify(payload)).toMatchObject({
        ok: false,
        error: { code: 'invalid_payload' },
      });
    await sleep(100);
    expect(broadcasts).toBe(0);
    const [profile] = (await request(bob.socket, 'users:get', { userIds: [alice.id] })).users;
    expect(profile).toMatchObject({ displayName: 'alice', status: { emoji: '', text: '' } });
  });

  it('limits profile changes to 10 a minute per user', async () => {
    const {
      people: [alice, bob],
    } = await people(['alice', 'bob'] as const);
    for (let i = 0; i < 10; i++)
      expect((await update(alice.socket, { displayName: `Alice ${i}` })).ok).toBe(true);
    const refused = await update(alice.socket, { displayName: 'One too many' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    expect(refused.error.retryAfterMs).toBeGreaterThan(0);
    expect(refused.error.retryAfterMs).toBeLessThanOrEqual(6_000);
    // Per user: Bob still may.
    expect((await update(bob.socket, { displayName: 'Bob' })).ok).toBe(true);
  });

  it('shows a deleted account as "Deleted user", without avatar or status', async () => {
    const { url, dataDir, close } = await startServer({ scryptCost: 1024 });
    const alice = await register(url, 'alice', { displayName: 'Alice' });
    await close();
    sql(
      dataDir,
      "UPDATE users SET status_emoji = '🌴', status_text = 'away', avatar = 'k', deleted_at = 1 WHERE id = ?",
      alice.user.id,
    );
    const store = openSqliteStore(dataDir);
    try {
      expect(await store.profiles([alice.user.id])).toEqual([
        {
          id: alice.user.id,
          username: 'alice',
          displayName: 'Deleted user',
          role: 'owner',
          avatar: null,
          status: { emoji: '', text: '' },
          deleted: true,
        },
      ]);
      expect(await store.updateProfile(alice.user.id, { displayName: 'Back' })).toBeUndefined();
      expect(await store.setAvatar(alice.user.id, null)).toBeUndefined();
    } finally {
      await store.close();
    }
  });
});
