import { describe, expect, it } from 'vitest';
import type { Ladder } from '../../bench/lib/fanout-ladder.js';
import type { Step } from '../../bench/lib/fanout-step.js';
import { summarizeTopology } from '../../bench/lib/fanout-summary.js';
import { headlineGoals } from '../../bench/lib/goals.js';

/** A ladder whose steps have these p99s and ack p99s, every step held. */
function ladder(steps: Array<[rate: number, p99: number, ack: number]>): Ladder {
  const full: Step[] = steps.map(([rate, p99Ms, ackP99Ms]) => ({
    rate,
    held: true,
    p99Ms,
    delivery: 1,
    deliveredPerSec: rate * 50,
    serverCpuUsPerDelivery: 10,
    ackP99Ms,
    serverLoopP99Ms: 5,
    serverLoopMaxMs: 6,
    loadLoopP99Ms: 5,
    loadLoopMaxMs: 6,
    serverGcCount: 1,
    serverGcMs: 1,
    serverGcMaxMs: 1,
    loadGcMs: 1,
    loadGcMaxMs: 1,
  }));
  return {
    deliveredPerSec: 1,
    serverCpuUsPerDelivery: 10,
    serverCpuUsPerMessage: 500,
    p99Ms: 1,
    rate: steps.at(-1)?.[0] ?? 0,
    serverBusy: 0.5,
    loadBusy: 0.5,
    failedRate: NaN,
    failedP99Ms: NaN,
    failedDelivery: NaN,
    failedServerBusy: NaN,
    failedLoadBusy: NaN,
    steps: full,
  };
}

describe('the p99 goal with ack figures', () => {
  const topology = summarizeTopology({
    parley: [
      ladder([
        [25, 30, 34],
        [50, 12, 13],
      ]),
      // JSON turns an infinite ack p99 (sends never acknowledged) into null.
      ladder([
        [25, 28, null as unknown as number],
        [50, 11, 12],
      ]),
    ],
    reference: [
      ladder([
        [25, 12, 17],
        [50, 10, 11],
      ]),
      ladder([
        [25, 13, 18],
        [50, 11, 12],
      ]),
    ],
  });

  it('keeps per rate the ack p99 of the steps that had one', () => {
    const acks = topology.ackP99ByRate as Record<string, Record<string, { median: number }>>;
    expect(acks.parley?.['25']).toEqual({
      median: 34,
      min: 34,
      max: 34,
      ran: 2,
      unacknowledged: 1,
    });
    expect(acks.reference?.['25']?.median).toBe(17.5);
  });

  it('prints both acks beside a rate over the goal, and none beside a rate within it', () => {
    const goal = headlineGoals({ fanout: { '10 rooms x 50': topology } }).find((g) =>
      g.goal.startsWith('10 rooms x 50: p99'),
    );
    expect(goal?.verdict).toBe('not met');
    expect(goal?.figure).toBe(
      "25/s +16.5 ms (ack p99 34.0 ms, 1 of 2 unacknowledged; the reference's 17.5 ms), 50/s +1.0 ms",
    );
  });

  it('says so when no round at a rate over the goal had an ack p99', () => {
    const none = summarizeTopology({
      parley: [ladder([[25, 40, Infinity]]), ladder([[25, 41, null as unknown as number]])],
      reference: [ladder([[25, 12, 17]]), ladder([[25, 13, 18]])],
    });
    // Through JSON, as a results file holds it: NaN and Infinity become null.
    const results = JSON.parse(JSON.stringify({ fanout: { '1 room x 500': none } })) as Record<
      string,
      unknown
    >;
    const goal = headlineGoals(results).find((g) => g.goal.startsWith('1 room x 500: p99'));
    expect(goal?.figure).toBe(
      "25/s +28.0 ms (ack p99 none, 2 of 2 unacknowledged; the reference's 17.5 ms)",
    );
  });
});
