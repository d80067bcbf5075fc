import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { RoomListing } from '../../server/protocol.js';
import { migrate } from '../../server/storage/sqlite/migrations.js';
import { DATABASE_FILE, openSqliteStore } from '../../server/storage/sqlite/sqlite-store.js';
import { connect, next, register, request, startServer, tempDir, type Client } from './helpers.js';

/** The schema version just before member counts, quotas, invitations and blocks. */
const BEFORE_ROOM_LIMITS = 1;

/** Every page of `rooms:list` with these options, and the ids in order. */
async function allPages(socket: Client, options: object, limit = 50) {
  const rooms: RoomListing[] = [];
  let pages = 0;
  for (let after: number | undefined; ; pages++) {
    const page = await request(socket, 'rooms:list', { ...options, after, limit });
    expect(page.ok).toBe(true);
    expect(page.rooms.length).toBeLessThanOrEqual(limit);
    rooms.push(...page.rooms);
    if (page.nextCursor === null) return { rooms, pages: pages + 1 };
    after = page.nextCursor;
  }
}

describe('room limits', () => {
  it('caps the rooms one user creates an hour and in all, across restarts; the owner is exempt', async () => {
    const first = await startServer({ roomQuota: { perHour: 3, total: 4 } });
    const owner = await connect(first.url, (await register(first.url, 'owner')).token);
    const bobPair = await register(first.url, 'bob');
    const bob = await connect(first.url, bobPair.token);
    for (let i = 0; i < 3; i++) {
      const kind = i === 0 ? 'private' : 'public';
      expect((await request(bob, 'room:create', { name: `bob${i}`, kind })).ok).toBe(true);
    }
    // A private room deleted on leaving still counts for the hour.
    const bobs = (await request(bob, 'rooms:list', { joined: true })).rooms as RoomListing[];
    const own = bobs.find((r) => r.name === 'bob0');
    expect(await request(bob, 'room:leave', { roomId: own?.id })).toEqual({ ok: true });
    const refused = await request(bob, 'room:create', { name: 'bob3', kind: 'public' });
    expect(refused.error.code).toBe('rate_limited');
    expect(refused.error.retryAfterMs).toBeGreaterThan(3_590_000);
    expect(refused.error.retryAfterMs).toBeLessThanOrEqual(3_600_000);
    for (let i = 0; i < 6; i++) {
      const made = await request(owner, 'room:create', { name: `owner${i}`, kind: 'public' });
      expect(made.ok).toBe(true);
    }

    await first.close();
    const second = await startServer({
      dataDir: first.dataDir,
      roomQuota: { perHour: 3, total: 4 },
    });
    const again = await connect(second.url, bobPair.token);
    expect((await request(again, 'room:create', { name: 'bob4', kind: 'public' })).error.code).toBe(
      'rate_limited',
    );
  });

  it('answers quota_exceeded past the total, until one of the user’s rooms is gone', async () => {
    const { url } = await startServer({ roomQuota: { perHour: 100, total: 2 } });
    await register(url, 'owner');
    const bob = await connect(url, (await register(url, 'bob')).token);
    const kept = await request(bob, 'room:create', { name: 'kept', kind: 'public' });
    const gone = await request(bob, 'room:create', { name: 'gone', kind: 'private' });
    const over = await request(bob, 'room:create', { name: 'over', kind: 'public' });
    expect([kept.ok, gone.ok, over.error?.code]).toEqual([true, true, 'quota_exceeded']);
    await request(bob, 'room:leave', { roomId: kept.room.id }); // a public room stays: still his
    expect((await request(bob, 'room:create', { name: 'over', kind: 'public' })).ok).toBe(false);
    await request(bob, 'room:leave', { roomId: gone.room.id });
    expect((await request(bob, 'room:create', { name: 'over', kind: 'public' })).ok).toBe(true);
  });

  it('pages rooms:list by id: public rooms to browse, and every room the user is in', async () => {
    const { url } = await startServer({ eventRate: { perSecond: 10_000, burst: 10_000 } });
    const owner = await connect(url, (await register(url, 'owner')).token);
    const bob = await connect(url, (await register(url, 'bob')).token);
    for (let i = 0; i < 130; i++)
      await request(owner, 'room:create', { name: `room ${i}`, kind: 'public' });
    const secret = await request(owner, 'room:create', { name: 'secret', kind: 'private' });
    await request(owner, 'room:invite', { roomId: secret.room.id, username: 'bob' });
    await request(bob, 'invite:accept', { roomId: secret.room.id });
    for (const name of ['room 5', 'room 77', 'room 129']) {
      const room = (await request(bob, 'rooms:list', { query: name })).rooms[0];
      await request(bob, 'room:join', { roomId: room.id });
    }

    const browse = await allPages(bob, {});
    expect(browse.pages).toBe(3);
    expect(browse.rooms).toHaveLength(131); // general and 130 public rooms, no private one
    const ids = browse.rooms.map((r) => r.id);
    expect(ids).toEqual([...new Set(ids)].sort((x, y) => x - y));
    expect(browse.rooms.filter((r) => r.joined).map((r) => r.name)).toEqual([
      'general',
      'room 5',
      'room 77',
      'room 129',
    ]);
    const notJoined = await allPages(bob, { joined: false }, 100);
    expect(notJoined.rooms).toHaveLength(127);
    expect(notJoined.rooms.every((r) => !r.joined && r.kind === 'public')).toBe(true);
    const mine = await allPages(bob, { joined: true }, 2);
    expect(mine.rooms.map((r) => r.name)).toEqual([
      'general',
      'room 5',
      'room 77',
      'room 129',
      'secret',
    ]);
    expect(mine.rooms.every((r) => r.joined)).toBe(true);

    const found = await allPages(bob, { query: 'M 1' }, 100); // case-insensitive substring
    expect(found.rooms.map((r) => r.name)).toContain('room 129');
    expect(found.rooms.every((r) => r.name.includes('m 1'))).toBe(true);
    expect((await request(bob, 'rooms:list', { query: '%' })).rooms).toEqual([]);
    expect((await request(bob, 'rooms:list', { limit: 101 })).error.code).toBe('invalid_payload');
  });

  it('keeps member counts in the rooms table, in step with every membership change', async () => {
    const { url, dataDir, close } = await startServer();
    const alice = await connect(url, (await register(url, 'alice')).token);
    const bob = await connect(url, (await register(url, 'bob')).token);
    await register(url, 'carol');
    const room = (await request(alice, 'room:create', { name: 'counted', kind: 'public' })).room;
    await request(bob, 'room:join', { roomId: room.id });
    await request(bob, 'room:join', { roomId: room.id });
    await request(alice, 'room:leave', { roomId: room.id });
    await request(alice, 'dm:open', { usernames: ['bob'] });
    const listed = (await request(bob, 'rooms:list', {})).rooms as RoomListing[];
    expect(listed.map((r) => [r.name, r.memberCount])).toEqual([
      ['general', 3],
      ['counted', 1],
    ]);
    await close();
    const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
    const drift = db
      .prepare(
        `SELECT id FROM rooms r WHERE member_count <>
           (SELECT COUNT(*) FROM members m WHERE m.room_id = r.id)`,
      )
      .all();
    db.close();
    expect(drift).toEqual([]);
  });

  it('fills member counts in when it migrates a database made before them', async () => {
    const dir = tempDir();
    const db = new Database(join(dir, DATABASE_FILE));
    migrate(db, BEFORE_ROOM_LIMITS);
    const now = Date.now();
    for (const name of ['ann', 'ben', 'cy'])
      db.prepare(
        `INSERT INTO users (username, display_name, password_hash, role, created_at)
         VALUES (?, ?, 'x', 'member', ?)`,
      ).run(name, name, now);
    db.prepare(`INSERT INTO rooms (name, kind, created_at) VALUES ('two', 'private', ?)`).run(now);
    const members = db.prepare(
      'INSERT INTO members (room_id, user_id, joined_at) VALUES (?, ?, ?)',
    );
    for (const userId of [1, 2, 3]) members.run(1, userId, now);
    for (const userId of [1, 2]) members.run(2, userId, now);
    db.close();

    const store = openSqliteStore(dir);
    const page = await store.listRooms(1, { joined: true, limit: 10 });
    expect(page.rooms.map((r) => [r.name, r.memberCount])).toEqual([
      ['general', 3],
      ['two', 2],
    ]);
    await store.close();
  });

  it('deletes a private room its last member leaves, with its messages and invitations', async () => {
    const { url, dataDir, close } = await startServer();
    const alice = await connect(url, (await register(url, 'alice')).token);
    const bob = await connect(url, (await register(url, 'bob')).token);
    const room = (await request(alice, 'room:create', { name: 'gone', kind: 'private' })).room;
    await request(alice, 'message:send', { roomId: room.id, text: 'soon gone', clientId: 'g1' });
    await request(alice, 'room:invite', { roomId: room.id, username: 'bob' });
    const withdrawn = next(bob, 'invite:removed');
    expect(await request(alice, 'room:leave', { roomId: room.id })).toEqual({ ok: true });
    expect(await withdrawn).toEqual({ roomId: room.id });
    expect((await request(bob, 'invites:list', {})).invitations).toEqual([]);
    expect((await request(bob, 'invite:accept', { roomId: room.id })).error.code).toBe('not_found');
    expect((await request(alice, 'room:join', { roomId: room.id })).error.code).toBe('not_found');
    // Its name is free again, and its id is never given to another room.
    const again = await request(bob, 'room:create', { name: 'gone', kind: 'private' });
    expect(again.room.id).toBeGreaterThan(room.id);
    // A public room stays when its last member leaves: anyone may still join it.
    const open = (await request(alice, 'room:create', { name: 'open', kind: 'public' })).room;
    await request(alice, 'room:leave', { roomId: open.id });
    expect((await request(bob, 'room:join', { roomId: open.id })).room.memberCount).toBe(1);
    await close();
    const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
    const left = db.prepare('SELECT COUNT(*) AS n FROM messages WHERE room_id = ?').get(room.id);
    db.close();
    expect(left).toEqual({ n: 0 });
  });
});
