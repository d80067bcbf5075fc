import type { SharedBudget, SharedBudgets } from '../cluster/shared-limits.js';
import type { WindowLimit } from '../options.js';
import { WindowLimiter, type LimitResult } from './rate-limit.js';

/**
 * A fixed-window limit that holds across the nodes of a cluster: the node's own window first
 * (no round trip for a client already over it, and the limit while Redis is away), then the
 * shared one. On a single node, only its own.
 */
export class SharedWindowLimiter {
  private readonly local: WindowLimiter;
  private readonly shared: SharedBudget | undefined;

  constructor(name: string, limit: WindowLimit, budgets?: SharedBudgets) {
    this.local = new WindowLimiter(limit);
    this.shared = budgets?.(name, limit);
  }

  async hit(key: string): Promise<LimitResult> {
    const here = this.local.hit(key);
    if (!here.allowed || !this.shared) return here;
    return this.shared.spend(key);
  }

  /** Forgets finished windows of the node's own counter (Redis expires the shared ones). */
  sweep(): void {
    this.local.sweep();
  }
}
