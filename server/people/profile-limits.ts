import { BucketLimiter, requireAllowed } from '../auth/rate-limit.js';

/**
 * Profile changes (name, status, avatar) one user may make: 10 a minute. Each one is sent to
 * every socket on the server, so a person changing their status in a loop would flood everyone.
 */
export const PROFILE_CHANGES = { perSecond: 10 / 60, burst: 10 };

/** One limiter per server (keyed by its Socket.IO server), shared by the events and the routes. */
const limiters = new WeakMap<object, BucketLimiter>();

/** The profile change limiter of the server whose Socket.IO server is `io`. */
export function profileChanges(io: object): BucketLimiter {
  let limiter = limiters.get(io);
  if (!limiter) {
    limiter = new BucketLimiter(PROFILE_CHANGES);
    limiters.set(io, limiter);
  }
  return limiter;
}

/** Spends one profile change of `userId`, or throws `rate_limited` with the wait. */
export function spendProfileChange(io: object, userId: number): void {
  requireAllowed(profileChanges(io).take(userId), 'Too many profile changes; wait a moment.');
}
