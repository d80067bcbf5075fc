/**
 * The headline goals of issue 16, judged from one run's results. Pure: takes the `results`
 * object run.ts builds (or a result file's), returns one line per goal whose figures are present.
 */
import { get, type Goal } from './goal-line.js';
import { p99Goals } from './p99-goals.js';
import { SPREAD_WARNING, type Spread } from './stats.js';

export type { Goal } from './goal-line.js';

type Ratio = { median: number; min: number; max: number };
type AuthPath = {
  overhead: number;
  reconnectOverhead: number;
  parleyUsPerHandshake: Spread;
  noAuthUsPerHandshake: Spread;
};

const pct = (value: number) => `${value >= 0 ? '+' : ''}${(value * 100).toFixed(1)} %`;
/** A warning beside a ratio whose rounds disagree too much for its verdict to be trusted. */
const unsteady = (r: Ratio) =>
  r.min > 0 && r.max / r.min > SPREAD_WARNING
    ? ` ⚠ unsteady: spread ${(r.max / r.min).toFixed(2)}×`
    : '';
const x = (r: Ratio) =>
  `${r.median.toFixed(2)}× (${r.min.toFixed(2)}–${r.max.toFixed(2)})${unsteady(r)}`;

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
  // Reported, not judged: issue 16 sets the goal per connection (above) and asks for this one
  // to be reported. Without auth the chain is a user lookup of ~18 µs with no cryptography in it,
  // so any signature check is a large share of it; the µs a new token adds tell more.
  const auth = get(results, 'auth') as Partial<AuthPath> | undefined;
  const [first, none] = [auth?.parleyUsPerHandshake?.median, auth?.noAuthUsPerHandshake?.median];
  if (auth && typeof first === 'number' && typeof none === 'number') {
    goals.push({
      goal: "the handshake's auth path alone, in process (reported; the goal is per connection)",
      figure:
        `a new token ${first.toFixed(1)} µs against ${none.toFixed(1)} µs without auth ` +
        `(medians; per-round ratios' median ${pct(auth.overhead ?? NaN)}), ` +
        `a known one ${pct(auth.reconnectOverhead ?? NaN)}`,
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
  goals.push(...p99Goals(results));
  return goals;
}
