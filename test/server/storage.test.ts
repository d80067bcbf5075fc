import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../server/storage/sqlite/migrations.js';
import { DATABASE_FILE, openSqliteStore } from '../../server/storage/sqlite/sqlite-store.js';
import { tempDir } from './helpers.js';

describe('SQLite store', () => {
  it('uses WAL, foreign keys and a versioned schema, migrating only once', async () => {
    const dir = tempDir();
    const store = openSqliteStore(dir);
    const serverId = store.serverId;
    await store.close();
    const db = new Database(join(dir, DATABASE_FILE));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.prepare('SELECT COUNT(*) AS n FROM rooms').get()).toEqual({ n: 1 });
    db.close();
    const reopened = openSqliteStore(dir);
    expect(reopened.serverId).toBe(serverId);
    await reopened.close();
  });

  it('enforces foreign keys', async () => {
    const dir = tempDir();
    const store = openSqliteStore(dir);
    // Room 1 (general) exists; user 42 does not.
    await expect(store.addMember(1, 42)).rejects.toThrow(/FOREIGN KEY/);
    await store.close();
  });

  it('refuses a database written by a newer schema', async () => {
    const dir = tempDir();
    await openSqliteStore(dir).close();
    const db = new Database(join(dir, DATABASE_FILE));
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => openSqliteStore(dir)).toThrow(/newer than this server understands/);
  });

  it('registers atomically: a bad invite leaves no user behind', async () => {
    const store = openSqliteStore(tempDir());
    const user = (username: string) => ({ username, displayName: username, passwordHash: 'x' });
    const rule = { policy: 'invite' as const, now: Date.now(), setupVerified: true };
    expect((await store.registerUser(user('owner'), rule)).ok).toBe(true);
    expect(await store.registerUser(user('eve'), { ...rule, inviteHash: 'nope' })).toEqual({
      ok: false,
      reason: 'invalid_invite',
    });
    expect(await store.findUserByUsername('eve')).toBeUndefined();
    await store.close();
  });
});
