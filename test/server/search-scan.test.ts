import { describe, expect, it } from 'vitest';
import { scanNewest, type ScanRow } from '../../server/search/scan.js';

/** Rows from `top` down to 1, newest first; every `step`-th is a candidate. Counts reads. */
function rows(top: number, step: number) {
  const read = { count: 0 };
  function* all(floor = 1): Generator<ScanRow> {
    for (let id = top; id >= floor; id--) {
      read.count++;
      yield { id, createdAt: id, text: id % step === 0 ? `row ${id}` : null };
    }
  }
  return { all, read };
}

describe('scanNewest', () => {
  it('takes the newest candidates and stops reading when it has enough', () => {
    const { all, read } = rows(1_000_000, 1000);
    const scan = scanNewest(all(), { limit: 50, maxRows: 100_000, budgetMs: 1000 });
    expect(scan.candidates.map((c) => c.id)).toEqual(
      Array.from({ length: 50 }, (_, i) => 1_000_000 - i * 1000),
    );
    expect(scan.lowest).toBe(951_000);
    expect(read.count).toBe(49_001);
  });

  it('reads every row when there are fewer candidates, and says so', () => {
    const { all } = rows(30_000, 7000);
    const scan = scanNewest(all(), { limit: 50, maxRows: 100_000, budgetMs: 1000 });
    expect(scan.candidates.map((c) => c.id)).toEqual([28_000, 21_000, 14_000, 7000]);
    expect(scan.lowest).toBeUndefined();
  });

  it('stops a first page at its time budget, however few rows are candidates', () => {
    const { all } = rows(1_000_000, 100_000);
    let time = 0;
    const clock = () => (time += 1); // each look at the clock: 1 ms later
    const first = scanNewest(all(), { limit: 50, maxRows: 100_000, budgetMs: 25, clock });
    expect(first.candidates.map((c) => c.id)).toEqual([1_000_000]);
    expect(first.lowest).toBe(1_000_000 - 26 * 256 + 1);
    expect(first.stop).toBe('time');
    // A later page reads down to the first page's lowest id: the same candidates.
    const later = scanNewest(all(first.lowest), { limit: 50, maxRows: 100_000 });
    expect(later.candidates).toEqual(first.candidates);
  });

  it('stops after maxRows rows read, candidates or not, even untimed', () => {
    const { all, read } = rows(1_000_000, 100_000);
    const scan = scanNewest(all(), { limit: 50, maxRows: 20_000 });
    expect(scan).toEqual({
      candidates: [{ id: 1_000_000, createdAt: 1_000_000, text: 'row 1000000' }],
      lowest: 980_001,
      stop: 'rows',
    });
    expect(read.count).toBe(20_000);
  });
});
