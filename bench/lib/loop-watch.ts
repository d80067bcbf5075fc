/**
 * How a bench process's event loop and garbage collector did over a measured window: the
 * process's own share of a latency, apart from the other processes' share of the CPU.
 */
import {
  monitorEventLoopDelay,
  PerformanceObserver,
  type IntervalHistogram,
  type PerformanceEntry,
} from 'node:perf_hooks';

/** Loop delay p50/p99/max (ms, the 5 ms sampling interval included) and GC pauses in the window. */
export interface LoopWatch {
  p50: number;
  p99: number;
  max: number;
  /**
   * The 'gc' performance entries of the window (collections, and steps of incremental marking),
   * their main-thread pauses summed, and the longest. One that ends just before the window
   * closes may be delivered too late to count.
   */
  gcCount: number;
  gcMs: number;
  gcMaxMs: number;
}

let loopDelay: IntervalHistogram | undefined;
let gcObserver: PerformanceObserver | undefined;
// NaN until a window starts: a `loopStop` without `loopStart` reports nothing, not zero.
let gc = { count: NaN, ms: NaN, maxMs: NaN };

const addGc = (entries: PerformanceEntry[]) => {
  for (const entry of entries) {
    gc.count++;
    gc.ms += entry.duration;
    gc.maxMs = Math.max(gc.maxMs, entry.duration);
  }
};

/** Stops watching, keeping what was seen. Idempotent. */
function loopFreeze(): void {
  loopDelay?.disable();
  if (gcObserver) addGc(gcObserver.takeRecords());
  gcObserver?.disconnect();
  gcObserver = undefined;
}

export const loopWatch = {
  loopStart: (): void => {
    loopFreeze();
    gc = { count: 0, ms: 0, maxMs: 0 };
    loopDelay = monitorEventLoopDelay({ resolution: 5 });
    loopDelay.enable();
    gcObserver = new PerformanceObserver((list) => addGc(list.getEntries()));
    gcObserver.observe({ entryTypes: ['gc'] });
  },
  loopStop: (): LoopWatch => {
    loopFreeze();
    const ms = (ns: number | undefined) => (ns ?? NaN) / 1e6;
    return {
      p50: ms(loopDelay?.percentile(50)),
      p99: ms(loopDelay?.percentile(99)),
      max: ms(loopDelay?.max),
      gcCount: gc.count,
      gcMs: gc.ms,
      gcMaxMs: gc.maxMs,
    };
  },
};
