import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { createClient } from 'redis';
import type { LimitResult } from '../auth/rate-limit.js';
import type { Logger } from '../logger.js';
import type { WindowLimit } from '../options.js';

/** The longest a shared check waits for Redis; past it the node's own limit stands alone. */
const REDIS_DEADLINE_MS = 500;

/** One budget counted across every node of a cluster. */
export interface SharedBudget {
  /** Spends one for `key`: allowed, or how long until the window ends. */
  spend(key: string): Promise<LimitResult>;
}

/** Makes the shared budget called `name`, with the same window as the node's own. */
export type SharedBudgets = (name: string, limit: WindowLimit) => SharedBudget;

const ALLOWED: LimitResult = { allowed: true };

/**
 * Budgets in Redis through rate-limiter-flexible (a fixed window per key, counted by one Lua
 * script, so every node's attempts add up): a client spreading its attempts over N nodes gets
 * one budget, not N. Each node keeps its own limiter in front (shared-window.ts): while Redis
 * is unreachable or slow (or this node's event loop is), each node holds a client to its own
 * budget, so the cluster to N of them, and says so in its log.
 */
export function redisBudgets(
  client: ReturnType<typeof createClient>,
  prefix: string,
  logger: Logger,
  /** Whether Redis answers (the adapter's health probe): while it does not, nothing waits. */
  usable: () => boolean = () => client.isReady,
): SharedBudgets {
  // Said once a minute at most: a limit counted per node only is a weaker limit, not a fault.
  let saidAt = -Infinity;
  const fellBack = (name: string, why: unknown) => {
    if (Date.now() - saidAt < 60_000) return;
    saidAt = Date.now();
    logger.warn(`cluster: the shared ${name} limit fell back to this node's own`, why);
  };
  return (name, limit) => {
    const limiter = new RateLimiterRedis({
      storeClient: client,
      useRedisPackage: true,
      // Never queue behind a reconnecting client: refuse to wait, and the node's limit stands.
      rejectIfRedisNotReady: true,
      keyPrefix: `${prefix}:limit:${name}`,
      points: limit.max,
      duration: Math.max(1, Math.ceil(limit.windowMs / 1000)),
    });
    return {
      async spend(key) {
        if (!usable()) {
          fellBack(name, new Error('Redis does not answer'));
          return ALLOWED;
        }
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<'late'>((resolve) => {
          timer = setTimeout(() => resolve('late'), REDIS_DEADLINE_MS);
        });
        try {
          // Late or allowed alike: the node's own limit was met already.
          if ((await Promise.race([limiter.consume(key), late])) === 'late')
            fellBack(name, new Error(`Redis took over ${REDIS_DEADLINE_MS} ms`));
          return ALLOWED;
        } catch (refusal) {
          // A RateLimiterRes is a refusal; anything else is Redis failing (the node's limit holds).
          if (refusal instanceof RateLimiterRes)
            return { allowed: false, retryAfterMs: Math.max(1, refusal.msBeforeNext) };
          fellBack(name, refusal);
          return ALLOWED;
        } finally {
          clearTimeout(timer);
        }
      },
    };
  };
}
