import { ChatError } from '../errors.js';
import type { BucketLimit, WindowLimit } from '../options.js';
import { ErrorCode } from '../protocol.js';

/** The answer of a limiter: allowed, or how long to wait. */
export type LimitResult = { allowed: true } | { allowed: false; retryAfterMs: number };

const ALLOWED: LimitResult = { allowed: true };

/** Throws `rate_limited` with the limiter's wait when `result` refuses. */
export function requireAllowed(result: LimitResult, message: string): void {
  if (!result.allowed) throw new ChatError(ErrorCode.rateLimited, message, result.retryAfterMs);
}

/** Fixed-window counter per key (login and registration attempts). */
export class WindowLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly limit: WindowLimit) {}

  hit(key: string, now = Date.now()): LimitResult {
    let window = this.windows.get(key);
    if (!window || now - window.start >= this.limit.windowMs) {
      window = { start: now, count: 0 };
      this.windows.set(key, window);
    }
    if (window.count >= this.limit.max) {
      return { allowed: false, retryAfterMs: window.start + this.limit.windowMs - now };
    }
    window.count++;
    return ALLOWED;
  }

  /** Drops windows that have ended, so that the map cannot grow without bound. */
  sweep(now = Date.now()): void {
    for (const [key, window] of this.windows) {
      if (now - window.start >= this.limit.windowMs) this.windows.delete(key);
    }
  }
}

/** Token bucket per key (messages and other socket events per user). */
export class BucketLimiter {
  private readonly buckets = new Map<string | number, { tokens: number; at: number }>();

  constructor(private readonly limit: BucketLimit) {}

  take(key: string | number, now = Date.now()): LimitResult {
    const { perSecond, burst } = this.limit;
    const bucket = this.buckets.get(key) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) {
      return { allowed: false, retryAfterMs: Math.ceil(((1 - bucket.tokens) / perSecond) * 1000) };
    }
    bucket.tokens -= 1;
    return ALLOWED;
  }

  /** Drops buckets that have refilled completely; they hold nothing a fresh one would not. */
  sweep(now = Date.now()): void {
    const { perSecond, burst } = this.limit;
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + ((now - bucket.at) / 1000) * perSecond >= burst) this.buckets.delete(key);
    }
  }
}
