/**
 * At most `running` jobs at once; the others wait in line, first come first served. Image jobs
 * run on libuv's pool (4 threads by default) and libvips' own threads: without a cap, twenty
 * uploads at once would take every thread and every core, and the chat would wait behind them.
 */
export class JobSlots {
  private active = 0;
  private readonly line: Array<() => void> = [];

  constructor(private readonly running: number) {}

  /** Runs `job` once a slot is free. */
  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.active < this.running) this.active++;
    else await new Promise<void>((resolve) => this.line.push(resolve));
    try {
      return await job();
    } finally {
      // The slot passes straight to the next in line, so `active` never drops in between.
      const next = this.line.shift();
      if (next) next();
      else this.active--;
    }
  }

  /** Jobs waiting for a slot. */
  get waiting(): number {
    return this.line.length;
  }
}
