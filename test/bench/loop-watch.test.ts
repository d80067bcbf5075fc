import { describe, expect, it } from 'vitest';
import { loopWatch } from '../../bench/lib/loop-watch.js';

describe('loopWatch', () => {
  it('counts the collections of its window, and keeps its figures once stopped', async () => {
    loopWatch.loopStart();
    // Short-lived garbage, far more than a young generation holds: scavenges must run. Kept in a
    // ring for a while, so that no compiler can prove the arrays unused and not allocate them.
    const ring: number[][] = [];
    let keep = 0;
    for (let i = 0; i < 2_000_000; i++) keep += (ring[i & 1023] = [i, i + 1, i + 2]).length;
    await new Promise((resolve) => setTimeout(resolve, 20));
    const seen = loopWatch.loopStop();
    expect(keep).toBe(6_000_000);
    expect(seen.gcCount).toBeGreaterThan(0);
    expect(seen.gcMs).toBeGreaterThan(0);
    expect(seen.gcMaxMs).toBeGreaterThan(0);
    expect(seen.gcMaxMs).toBeLessThanOrEqual(seen.gcMs);
    expect(seen.max).toBeGreaterThan(0);
    // Stopped: more garbage after it is not counted.
    for (let i = 0; i < 2_000_000; i++) keep += (ring[i & 1023] = [i]).length;
    // Node delivers 'gc' entries on a later turn: give them one before reading again.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(loopWatch.loopStop().gcCount).toBe(seen.gcCount);
  });
});
