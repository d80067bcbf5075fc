/** The fan-out benches' summary of interleaved ladders: spreads, per-rate p99, ratios. */
import type { Ladder } from './fanout-ladder.js';
import type { Step } from './fanout-step.js';
import { ratioOf, roundRatio, summarize, type RoundRatio } from './rounds.js';
import { spread, type Spread } from './stats.js';

const RATIO_FIGURES = [
  'deliveredPerSec',
  'serverCpuUsPerDelivery',
  'serverCpuUsPerMessage',
] as const;

/**
 * Per kind: each figure's Spread over rounds and the p99 at each rate (over the rounds that ran
 * it); `ratios`: each of `pairs` (default: each kind against the reference, or the first kind
 * against the second), within each round; `perRound`: every round's ladder.
 */
export function summarizeTopology<K extends string>(
  rounds: Record<K, Ladder[]>,
  given?: Array<[K, K]>,
) {
  const kinds = Object.keys(rounds) as K[];
  const out: Record<string, unknown> = {};
  for (const kind of kinds) out[kind] = summarize(rounds[kind]);
  const p99ByRate: Record<string, Record<string, Spread & { held: number; ran: number }>> = {};
  /** Send to ack p99 per rate (see Step.ackP99Ms); a step with unacknowledged sends has none. */
  type Acks = Spread & { ran: number; unacknowledged: number };
  const ackP99ByRate: Record<string, Record<string, Acks>> = {};
  for (const kind of kinds) {
    const byRate = new Map<number, Step[]>();
    for (const step of rounds[kind].flatMap((r) => r.steps))
      byRate.set(step.rate, [...(byRate.get(step.rate) ?? []), step]);
    p99ByRate[kind] = Object.fromEntries(
      [...byRate].map(([rate, steps]) => [
        String(rate),
        {
          ...spread(steps.map((s) => s.p99Ms)),
          held: steps.filter((s) => s.held).length,
          ran: steps.length,
        },
      ]),
    );
    // Over the steps that had one; `unacknowledged`: the steps that had none (over 1 % of their
    // sends were never acknowledged), so that a spread of the good rounds alone shows as such.
    ackP99ByRate[kind] = Object.fromEntries(
      [...byRate].map(([rate, steps]) => {
        const acks = steps.map((s) => s.ackP99Ms).filter((ms) => Number.isFinite(ms));
        const unacknowledged = steps.length - acks.length;
        const figure = acks.length > 0 ? spread(acks) : { median: NaN, min: NaN, max: NaN };
        return [String(rate), { ...figure, ran: steps.length, unacknowledged }];
      }),
    );
  }
  const reference = kinds.find((k) => k === 'reference');
  const pairs: Array<[K, K]> = given
    ? given
    : reference
      ? kinds.filter((k) => k !== reference).map((k) => [k, reference])
      : kinds.length >= 2
        ? [[kinds[0] as K, kinds[1] as K]]
        : [];
  const ratios: Record<string, Record<string, RoundRatio>> = {};
  for (const [a, b] of pairs) {
    ratios[`${a}/${b}`] = {
      ...Object.fromEntries(
        RATIO_FIGURES.map((figure) => [figure, ratioOf(rounds[a], rounds[b], figure)]),
      ),
      serverCpuUsPerDeliveryAtCommonRate: atCommonRate(rounds[a], rounds[b]),
    };
  }
  return { ...out, ratios, p99ByRate, ackP99ByRate, perRound: rounds };
}

/**
 * Server CPU per delivery a/b at the highest rate both held in the same round. Each server's own
 * best step is not a fair pair: CPU per delivery falls as the rate rises (fixed costs spread over
 * more messages), so a server that holds a higher rate looks cheaper per delivery for that alone.
 */
function atCommonRate(a: Ladder[], b: Ladder[]): RoundRatio & { rates: number[] } {
  const rates: number[] = [];
  const pa: number[] = [];
  const pb: number[] = [];
  for (const [i, round] of a.entries()) {
    const other = b[i];
    const both = round.steps.filter(
      (s) => s.held && other?.steps.some((t) => t.held && t.rate === s.rate),
    );
    const top = both.at(-1);
    const match = other?.steps.find((t) => t.rate === top?.rate);
    rates.push(top?.rate ?? NaN);
    pa.push(top?.serverCpuUsPerDelivery ?? NaN);
    pb.push(match?.serverCpuUsPerDelivery ?? NaN);
  }
  return { ...roundRatio(pa, pb), rates };
}
