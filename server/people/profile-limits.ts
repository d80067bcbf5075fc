import { requireAllowed } from '../auth/rate-limit.js';
import { SharedBucketLimiter } from '../auth/shared-bucket.js';
import type { SharedBudgets } from '../cluster/shared-limits.js';

/**
 * Profile changes (name, status, avatar) one user may make: 10 a minute. Each one is sent to
 * every socket on the server, so a person changing their status in a loop would flood everyone.
 */
export const PROFILE_CHANGES = { perSecond: 10 / 60, burst: 10 };

/**
 * Profile changes everyone together may make: 20 a second, bursts of 100. The per-user limit
 * alone lets N accounts send 10·N broadcasts a minute, each to N sockets; this keeps the
 * `user:updated` traffic bounded whatever the number of accounts. Read when a server's limiter
 * is made (a test may lower it before it starts a server).
 */
export const PROFILE_BROADCASTS = { perSecond: 20, burst: 100 };
/** The one key of the server-wide bucket. */
const EVERYONE = 'everyone';

/** How often a limiter forgets the buckets that have refilled. */
const SWEEP_MS = 60_000;

/** A server's limiters: per user (swept now and then) and server-wide. */
interface ProfileLimiters {
  limiter: SharedBucketLimiter;
  everyone: SharedBucketLimiter;
  sweptAt: number;
}

/**
 * One set of limiters per server (keyed by its Socket.IO server, so it goes with it), shared by
 * the events and the routes, with when it was last swept.
 */
const limiters = new WeakMap<object, ProfileLimiters>();
/** The cluster budgets of a server that is one of several nodes (see shareProfileLimits). */
const clusters = new WeakMap<object, SharedBudgets>();

/**
 * Makes the profile limits of the server whose Socket.IO server is `io` hold across the nodes
 * of its cluster: per user, and the server-wide bound on `user:updated` broadcasts, which reach
 * every node's sockets. Call before its first profile change.
 */
export function shareProfileLimits(io: object, budgets: SharedBudgets): void {
  clusters.set(io, budgets);
}

function limitersOf(io: object, now: number): ProfileLimiters {
  let entry = limiters.get(io);
  if (!entry) {
    const budgets = clusters.get(io);
    entry = {
      limiter: new SharedBucketLimiter('profile', { ...PROFILE_CHANGES }, budgets),
      everyone: new SharedBucketLimiter('profile-all', { ...PROFILE_BROADCASTS }, budgets),
      sweptAt: now,
    };
    limiters.set(io, entry);
  }
  // Swept as it is used (no timer to stop): full buckets hold nothing a fresh one would not.
  if (now - entry.sweptAt >= SWEEP_MS) {
    entry.limiter.sweep();
    entry.sweptAt = now;
  }
  return entry;
}

/**
 * Spends one profile change of `userId` and one of the server's, or throws `rate_limited` with
 * the wait. The user's own budget is asked first, so that someone over theirs spends nothing of
 * everyone's.
 */
export async function spendProfileChange(io: object, userId: number): Promise<void> {
  const { limiter, everyone } = limitersOf(io, Date.now());
  requireAllowed(await limiter.spend(userId), 'Too many profile changes; wait a moment.');
  requireAllowed(
    await everyone.spend(EVERYONE),
    'Too many profile changes on this server just now; wait a moment.',
  );
}
