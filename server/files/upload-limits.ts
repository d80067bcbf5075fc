import { ChatError } from '../errors.js';
import { ErrorCode } from '../protocol.js';

/**
 * What bounds an upload's body in time, and how many one user may send at once. Uploads have no
 * total time limit (a 25 MB file on a slow line takes minutes; see body-deadline.ts): these are
 * what keep a client from holding a connection and a temp file by trickling bytes.
 */
export interface UploadLimits {
  /** An upload that sends nothing for this long is given up ("stalled"). */
  idleMs: number;
  /** From the upload's start, before its speed is checked: a slow start is not held against it. */
  paceGraceMs: number;
  /** After the grace, the speed is checked over each window of this length. */
  paceWindowMs: number;
  /** The least average speed over a window, in bytes per second ("too slow" below it). */
  minBytesPerSecond: number;
  /**
   * The most time a refused request's body is read and thrown away (see discard-body.ts), idle
   * or not: past it the answer goes out with `Connection: close`.
   */
  discardMs: number;
  /** Uploads of one user being received or processed at once; past it, `rate_limited`. */
  perUser: number;
}

/**
 * The server's upload limits. Each FileService copies them when it is made: a test process may
 * lower them (shorter times) before it starts a server, and put them back after.
 */
export const UPLOAD_LIMITS: UploadLimits = {
  idleMs: 30_000,
  paceGraceMs: 10_000,
  paceWindowMs: 30_000,
  // 128 kbit/s: a 25 MB file then takes at most 26 minutes.
  minBytesPerSecond: 16 * 1024,
  discardMs: 10_000,
  perUser: 4,
};

/** How long a client told "too many uploads at once" is asked to wait. */
const BUSY_RETRY_MS = 2_000;

/**
 * Uploads in flight per user, at most `max` each. The upload rate (a token bucket) limits how
 * often uploads start, not how many run: without this, slow uploads would pile up, each holding
 * a socket and a temp file.
 */
export class UploadsInFlight {
  private readonly counts = new Map<number, number>();

  constructor(private readonly max: number) {}

  /** Counts one more upload of `userId`, or throws `rate_limited` when they have `max` already. */
  begin(userId: number): void {
    const count = this.counts.get(userId) ?? 0;
    if (count >= this.max)
      throw new ChatError(
        ErrorCode.rateLimited,
        `At most ${this.max} uploads at once; wait for one to finish.`,
        BUSY_RETRY_MS,
      );
    this.counts.set(userId, count + 1);
  }

  /** One upload of `userId` is over (answered, failed or cut off). */
  end(userId: number): void {
    const count = (this.counts.get(userId) ?? 1) - 1;
    if (count > 0) this.counts.set(userId, count);
    else this.counts.delete(userId);
  }
}
