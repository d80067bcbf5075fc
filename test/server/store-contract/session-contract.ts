import { expect, it } from 'vitest';
import { newUser, type ContractStore, type StoreKind } from './harness.js';

const open = { policy: 'open' as const, now: 0, setupVerified: true };

/** A store with one user, and that user's id. */
async function withUser(kind: StoreKind): Promise<{ store: ContractStore; userId: number }> {
  const store = await (await kind.fresh()).open();
  const made = await store.registerUser(newUser('ann'), open);
  if (!made.ok) throw new Error('no user');
  return { store, userId: made.user.id };
}

/** Sessions and refresh rotation: what every ChatStore must do the same way (SessionStore). */
export function sessionContract(kind: StoreKind): void {
  const fresh = kind.fresh.bind(kind);

  it('rotates a refresh token once, lets a lost answer retry in the grace window, and catches reuse', async () => {
    const { store, userId } = await withUser(kind);
    const rotation = { graceMs: 100, sessionMaxAgeMs: 10_000, refreshExpiresAt: 5_000 };
    const id = await store.createSession({
      userId,
      refreshHash: 't1',
      refreshExpiresAt: 1_000,
      now: 10,
      userAgent: 'Firefox',
      ip: '203.0.113.7',
    });
    expect(await store.sessionState(id)).toEqual({
      user: { id: userId, username: 'ann', displayName: 'ann', role: 'owner' },
      banned: false,
      revoked: false,
      startedAt: 10,
    });
    expect(await store.sessionOfRefreshToken('t1')).toBe(id);
    const rotated = await store.rotateRefreshToken({
      ...rotation,
      oldHash: 't1',
      newHash: 't2',
      now: 20,
    });
    expect(rotated).toMatchObject({ status: 'ok', sessionId: id, user: { id: userId } });
    // t1's answer was lost: presenting it again in the window rotates again; t2 is discarded.
    expect(
      await store.rotateRefreshToken({ ...rotation, oldHash: 't1', newHash: 't3', now: 50 }),
    ).toMatchObject({ status: 'ok', sessionId: id });
    expect(
      await store.rotateRefreshToken({ ...rotation, oldHash: 'zz', newHash: 'z2', now: 60 }),
    ).toEqual({
      status: 'unknown',
    });
    // The discarded t2 is spent: presenting it is reuse, and the whole session ends.
    expect(
      await store.rotateRefreshToken({ ...rotation, oldHash: 't2', newHash: 't4', now: 60 }),
    ).toEqual({
      status: 'reused',
      sessionId: id,
      userId,
    });
    expect(await store.sessionState(id)).toMatchObject({ revoked: true });
    expect(
      await store.rotateRefreshToken({ ...rotation, oldHash: 't3', newHash: 't5', now: 70 }),
    ).toEqual({
      status: 'revoked',
    });
  });

  it('answers expired for a lapsed token and for a session past its lifetime', async () => {
    const { store, userId } = await withUser(kind);
    const rotation = { graceMs: 0, sessionMaxAgeMs: 1_000, refreshExpiresAt: 5_000 };
    await store.createSession({ userId, refreshHash: 'a1', refreshExpiresAt: 100, now: 0 });
    expect(
      await store.rotateRefreshToken({ ...rotation, oldHash: 'a1', newHash: 'a2', now: 100 }),
    ).toEqual({
      status: 'expired',
    });
    await store.createSession({ userId, refreshHash: 'b1', refreshExpiresAt: 900, now: 0 });
    // The new token's expiry is capped at the session's end.
    expect(
      await store.rotateRefreshToken({ ...rotation, oldHash: 'b1', newHash: 'b2', now: 500 }),
    ).toMatchObject({
      status: 'ok',
    });
    expect(
      await store.rotateRefreshToken({ ...rotation, oldHash: 'b2', newHash: 'b3', now: 1_000 }),
    ).toEqual({
      status: 'expired',
    });
  });

  it('revokes one session, or every live one of a user, and says which', async () => {
    const { store, userId } = await withUser(kind);
    const session = (hash: string) =>
      store.createSession({ userId, refreshHash: hash, refreshExpiresAt: 1_000, now: 0 });
    const [s1, s2, s3] = [await session('r1'), await session('r2'), await session('r3')];
    await store.revokeSession(s1, 5);
    expect((await store.revokeUserSessions(userId, 6)).sort((x, y) => x - y)).toEqual([s2, s3]);
    expect(await store.revokeUserSessions(userId, 7)).toEqual([]);
    for (const id of [s1, s2, s3])
      expect(await store.sessionState(id)).toMatchObject({ revoked: true });
  });

  it('leaves one live token when two nodes rotate the same one at once', async () => {
    const db = await kind.fresh();
    const [a, b] = [await db.open(), await db.open()];
    const made = await a.registerUser(newUser('ann'), open);
    if (!made.ok) throw new Error('no user');
    const rotation = { graceMs: 30_000, sessionMaxAgeMs: 1e9, refreshExpiresAt: 1e9 };
    const sessions = 20;
    for (let i = 0; i < sessions; i++)
      await a.createSession({
        userId: made.user.id,
        refreshHash: `s${i}`,
        refreshExpiresAt: 1e9,
        now: 0,
      });
    // Both nodes take the same token at the same moment: a retry racing its own first try.
    const raced = await Promise.all(
      Array.from({ length: sessions }, (_, i) =>
        Promise.all([
          a.rotateRefreshToken({ ...rotation, oldHash: `s${i}`, newHash: `a${i}`, now: 10 }),
          b.rotateRefreshToken({ ...rotation, oldHash: `s${i}`, newHash: `b${i}`, now: 10 }),
        ]),
      ),
    );
    for (const pair of raced) for (const outcome of pair) expect(outcome.status).toBe('ok');
    // One of a_i and b_i is live and the other was discarded: never both, never neither.
    // Presented one after the other, the live one rotates and the discarded one is reuse (which
    // ends the session); the discarded one first is reuse, and then the session is revoked. Two
    // live branches would both rotate. Which one is presented first alternates, so that
    // whichever node tends to win the race, some sessions show their live branch rotating.
    const seen: string[] = [];
    for (let i = 0; i < sessions; i++) {
      const later = { ...rotation, graceMs: 0, now: 40_000 };
      const order = i % 2 === 0 ? [`a${i}`, `b${i}`] : [`b${i}`, `a${i}`];
      const next: string[] = [];
      for (const [n, oldHash] of order.entries())
        next.push(
          (await a.rotateRefreshToken({ ...later, oldHash, newHash: `n${n}-${i}` })).status,
        );
      expect([
        ['ok', 'reused'],
        ['reused', 'revoked'],
      ]).toContainEqual(next);
      seen.push(next[0] ?? '');
    }
    expect(seen).toContain('ok');
  });

  it('never lets a retry of the previous token and a rotation of the current one both win', async () => {
    const db = await kind.fresh();
    const [a, b] = [await db.open(), await db.open()];
    const made = await a.registerUser(newUser('ann'), open);
    if (!made.ok) throw new Error('no user');
    const rotation = { graceMs: 30_000, sessionMaxAgeMs: 1e9, refreshExpiresAt: 1e9 };
    const sessions = 20;
    for (let i = 0; i < sessions; i++) {
      const userId = made.user.id;
      await a.createSession({ userId, refreshHash: `p${i}`, refreshExpiresAt: 1e9, now: 0 });
      await a.rotateRefreshToken({ ...rotation, oldHash: `p${i}`, newHash: `q${i}`, now: 5 });
    }
    // Node A rotates the current token q while node B retries the previous one, p, in its grace
    // window. Whichever runs second finds q spent and must call it reuse: if both won, the
    // session would have two live tokens.
    const raced = await Promise.all(
      Array.from({ length: sessions }, (_, i) =>
        Promise.all([
          a.rotateRefreshToken({ ...rotation, oldHash: `q${i}`, newHash: `x${i}`, now: 10 }),
          b.rotateRefreshToken({ ...rotation, oldHash: `p${i}`, newHash: `y${i}`, now: 10 }),
        ]),
      ),
    );
    // Exactly one wins; the other is caught as reuse (and the session ends).
    for (const pair of raced)
      expect(pair.map((outcome) => outcome.status).sort()).toEqual(['ok', 'reused']);
  });

  it('prunes ended sessions and expired refresh tokens, and keeps what reuse detection needs', async () => {
    const store = await (await fresh()).open();
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
  });
}
