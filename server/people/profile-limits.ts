import { BucketLimiter, requireAllowed } from '../auth/rate-limit.js';

/**
 * Profile changes (name, status, avatar) one user may make: 10 a minute. Each one is sent to
 * every socket on the server, so a person changing their status in a loop would flood everyone.
 */
export const PROFILE_CHANGES = { perSecond: 10 / 60, burst: 10 };

/** How often a limiter forgets the buckets that have refilled. */
const SWEEP_MS = 60_000;

/**
 * One limiter per server (keyed by its Socket.IO server, so it goes with it), shared by the
 * events and the routes, with when it was last swept.
 */
const limiters = new WeakMap<object, { limiter: BucketLimiter; sweptAt: number }>();

/** The profile change limiter of the server whose Socket.IO server is `io`. */
export function profileChanges(io: object, now = Date.now()): BucketLimiter {
  let entry = limiters.get(io);
  if (!entry) {
    entry = { limiter: new BucketLimiter(PROFILE_CHANGES), sweptAt: now };
    limiters.set(io, entry);
  }
  // Swept as it is used (no timer to stop): full buckets hold nothing a fresh one would not.
  if (now - entry.sweptAt >= SWEEP_MS) {
    entry.limiter.sweep(now);
    entry.sweptAt = now;
  }
  return entry.limiter;
}

/** Spends one profile change of `userId`, or throws `rate_limited` with the wait. */
export function spendProfileChange(io: object, userId: number): void {
  requireAllowed(profileChanges(io).take(userId), 'Too many profile changes; wait a moment.');
}
