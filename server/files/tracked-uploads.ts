import { serverClosing } from './image-jobs.js';
import { UploadsInFlight } from './upload-limits.js';

/** How long close() waits for uploads in flight to end before the store may close. */
const CLOSE_WAIT_MS = 5_000;

/**
 * The uploads a service is handling (files and avatars alike): at most `perUser` of one user at
 * once (UploadsInFlight), none taken once closing, and each awaited by close() so that none is
 * left writing to the store once its owner closes it.
 */
export class TrackedUploads {
  private readonly inFlight: UploadsInFlight;
  private readonly running = new Set<Promise<unknown>>();
  private isClosing = false;

  constructor(
    perUser: number,
    private readonly closeWaitMs = CLOSE_WAIT_MS,
  ) {
    this.inFlight = new UploadsInFlight(perUser);
  }

  /** True once close() has begun: work in flight checks it before it writes anything. */
  get closing(): boolean {
    return this.isClosing;
  }

  /**
   * Runs `work` for `userId`: `internal_error` once closing, `rate_limited` when they have
   * `perUser` in flight already (counted before anything else, so a busy refusal costs nothing).
   */
  async run<T>(userId: number, work: () => Promise<T>): Promise<T> {
    if (this.isClosing) throw serverClosing();
    this.inFlight.begin(userId);
    // Called inside an async function: a synchronous throw still ends in the finally below.
    const job = (async () => work())();
    this.running.add(job);
    try {
      return await job;
    } finally {
      this.running.delete(job);
      this.inFlight.end(userId);
    }
  }

  /**
   * Takes no more work, awaits `end` (what makes the work in flight fail fast, such as stopping
   * the image worker), then waits at most `closeWaitMs` for the work in flight to settle.
   */
  async close(end: () => Promise<unknown>): Promise<void> {
    this.isClosing = true;
    await end();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled(this.running),
      new Promise((resolve) => (timer = setTimeout(resolve, this.closeWaitMs).unref())),
    ]);
    clearTimeout(timer);
  }
}
