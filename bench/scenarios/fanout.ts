import { sleep, stopPair, type BenchOptions } from '../lib/context.js';
import { ladder } from '../lib/fanout-ladder.js';
import { setUpFanout, type FanoutSide, type Topology } from '../lib/fanout-setup.js';
import { summarizeTopology } from '../lib/fanout-summary.js';
import { interleave } from '../lib/rounds.js';

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
  const topologies: Topology[] = [
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
  // About 500 messages a step (25/s: 20 s), so that a low rate's p99 is not its slowest message:
  // the goal compares p99s at low rates.
  const minMessages = options.quick ? 0 : 500;
  const results: Record<string, unknown> = {};
  for (const topology of topologies) {
    const sides = new Map<FanoutKind, FanoutSide>();
    try {
      for (const kind of KINDS) {
        const server = kind === 'reference' ? 'reference' : 'parley';
        sides.set(kind, await setUpFanout(server, topology, { batch: kind === 'parley' }));
      }
      // One unmeasured step at the lowest rate per kind: a fresh server's first sends run cold.
      for (const { pair, roomIds, senders } of sides.values())
        await pair.load.call('fanout', { rate: rates[0], durationMs: stepMs, senders, roomIds });
      await sleep(500);
      const rounds = await interleave(KINDS, options.runs, async (kind) => {
        const { pair, roomIds, senders } = sides.get(kind) as FanoutSide;
        return ladder(pair, { rates, stepMs, senders, roomIds, minMessages });
      });
      results[topology.name] = summarizeTopology(rounds);
    } finally {
      await Promise.all([...sides.values()].map(({ pair }) => stopPair(pair)));
    }
  }
  return results;
}
