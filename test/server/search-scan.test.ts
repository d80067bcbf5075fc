import { describe, expect, it } from 'vitest';
import type { Candidate } from '../../server/search/paging.js';
import { FIRST_WINDOW, scanNewest, type ReadWindow } from '../../server/search/scan.js';

/** Matches at every `step`-th id up to `top`, read as a store would: newest first, limited. */
function store(top: number, step: number) {
  const windows: Array<[number, number]> = [];
  const read: ReadWindow = (lo, hi, limit) => {
    windows.push([lo, hi]);
    const found: Candidate[] = [];
    for (let id = hi; id >= lo && found.length < limit; id--)
      if (id % step === 0) found.push({ id, createdAt: id, relevance: 1 });
    return found;
  };
  return { read, windows };
}

describe('scanNewest', () => {
  it('reads ever wider windows from the newest down, and stops when it has enough', () => {
    const { read, windows } = store(1_000_000, 1000);
    const scan = scanNewest(read, { hi: 1_000_000 }, 50, 1000);
    expect(scan.candidates.map((c) => c.id)).toEqual(
      Array.from({ length: 50 }, (_, i) => 1_000_000 - i * 1000),
    );
    expect(scan.lowest).toBe(951_000);
    expect(windows.slice(0, 3)).toEqual([
      [1_000_000 - FIRST_WINDOW + 1, 1_000_000],
      [1_000_000 - 3 * FIRST_WINDOW + 1, 1_000_000 - FIRST_WINDOW],
      [1_000_000 - 7 * FIRST_WINDOW + 1, 1_000_000 - 3 * FIRST_WINDOW],
    ]);
  });

  it('reads down to the first id when there are fewer matches', () => {
    const { read } = store(30_000, 7000);
    const scan = scanNewest(read, { hi: 30_000 }, 50, 1000);
    expect(scan.candidates.map((c) => c.id)).toEqual([28_000, 21_000, 14_000, 7000]);
    expect(scan.lowest).toBe(1);
  });

  it('stops a first page at its time budget, and a later page reads the same windows whole', () => {
    const { read } = store(1_000_000, 100_000);
    let time = 0;
    const clock = () => (time += 10); // every window "takes" 10 ms
    const first = scanNewest(read, { hi: 1_000_000 }, 50, 25, clock);
    expect(first.lowest).toBeGreaterThan(1);
    const later = scanNewest(read, { hi: 1_000_000, floor: first.lowest }, 50, 25, clock);
    expect(later).toEqual(first);
    expect(first.candidates.every((c) => c.id >= first.lowest)).toBe(true);
  });
});
