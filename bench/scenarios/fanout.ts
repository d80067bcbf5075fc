import {
  measured,
  sleep,
  startPair,
  stopPair,
  type BenchOptions,
  type Pair,
} from '../lib/context.js';
import { interleave, ratioOf, summarize, type RoundRatio } from '../lib/rounds.js';
import { spread, type Spread } from '../lib/stats.js';

const P99_LIMIT_MS = 250;
const MIN_DELIVERY = 0.95;

/**
 * 'parley' takes coalesced `messages` batches (`batch: true` in its handshake auth);
 * 'parley-single' is the same server without it (one `message` event per message).
 */
export type FanoutKind = 'parley' | 'parley-single' | 'reference';
const KINDS = (process.env.BENCH_FANOUT_KINDS?.split(',') ?? [
  'parley',
  'reference',
]) as FanoutKind[];

interface StepResult {
  sent: number;
  acked: number;
  received: number;
  expected: number;
  p50: number;
  p99: number;
}

/** One rate step of one round: kept in the results so that p99 can be read per rate. */
export interface Step {
  rate: number;
  held: boolean;
  p99Ms: number;
  delivery: number;
  deliveredPerSec: number;
}

/** The figures of the ladder's last step that held, and of the step that failed. */
interface Ladder {
  deliveredPerSec: number;
  serverCpuUsPerDelivery: number;
  serverCpuUsPerMessage: number;
  p99Ms: number;
  rate: number;
  serverBusy: number;
  loadBusy: number;
  failedRate: number;
  failedP99Ms: number;
  failedDelivery: number;
  failedServerBusy: number;
  failedLoadBusy: number;
  steps: Step[];
}

/**
 * Scenario 2: members in rooms; senders step the message rate up until p99 latency passes
 * 250 ms or fewer than 95% of deliveries arrive. The figure is the last step that held. Every kind
 * keeps its server and 500 sockets for the whole topology and the kinds climb their ladders in
 * turn, round after round; the ratios parley/reference are taken within each round.
 */
export async function fanout(options: BenchOptions) {
  const topologies = [
    { name: '1 room x 500', members: 500, rooms: 0, perRoom: 0 },
    { name: '10 rooms x 50', members: 500, rooms: 10, perRoom: 50 },
  ];
  // The top steps (past 3,200 msg/s) exist so that a server faster than the reference can show
  // it: in 10 rooms x 50 the reference held 3,200.
  const rates = options.quick
    ? [50, 200, 400]
    : [25, 50, 100, 200, 300, 400, 600, 800, 1200, 1600, 2400, 3200, 4800, 6400];
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
      await sleep(500);
      const senders = topology.rooms > 0 ? topology.rooms : 10;
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

/** Climbs the rates until one does not hold. */
async function ladder(
  pair: Pair,
  params: { rates: number[]; stepMs: number; senders: number; roomIds: number[] },
): Promise<Ladder> {
  const { rates, stepMs, senders, roomIds } = params;
  const steps: Step[] = [];
  let failed = {
    failedRate: NaN,
    failedP99Ms: NaN,
    failedDelivery: NaN,
    failedServerBusy: NaN,
    failedLoadBusy: NaN,
  };
  let best = {
    deliveredPerSec: 0,
    serverCpuUsPerDelivery: NaN,
    serverCpuUsPerMessage: NaN,
    p99Ms: NaN,
    rate: 0,
    serverBusy: 0,
    loadBusy: 0,
  };
  for (const rate of rates) {
    const step = await measured(pair, () =>
      pair.load.call<StepResult>('fanout', { rate, durationMs: stepMs, senders, roomIds }),
    );
    const { received, expected, acked, p99 } = step.result;
    const delivery = received / Math.max(1, expected);
    const held = p99 <= P99_LIMIT_MS && received >= MIN_DELIVERY * expected;
    const deliveredPerSec = received / (stepMs / 1000);
    steps.push({ rate, held, p99Ms: p99, delivery, deliveredPerSec });
    if (!held) {
      // Which side ran out at the step that failed: a busy share near 1 is a full core.
      failed = {
        failedRate: rate,
        failedP99Ms: p99,
        failedDelivery: delivery,
        failedServerBusy: step.serverBusy,
        failedLoadBusy: step.loadBusy,
      };
      break;
    }
    best = {
      deliveredPerSec,
      serverCpuUsPerDelivery: step.serverCpuUs / Math.max(1, received),
      // Per message sent and acked: the work of one broadcast, whatever the room's size.
      serverCpuUsPerMessage: step.serverCpuUs / Math.max(1, acked),
      p99Ms: p99,
      rate,
      serverBusy: step.serverBusy,
      loadBusy: step.loadBusy,
    };
    await sleep(300);
  }
  return { ...best, ...failed, steps };
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
    ratios[`${a}/${b}`] = Object.fromEntries(
      RATIO_FIGURES.map((figure) => [figure, ratioOf(rounds[a], rounds[b], figure)]),
    );
  }
  return { ...out, ratios, p99ByRate, perRound: rounds };
}
