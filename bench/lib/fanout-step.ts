/** One measured rate step of the fan-out bench: what the load agent saw and what it cost. */
import { measured, type Pair } from './context.js';
import type { LoopWatch } from './loop-watch.js';

const P99_LIMIT_MS = 250;
const MIN_DELIVERY = 0.95;

interface StepCounts {
  sent: number;
  acked: number;
  received: number;
  expected: number;
}
interface StepStats {
  p50: number;
  p99: number;
  // Infinity in the agent, null here: IPC is JSON (sends still unacknowledged; see agent.ts).
  ackP50: number | null;
  ackP99: number | null;
}

/** One rate step of one round: kept in the results so that p99 can be read per rate. */
export interface Step {
  rate: number;
  held: boolean;
  p99Ms: number;
  delivery: number;
  deliveredPerSec: number;
  /** Per step, so that two servers can be compared at the same rate. */
  serverCpuUsPerDelivery: number;
  /**
   * Send to acknowledgement p99. Parley acknowledges once the message is on disk: after an idle
   * room's broadcast (same turn), before a busy room's batch. So it bounds the write's share from
   * above, and where rooms are idle it cannot tell the write from the delivery.
   */
  ackP99Ms: number;
  /**
   * How late each process's event loop ran during the step, p99 and max (ms), the 5 ms sampling
   * interval included (5 is on time): a stall of the server or of the load process that times
   * every delivery shows here. For the cluster scenario, its first node's. Both windows end
   * once the step's deliveries are in (the load process's sorting of them comes after).
   */
  serverLoopP99Ms: number;
  serverLoopMaxMs: number;
  loadLoopP99Ms: number;
  loadLoopMaxMs: number;
  /**
   * Each process's GC pauses in the step, summed, and the longest (ms): whether a slow step
   * collected more (see docs/bench-fanout-gc-modes-2026-12-06.txt); windows as above. Main-thread
   * pauses only: V8's concurrent marking on other threads is not in them.
   */
  serverGcCount: number;
  serverGcMs: number;
  serverGcMaxMs: number;
  loadGcMs: number;
  loadGcMaxMs: number;
}

/** One step measured: `held` when p99 ≤ 250 ms and at least 95% of the deliveries arrived. */
export interface MeasuredStep extends Step {
  /** Per message sent and acked: the work of one broadcast, whatever the room's size. */
  serverCpuUsPerMessage: number;
  serverBusy: number;
  loadBusy: number;
  p50Ms: number;
  /** Send to acknowledgement p50 (see Step.ackP99Ms). */
  ackP50Ms: number;
}

/** `senders` send at `rate` messages/s in total for `stepMs`, measured on both workers. */
export async function measureStep(
  pair: Pair,
  params: { rate: number; stepMs: number; senders: number; roomIds: number[] },
): Promise<MeasuredStep> {
  const { rate, stepMs, senders, roomIds } = params;
  const both = [pair.server, pair.load];
  await Promise.all(both.map((worker) => worker.call('loopStart')));
  // The window (CPU, loop, GC) ends when the step's deliveries are in; the load process sorts
  // their latencies after it (`fanoutStats`), which takes seconds at the top rates.
  const step = await measured(pair, () =>
    pair.load.call<StepCounts>('fanout', {
      rate,
      durationMs: stepMs,
      senders,
      roomIds,
      stats: false,
    }),
  );
  const [serverLoop, loadLoop] = await Promise.all(
    both.map((worker) => worker.call<LoopWatch>('loopStop')),
  );
  const { p50, p99, ackP50, ackP99 } = await pair.load.call<StepStats>('fanoutStats');
  const { received, expected, acked } = step.result;
  return {
    rate,
    held: p99 <= P99_LIMIT_MS && received >= MIN_DELIVERY * expected,
    p99Ms: p99,
    delivery: received / Math.max(1, expected),
    deliveredPerSec: received / (stepMs / 1000),
    serverCpuUsPerDelivery: step.serverCpuUs / Math.max(1, received),
    serverCpuUsPerMessage: step.serverCpuUs / Math.max(1, acked),
    serverBusy: step.serverBusy,
    loadBusy: step.loadBusy,
    p50Ms: p50,
    ackP50Ms: ackP50 ?? Infinity,
    ackP99Ms: ackP99 ?? Infinity,
    serverLoopP99Ms: serverLoop?.p99 ?? NaN,
    serverLoopMaxMs: serverLoop?.max ?? NaN,
    loadLoopP99Ms: loadLoop?.p99 ?? NaN,
    loadLoopMaxMs: loadLoop?.max ?? NaN,
    serverGcCount: serverLoop?.gcCount ?? NaN,
    serverGcMs: serverLoop?.gcMs ?? NaN,
    serverGcMaxMs: serverLoop?.gcMaxMs ?? NaN,
    loadGcMs: loadLoop?.gcMs ?? NaN,
    loadGcMaxMs: loadLoop?.gcMaxMs ?? NaN,
  };
}
