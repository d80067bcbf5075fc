import { describe, expect, it } from 'vitest';
import { percentile, percentiles } from '../../bench/lib/stats.js';

describe('percentiles', () => {
  it('takes the nearest rank of a numeric sort, Infinity last, without touching the input', () => {
    const values = [10, 2, Infinity, 33, 4];
    expect(percentiles(values, [0, 50, 80, 99])).toEqual([2, 10, 33, Infinity]);
    expect(values).toEqual([10, 2, Infinity, 33, 4]);
    // Numeric, not the default string order (which puts 10 before 2).
    expect(percentile([10, 9, 100], 50)).toBe(10);
    expect(percentile([], 50)).toBeNaN();
  });
});
