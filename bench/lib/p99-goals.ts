/**
 * Issue 16's fan-out latency goal: Parley's p99 at most the reference's + 10 ms at every rate
 * the reference held in every round, per layout; beside a rate that is over, both send-to-ack p99s.
 */
import { get, type Goal } from './goal-line.js';
import type { Spread } from './stats.js';

type P99 = Record<string, { median: number; held: number; ran: number }>;

/** One line per layout whose p99 figures are in `results` (both kinds). */
export function p99Goals(results: Record<string, unknown>): Goal[] {
  const goals: Goal[] = [];
  for (const topology of ['1 room x 500', '10 rooms x 50']) {
    const parley = get(results, 'fanout', topology, 'p99ByRate', 'parley') as P99 | undefined;
    const reference = get(results, 'fanout', topology, 'p99ByRate', 'reference') as P99 | undefined;
    if (!parley || !reference) continue;
    // The rates the reference held in every round it ran them.
    const rates = Object.keys(reference).filter((r) => {
      const step = reference[r];
      return step !== undefined && step.held === step.ran && step.ran > 0;
    });
    // Send-to-ack p99 of both, beside a rate that is over (see Step.ackP99Ms for what it tells).
    type Acks = Spread & { ran?: number; unacknowledged?: number };
    const acks = (kind: string) =>
      (get(results, 'fanout', topology, 'ackP99ByRate', kind) ?? {}) as Record<string, Acks>;
    const [parleyAck, referenceAck] = [acks('parley'), acks('reference')];
    const ack = (a: Acks | undefined) => {
      if (!a) return '?';
      // NaN (no round had one) arrives from JSON as null.
      const median = Number.isFinite(a.median) ? `${a.median.toFixed(1)} ms` : 'none';
      return a.unacknowledged
        ? `${median}, ${a.unacknowledged} of ${a.ran} unacknowledged`
        : median;
    };
    const worst = rates.map((rate) => {
      const p = parley[rate]?.median ?? Infinity;
      return { rate, over: p - (reference[rate]?.median ?? NaN) };
    });
    const bad = worst.filter((w) => !(w.over <= 10));
    goals.push({
      goal: `${topology}: p99 ≤ reference p99 + 10 ms at every rate the reference holds`,
      figure:
        worst
          .map((w) => {
            const over = `${w.rate}/s ${w.over >= 0 ? '+' : ''}${w.over.toFixed(1)} ms`;
            if (w.over <= 10 || !parleyAck[w.rate]) return over;
            return `${over} (ack p99 ${ack(parleyAck[w.rate])}; the reference's ${ack(referenceAck[w.rate])})`;
          })
          .join(', ') || 'the reference held no rate',
      verdict: rates.length === 0 ? 'n/a' : bad.length === 0 ? 'met' : 'not met',
    });
  }
  return goals;
}
