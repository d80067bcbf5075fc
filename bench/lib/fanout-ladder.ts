/** One kind's rate ladder in the fan-out bench (bench/scenarios/fanout.ts). */
import { measured, sleep, type Pair } from './context.js';

const P99_LIMIT_MS = 250;
const MIN_DELIVERY = 0.95;

interface StepResult {
  sent: number;
  acked: number;
  received: number;
  expected: number;
  p50: number;
  p99: number;
  ackP50: number;
  ackP99: number;
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
  /** Send to acknowledgement p99: Parley acknowledges once on disk, so this is the write's share. */
  ackP99Ms: number;
}

/** The figures of the ladder's last step that held, and of the step that failed. */
export interface Ladder {
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

/** One step measured: `held` when p99 ≤ 250 ms and at least 95% of the deliveries arrived. */
export interface MeasuredStep extends Step {
  /** Per message sent and acked: the work of one broadcast, whatever the room's size. */
  serverCpuUsPerMessage: number;
  serverBusy: number;
  loadBusy: number;
  p50Ms: number;
  /** Send to acknowledgement (a Parley send is acknowledged once on disk), p50 and p99. */
  ackP50Ms: number;
  ackP99Ms: number;
}

/** `senders` send at `rate` messages/s in total for `stepMs`, measured on both workers. */
export async function measureStep(
  pair: Pair,
  params: { rate: number; stepMs: number; senders: number; roomIds: number[] },
): Promise<MeasuredStep> {
  const { rate, stepMs, senders, roomIds } = params;
  const step = await measured(pair, () =>
    pair.load.call<StepResult>('fanout', { rate, durationMs: stepMs, senders, roomIds }),
  );
  const { received, expected, acked, p50, p99, ackP50, ackP99 } = step.result;
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
    ackP50Ms: ackP50,
    ackP99Ms: ackP99,
  };
}

/**
 * Climbs the rates until one does not hold: p99 latency past 250 ms or fewer than 95% of the
 * deliveries. Returns the last step that held, the step that failed, and every step. A step
 * lasts `stepMs`, or as long as `minMessages` take at its rate when that is longer.
 */
export async function ladder(
  pair: Pair,
  params: {
    rates: number[];
    stepMs: number;
    senders: number;
    roomIds: number[];
    minMessages?: number;
  },
): Promise<Ladder> {
  const { rates, stepMs, senders, roomIds, minMessages = 0 } = params;
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
    // A message's deliveries arrive together, so a step's p99 is over its messages, not its
    // deliveries: 62 messages (25/s for 2.5 s) make it their slowest, one stall's figure.
    const ms = Math.max(stepMs, Math.ceil((minMessages * 1000) / rate));
    const step = await measureStep(pair, { rate, stepMs: ms, senders, roomIds });
    const { held, delivery, p99Ms: p99, deliveredPerSec, serverCpuUsPerDelivery } = step;
    const { ackP99Ms } = step;
    steps.push({
      rate,
      held,
      p99Ms: p99,
      delivery,
      deliveredPerSec,
      serverCpuUsPerDelivery,
      ackP99Ms,
    });
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
      serverCpuUsPerDelivery,
      serverCpuUsPerMessage: step.serverCpuUsPerMessage,
      p99Ms: p99,
      rate,
      serverBusy: step.serverBusy,
      loadBusy: step.loadBusy,
    };
    await sleep(300);
  }
  return { ...best, ...failed, steps };
}
