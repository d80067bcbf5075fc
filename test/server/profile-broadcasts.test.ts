import { afterEach, describe, expect, it } from 'vitest';
import { PROFILE_BROADCASTS } from '../../server/people/profile-limits.js';
import type { Profile } from '../../server/protocol.js';
import { next, request, type Client } from './helpers.js';
import { people } from './message-helpers.js';

const saved = { ...PROFILE_BROADCASTS };
afterEach(() => {
  Object.assign(PROFILE_BROADCASTS, saved);
});

const rename = (socket: Client, displayName: string) =>
  request(socket, 'profile:update', { displayName });

/** Resolves true if a `user:updated` for `userId` reaches the socket within `ms`. */
const hearsUpdate = (socket: Client, userId: number, ms = 300) =>
  next<{ user: Profile }>(socket, 'user:updated', ({ user }) => user.id === userId, ms).then(
    () => true,
    () => false,
  );

describe('the server-wide budget of profile changes', () => {
  it('refuses a change past everyone’s budget, with the wait, and broadcasts nothing', async () => {
    // Lowered before the server starts (its limiter copies it): 5 changes, then one a minute.
    Object.assign(PROFILE_BROADCASTS, { perSecond: 1 / 60, burst: 5 });
    const {
      url,
      people: [alice, bob, carol],
    } = await people(['alice', 'bob', 'carol'] as const);
    for (let i = 0; i < 3; i++) expect((await rename(alice.socket, `Alice ${i}`)).ok).toBe(true);
    for (let i = 0; i < 2; i++) expect((await rename(bob.socket, `Bob ${i}`)).ok).toBe(true);

    // Carol has spent nothing of her own, but the server's budget is gone.
    const told = hearsUpdate(alice.socket, carol.id);
    const refused = await rename(carol.socket, 'Carol');
    expect(refused).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    expect(refused.error.retryAfterMs).toBeGreaterThan(50_000);
    expect(refused.error.retryAfterMs).toBeLessThanOrEqual(60_000);
    expect(await told).toBe(false);
    const [profile] = (await request(alice.socket, 'users:get', { userIds: [carol.id] })).users;
    expect(profile.displayName).not.toBe('Carol');

    // Avatar changes spend the same budget.
    const avatar = await fetch(`${url}/api/avatar`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${carol.pair.token}` },
    });
    expect(avatar.status).toBe(429);
    expect(((await avatar.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    expect(Number(avatar.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('spends nothing of everyone’s on a change refused by the user’s own limit', async () => {
    Object.assign(PROFILE_BROADCASTS, { perSecond: 1 / 60, burst: 12 });
    const {
      people: [alice, bob],
    } = await people(['alice', 'bob'] as const);
    for (let i = 0; i < 10; i++) expect((await rename(alice.socket, `Alice ${i}`)).ok).toBe(true);
    // Over her own 10 a minute: refused, however often she tries.
    for (let i = 0; i < 5; i++)
      expect((await rename(alice.socket, `Again ${i}`)).error.code).toBe('rate_limited');
    // 10 of the server's 12 are spent: Bob gets two, then the server's budget refuses him.
    expect((await rename(bob.socket, 'Bob 1')).ok).toBe(true);
    expect((await rename(bob.socket, 'Bob 2')).ok).toBe(true);
    const refused = await rename(bob.socket, 'Bob 3');
    expect(refused.error).toMatchObject({
      code: 'rate_limited',
      message: 'Too many profile changes on this server just now; wait a moment.',
    });
  });
});
