import { sleep, startPair, stopPair, type BenchOptions, type Pair } from '../lib/context.js';
import { ladder, type Ladder, type Step } from '../lib/fanout-ladder.js';
import { interleave, ratioOf, roundRatio, summarize, type RoundRatio } from '../lib/rounds.js';
import { spread, type Spread } from '../lib/stats.js';

/**
 * 'parley' takes coalesced `messages` batches (`batch: true` in its handshake auth);
 * 'parley-single' is the same server without it (one `message` event per message).
 */
export type FanoutKind = 'parley' | 'parley-single' | 'reference';
const KINDS = (process.env.BENCH_FANOUT_KINDS?.split(',') ?? [
  'parley',
  'reference',
]) as FanoutKind[];

/**
 * Scenario 2: members in rooms; senders step the message rate up until p99 latency passes
 * 250 ms or fewer than 95% of deliveries arrive. The figure is the last step that held. Every kind
 * keeps its server and 500 sockets for the whole topology and the kinds climb their ladders in
 * turn, round after round; the ratios parley/reference are taken within each round.
 */
export async function fanout(options: BenchOptions) {
  // BENCH_FANOUT_TOPOLOGIES="10 rooms x 50" runs one of them (to look at one figure closely).
  const only = process.env.BENCH_FANOUT_TOPOLOGIES?.split(',');
  const topologies = [
    { name: '1 room x 500', members: 500, rooms: 0, perRoom: 0 },
    { name: '10 rooms x 50', members: 500, rooms: 10, perRoom: 50 },
  ].filter((topology) => !only || only.includes(topology.name));
  if (topologies.length === 0) throw new Error(`BENCH_FANOUT_TOPOLOGIES: none of ${String(only)}`);
  // The top steps (past 3,200 msg/s) exist so that a server faster than the reference can show
  // it: in 10 rooms x 50 the reference held 3,200 once, and coalesced Parley held 6,400 (then
  // the top) in every run of 2026-12-03.
  const rates = options.quick
    ? [50, 200, 400]
    : [25, 50, 100, 200, 300, 400, 600, 800, 1200, 1600, 2400, 3200, 4800, 6400, 9600, 12800];
  const stepMs = options.quick ? 1500 : 2500;
  const results: Record<string, unknown> = {};
  for (const topology of topologies) {
    const pairs = new Map<FanoutKind, { pair: Pair; roomIds: number[] }>();
    try {
      for (const kind of KINDS) {
        const pair = await startPair(kind === 'reference' ? 'reference' : 'parley');
        pairs.set(kind, { pair, roomIds: [] });
        const made = await pair.server.call<{ auths: object[]; roomIds: number[] }>('users', {
          count: topology.members,
          rooms: topology.rooms,
          perRoom: topology.perRoom,
        });
        const auths =
          kind === 'parley' ? made.auths.map((auth) => ({ ...auth, batch: true })) : made.auths;
        await pair.load.call('connect', { url: pair.url, auths });
        await pair.load.call('assignRooms', { perRoom: topology.perRoom });
        pairs.set(kind, { pair, roomIds: made.roomIds });
      }
      const senders = topology.rooms > 0 ? topology.rooms : 10;
      // One unmeasured step at the lowest rate per kind: a fresh server's first sends run cold.
      for (const { pair, roomIds } of pairs.values())
        await pair.load.call('fanout', { rate: rates[0], durationMs: stepMs, senders, roomIds });
      await sleep(500);
      const rounds = await interleave(KINDS, options.runs, async (kind) => {
        const { pair, roomIds } = pairs.get(kind) as { pair: Pair; roomIds: number[] };
        return ladder(pair, { rates, stepMs, senders, roomIds });
      });
      results[topology.name] = summarizeTopology(rounds);
    } finally {
      await Promise.all([...pairs.values()].map(({ pair }) => stopPair(pair)));
    }
  }
  return results;
}

const RATIO_FIGURES = [
  'deliveredPerSec',
  'serverCpuUsPerDelivery',
  'serverCpuUsPerMessage',
] as const;

/**
 * Per kind: each figure's Spread over rounds and the p99 at each rate (over the rounds that ran
 * it); `ratios`: each kind against the reference (or the first kind against the second), within
 * each round; `perRound`: every round's ladder.
 */
function summarizeTopology(rounds: Record<FanoutKind, Ladder[]>) {
  const kinds = Object.keys(rounds) as FanoutKind[];
  const out: Record<string, unknown> = {};
  for (const kind of kinds) out[kind] = summarize(rounds[kind]);
  const p99ByRate: Record<string, Record<string, Spread & { held: number; ran: number }>> = {};
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
  }
  const pairs: Array<[FanoutKind, FanoutKind]> = kinds.includes('reference')
    ? kinds.filter((k) => k !== 'reference').map((k) => [k, 'reference'])
    : kinds.length >= 2
      ? [[kinds[0] as FanoutKind, kinds[1] as FanoutKind]]
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
  return { ...out, ratios, p99ByRate, perRound: rounds };
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
