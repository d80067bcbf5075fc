import type { SharedBudget, SharedBudgets } from '../cluster/shared-limits.js';
import type { BucketLimit, WindowLimit } from '../options.js';
import { BucketLimiter, type LimitResult } from './rate-limit.js';

/**
 * The window a bucket's budget is shared in across nodes: as many seconds as a full bucket takes
 * to refill, with as many as one bucket can ever allow in that time (its burst, and what flows
 * back meanwhile). So the cluster never refuses what one node's bucket allows (Redis counts
 * fixed windows, which restart), and a client spread over N nodes gets one bucket's worth per
 * window, not N: 10/s in bursts of 20 is 40 per 2 s across the cluster, where N nodes' own
 * buckets alone would give 20·N and then 10·N a second.
 */
export function bucketWindow({ perSecond, burst }: BucketLimit): WindowLimit {
  const seconds = Math.max(1, Math.ceil(burst / perSecond));
  return { max: Math.ceil(burst) + Math.floor(perSecond * seconds), windowMs: seconds * 1000 };
}

/**
 * A token bucket per key that holds across the nodes of a cluster: the node's own bucket first
 * (synchronous, so a single node's hot path never waits, and the limit while Redis is away),
 * then the cluster's budget, counted in Redis. A client spreading its sockets over N nodes gets
 * one budget, not N.
 */
export class SharedBucketLimiter {
  private readonly local: BucketLimiter;
  /** The cluster's budget, spent after this node's bucket allowed; none on a single node. */
  readonly cluster: SharedBudget | undefined;

  constructor(name: string, limit: BucketLimit, budgets?: SharedBudgets) {
    this.local = new BucketLimiter(limit);
    this.cluster = budgets?.(name, bucketWindow(limit));
  }

  /** This node's bucket alone: for a hot path that spends `cluster` itself when it is set. */
  take(key: string | number): LimitResult {
    return this.local.take(key);
  }

  /** This node's bucket, then the cluster's. */
  async spend(key: string | number): Promise<LimitResult> {
    const here = this.local.take(key);
    if (!here.allowed || !this.cluster) return here;
    return this.cluster.spend(String(key));
  }

  /** Forgets full buckets of the node's own (Redis expires the shared windows). */
  sweep(): void {
    this.local.sweep();
  }
}
