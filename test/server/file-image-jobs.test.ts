import { describe, expect, it } from 'vitest';
import { JobSlots } from '../../server/files/job-slots.js';

describe('image jobs', () => {
  it('run at most two at a time, the rest in arrival order', async () => {
    const slots = new JobSlots(2);
    let running = 0;
    let most = 0;
    const finished: number[] = [];
    const job = (n: number) => async () => {
      most = Math.max(most, ++running);
      await new Promise((resolve) => setTimeout(resolve, 20));
      running--;
      finished.push(n);
    };
    await Promise.all([1, 2, 3, 4, 5].map((n) => slots.run(job(n))));
    expect([most, finished]).toEqual([2, [1, 2, 3, 4, 5]]);
  });
});
