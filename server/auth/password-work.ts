import { ChatError } from '../errors.js';
import type { SharedBudgets } from '../cluster/shared-limits.js';
import { SharedWindowLimiter } from './shared-window.js';
import type { HashJobLimit, WindowLimit } from '../options.js';
import { ErrorCode } from '../protocol.js';
import { requireAllowed } from './rate-limit.js';

/** A first guess at one hash's duration (N = 16384 on a modest core), refined as jobs finish. */
const FIRST_GUESS_MS = 60;

/**
 * Bounds the password hashing (scrypt) that requests can cause. Two limits, because the login
 * limiter is keyed by address and username and so is no limit on hashing at all for someone who
 * changes the username every time:
 * - a budget per IP address for logins and registrations together;
 * - a server-wide cap: `running` jobs at once (fewer than the cores, so that the event loop
 *   keeps one; they run on the process's hash threads, hash-threads.ts, at most 4 at a time),
 *   `waiting` more in line; past that a request is refused at once with
 *   `rate_limited`, never queued without bound.
 * The line is served round-robin by address: someone flooding it from one address delays
 * another person's login by at most one hash, not by their whole backlog.
 */
export class PasswordWork {
  private readonly perAddress: SharedWindowLimiter;
  private running = 0;
  /** Waiting jobs by address; a Map keeps insertion order, which makes the rotation. */
  private readonly lines = new Map<string, Array<() => void>>();
  private waiting = 0;
  private averageMs = FIRST_GUESS_MS;

  constructor(
    budget: WindowLimit,
    private readonly jobs: HashJobLimit,
    budgets?: SharedBudgets,
  ) {
    this.perAddress = new SharedWindowLimiter('hash', budget, budgets);
  }

  /** Runs one hash for `ip`, or throws `rate_limited` when the address or the server has no room. */
  async run<T>(ip: string, hash: () => Promise<T>): Promise<T> {
    requireAllowed(await this.perAddress.hit(ip), 'Too many password attempts from this address.');
    await this.turn(ip);
    const started = performance.now();
    try {
      return await hash();
    } finally {
      this.averageMs = 0.8 * this.averageMs + 0.2 * (performance.now() - started);
      this.release();
    }
  }

  /** Forgets finished per-address windows. */
  sweep(): void {
    this.perAddress.sweep();
  }

  private async turn(ip: string): Promise<void> {
    if (this.running < this.jobs.running) {
      this.running++;
      return;
    }
    if (this.waiting >= this.jobs.waiting) {
      const drainMs = ((this.waiting + this.running) / this.jobs.running) * this.averageMs;
      throw new ChatError(
        ErrorCode.rateLimited,
        'The server is busy checking passwords; try again shortly.',
        Math.max(100, Math.ceil(drainMs)),
      );
    }
    this.waiting++;
    await new Promise<void>((resolve) => {
      const line = this.lines.get(ip);
      if (line) line.push(resolve);
      else this.lines.set(ip, [resolve]);
    });
  }

  /** Hands the slot to the address whose turn it is, or frees it when nobody waits. */
  private release(): void {
    const [ip, line] = this.lines.entries().next().value ?? [];
    const next = line?.shift();
    if (ip === undefined || !line || !next) {
      this.running--;
      return;
    }
    // To the back of the rotation, or out of it when this address has nobody left waiting.
    this.lines.delete(ip);
    if (line.length > 0) this.lines.set(ip, line);
    this.waiting--;
    next();
  }
}
