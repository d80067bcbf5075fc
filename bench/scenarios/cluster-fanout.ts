import { startClusterPair, type ClusterCpu, type ClusterPair } from '../lib/cluster-pair.js';
import {
  measured,
  sleep,
  startPair,
  stopPair,
  type BenchOptions,
  type Pair,
} from '../lib/context.js';
import { ladder } from '../lib/fanout-ladder.js';
import { summarizeTopology } from '../lib/fanout-summary.js';
import { interleave } from '../lib/rounds.js';

/**
 * 'parley': one SQLite node, its clients taking coalesced batches; 'parley-single': the same
 * without batches. A cluster never coalesces (room-batches.ts: each node would hold its own
 * senders' messages), so 'parley-single' is the like-for-like figure and 'parley' what one node
 * does at its best.
 */
type Kind = 'cluster' | 'parley-single' | 'parley';
const KINDS: Kind[] = ['cluster', 'parley-single', 'parley'];
const MEMBERS = 500;
/** The rate of the step that splits the cluster's CPU into its parts. */
const PARTS_RATE = 100;

/**
 * Issue 15's fan-out cost: 1 room × 500 with the members alternating between 2 nodes (PostgreSQL
 * and Redis between them), against one SQLite node in the same rounds. The figure is server CPU
 * per delivery at the highest rate both held in a round (`ratios › cluster/parley-single ›
 * serverCpuUsPerDeliveryAtCommonRate`), the cluster's summed over both nodes, Redis and
 * PostgreSQL; goal ≤ 1.5×. `parts`: where the cluster's CPU goes, per delivery and per message,
 * at one fixed rate. On a 2-core machine this measures cost, never scaling: both nodes, Redis and
 * PostgreSQL share one core.
 */
export async function clusterFanout(options: BenchOptions) {
  const rates = options.quick
    ? [50, 200, 400]
    : [25, 50, 100, 200, 300, 400, 600, 800, 1200, 1600, 2400, 3200];
  const stepMs = options.quick ? 1500 : 2500;
  const senders = 10;
  const roomIds = [1];
  let cluster: ClusterPair | undefined;
  let single: Pair | undefined;
  let batched: Pair | undefined;
  try {
    cluster = await startClusterPair();
    single = await startPair('parley');
    batched = await startPair('parley');
    const pairs: Record<Kind, Pair> = { cluster, 'parley-single': single, parley: batched };
    for (const kind of KINDS) {
      const pair = pairs[kind];
      const made = await pair.server.call<{ auths: object[] }>('users', { count: MEMBERS });
      const batch = kind === 'parley';
      const auths = made.auths.map((auth) => ({ ...auth, batch }));
      const urls = kind === 'cluster' ? cluster.urls : [pair.url];
      await pair.load.call('connect', { url: pair.url, urls, auths });
      await pair.load.call('assignRooms', { perRoom: 0 });
      // One unmeasured step: a fresh server's first sends run cold.
      await pair.load.call('fanout', { rate: rates[0], durationMs: stepMs, senders, roomIds });
    }
    await sleep(500);
    // Steps of 2.5 s at every rate (no minMessages, unlike the fanout scenario): this compares its
    // kinds with each other only, and its 25-100/s p99s are about each step's slowest message.
    const rounds = await interleave(KINDS, options.runs, (kind) =>
      ladder(pairs[kind], { rates, stepMs, senders, roomIds }),
    );
    const layout = summarizeTopology(rounds, [
      ['cluster', 'parley-single'],
      ['cluster', 'parley'],
    ]);
    return { '1 room x 500': layout, parts: await parts(cluster, stepMs) };
  } finally {
    await cluster?.stop();
    for (const pair of [single, batched]) if (pair) await stopPair(pair);
  }
}

/** One step at PARTS_RATE, its cluster CPU split into nodes, Redis and PostgreSQL. */
async function parts(cluster: ClusterPair, stepMs: number) {
  const before = await cluster.parts();
  const step = await measured(cluster, () =>
    cluster.load.call<{ received: number; acked: number }>('fanout', {
      rate: PARTS_RATE,
      durationMs: stepMs,
      senders: 10,
      roomIds: [1],
    }),
  );
  const after = await cluster.parts();
  const { received, acked } = step.result;
  const per = (key: keyof ClusterCpu, count: number) => (after[key] - before[key]) / count;
  return {
    rate: PARTS_RATE,
    deliveries: received,
    messages: acked,
    cpuUsPerDelivery: {
      nodes: per('nodes', received),
      redis: per('redis', received),
      postgres: per('postgres', received),
    },
    cpuUsPerMessage: {
      nodes: per('nodes', acked),
      redis: per('redis', acked),
      postgres: per('postgres', acked),
    },
  };
}
