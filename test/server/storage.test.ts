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

  it('prunes ended sessions and expired refresh tokens, and keeps what reuse detection needs', async () => {
    const store = openSqliteStore(tempDir());
    const rule = { policy: 'open' as const, now: 0, setupVerified: true };
    const made = await store.registerUser(
      { username: 'ann', displayName: 'Ann', passwordHash: 'x' },
      rule,
    );
    if (!made.ok) throw new Error('no user');
    const t0 = 1_000_000;
    const session = (hash: string, refreshExpiresAt: number) =>
      store.createSession({ userId: made.user.id, refreshHash: hash, refreshExpiresAt, now: t0 });
    const rotation = { graceMs: 0, sessionMaxAgeMs: 50, refreshExpiresAt: t0 + 101 };
    const live = await session('l1', t0 + 100);
    await store.rotateRefreshToken({ ...rotation, oldHash: 'l1', newHash: 'l2', now: t0 + 1 });
    const revoked = await session('r1', t0 + 100);
    await store.revokeSession(revoked, t0 + 2);
    const revokedLately = await session('r2', t0 + 100);
    await store.revokeSession(revokedLately, t0 + 8);
    const lapsed = await session('x1', t0 + 5);
    const old = await session('o1', t0 + 1000);

    // Ended by t0 + 5: the revoked session and the one whose only token expired.
    expect(
      await store.pruneSessions({ now: t0 + 10, sessionMaxAgeMs: 50, endedBefore: t0 + 5 }),
    ).toEqual({ sessions: 2, refreshTokens: 2 });
    for (const gone of [revoked, lapsed]) expect(await store.sessionState(gone)).toBeUndefined();
    for (const kept of [live, revokedLately, old])
      expect(await store.sessionState(kept)).toBeDefined();
    // The spent l1 is kept until it expires: presenting it still reveals a stolen copy.
    expect(
      await store.rotateRefreshToken({ ...rotation, oldHash: 'l1', newHash: 'l3', now: t0 + 20 }),
    ).toMatchObject({ status: 'reused', sessionId: live });

    // Later everything has ended: past the absolute lifetime, or with every token expired.
    expect(
      await store.pruneSessions({ now: t0 + 200, sessionMaxAgeMs: 50, endedBefore: t0 + 195 }),
    ).toEqual({ sessions: 3, refreshTokens: 4 });
    expect(await store.sessionOfRefreshToken('o1')).toBeUndefined();

    // A thief who stole k1 keeps the session going; k1 expires meanwhile. Pruning keeps it while
    // the session lives, so the victim presenting it weeks later still revokes the thief's branch.
    const long = { graceMs: 0, sessionMaxAgeMs: 10_000 };
    const stolen = await store.createSession({
      userId: made.user.id,
      refreshHash: 'k1',
      refreshExpiresAt: t0 + 300,
      now: t0 + 250,
    });
    await store.rotateRefreshToken({
      ...long,
      oldHash: 'k1',
      newHash: 'k2',
      refreshExpiresAt: t0 + 600,
      now: t0 + 260,
    });
    await store.rotateRefreshToken({
      ...long,
      oldHash: 'k2',
      newHash: 'k3',
      refreshExpiresAt: t0 + 900,
      now: t0 + 550,
    });
    await store.pruneSessions({ now: t0 + 700, sessionMaxAgeMs: 10_000, endedBefore: t0 + 695 });
    expect(
      await store.rotateRefreshToken({
        ...long,
        oldHash: 'k1',
        newHash: 'k4',
        refreshExpiresAt: t0 + 1000,
        now: t0 + 710,
      }),
    ).toMatchObject({ status: 'reused', sessionId: stolen });
    await store.close();
  });
});
