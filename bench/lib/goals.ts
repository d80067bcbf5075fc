/**
 * The headline goals of issue 16, judged from one run's results. Pure: takes the `results`
 * object run.ts builds (or a result file's), returns one line per goal whose figures are present.
 */
import { SPREAD_WARNING, type Spread } from './stats.js';

export interface Goal {
  goal: string;
  figure: string;
  verdict: 'met' | 'not met' | 'n/a';
}

type Ratio = { median: number; min: number; max: number };
type AuthPath = {
  overhead: number;
  reconnectOverhead: number;
  parleyUsPerHandshake: Spread;
  noAuthUsPerHandshake: Spread;
};
type P99 = Record<string, { median: number; held: number; ran: number }>;

const pct = (value: number) => `${value >= 0 ? '+' : ''}${(value * 100).toFixed(1)} %`;
/** A warning beside a ratio whose rounds disagree too much for its verdict to be trusted. */
const unsteady = (r: Ratio) =>
  r.min > 0 && r.max / r.min > SPREAD_WARNING
    ? ` ⚠ unsteady: spread ${(r.max / r.min).toFixed(2)}×`
    : '';
const x = (r: Ratio) =>
  `${r.median.toFixed(2)}× (${r.min.toFixed(2)}–${r.max.toFixed(2)})${unsteady(r)}`;
const get = (value: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>(
    (inner, key) =>
      typeof inner === 'object' && inner !== null
        ? (inner as Record<string, unknown>)[key]
        : undefined,
    value,
  );

/**
 * True when parley held every step of the ladder in every round: its deliveries/s is then the
 * ladder's top rate, not its limit, and a ratio to the reference is only a floor.
 */
function heldTop(results: Record<string, unknown>, topology: string): boolean {
  const rounds = get(results, 'fanout', topology, 'perRound', 'parley');
  return (
    Array.isArray(rounds) &&
    rounds.length > 0 &&
    rounds.every((round: { failedRate?: unknown }) => {
      // A result file holds NaN as null.
      const failed = round.failedRate;
      return typeof failed !== 'number' || Number.isNaN(failed);
    })
  );
}
const FLOOR = ' (parley held the top step in every round: a floor, raise the ladder)';

/** The verdicts for whichever of connect, auth and fanout `results` holds. */
export function headlineGoals(results: Record<string, unknown>): Goal[] {
  const goals: Goal[] = [];
  const overhead = get(results, 'connect', 'ratios', 'parley/parley-no-auth') as Ratio | undefined;
  if (overhead) {
    goals.push({
      goal: 'auth overhead, server CPU per connection ≤ +10 % (connect, per-round median)',
      figure: `${pct(overhead.median - 1)} (${pct(overhead.min - 1)} – ${pct(overhead.max - 1)})${unsteady(overhead)}`,
      verdict: overhead.median - 1 <= 0.1 ? 'met' : 'not met',
    });
  }
  // Reported, not judged: the goal is per connection (above). Without auth the chain is
  // a user lookup of ~18 µs with no cryptography in it, so any signature check is a large share of
  // it; what a new token adds in µs, and so its share of a whole connection, is what tells.
  const auth = get(results, 'auth') as AuthPath | undefined;
  if (typeof auth?.overhead === 'number') {
    const added = auth.parleyUsPerHandshake.median - auth.noAuthUsPerHandshake.median;
    goals.push({
      goal: "the handshake's auth path alone, in process (reported; the goal is per connection)",
      figure:
        `a new token +${added.toFixed(1)} µs (${pct(auth.overhead)}), ` +
        `a known one ${pct(auth.reconnectOverhead)}`,
      verdict: 'n/a',
    });
  }
  const one = get(results, 'fanout', '1 room x 500', 'ratios', 'parley/reference') as
    Record<string, Ratio> | undefined;
  if (one?.deliveredPerSec && one.serverCpuUsPerDelivery) {
    goals.push({
      goal: '1 room x 500: deliveries/s ≥ 2× reference or server CPU per delivery ≤ ½',
      figure:
        `rate ${x(one.deliveredPerSec)}, CPU per delivery ${x(one.serverCpuUsPerDelivery)}` +
        // Each at its own best step; at the same rate the CPU ratio is the fairer one.
        (one.serverCpuUsPerDeliveryAtCommonRate
          ? `, at the top rate both held ${x(one.serverCpuUsPerDeliveryAtCommonRate)}`
          : '') +
        (heldTop(results, '1 room x 500') ? FLOOR : ''),
      verdict:
        one.deliveredPerSec.median >= 2 || one.serverCpuUsPerDelivery.median <= 0.5
          ? 'met'
          : 'not met',
    });
  }
  const ten = get(
    results,
    'fanout',
    '10 rooms x 50',
    'ratios',
    'parley/reference',
    'deliveredPerSec',
  );
  if (ten) {
    const floor = heldTop(results, '10 rooms x 50');
    goals.push({
      goal: '10 rooms x 50: deliveries/s ≥ 1.5× reference',
      figure: x(ten as Ratio) + (floor ? FLOOR : ''),
      verdict: (ten as Ratio).median >= 1.5 ? 'met' : floor ? 'n/a' : 'not met',
    });
  }
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
