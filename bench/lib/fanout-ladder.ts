/** One kind's rate ladder in the fan-out bench (bench/scenarios/fanout.ts). */
import { sleep, type Pair } from './context.js';
import { measureStep, type Step } from './fanout-step.js';

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
  if (!rates.every((rate) => rate > 0)) throw new Error(`fan-out rates ${rates}: must be above 0`);
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
    // deliveries: 62 messages (25/s for 2.5 s) make it about their slowest, one stall's figure.
    // (The agent's 10 ms ticks run late, so a step sends a little under minMessages.)
    const ms = Math.max(stepMs, Math.ceil((minMessages * 1000) / rate));
    const step = await measureStep(pair, { rate, stepMs: ms, senders, roomIds });
    // What a Step keeps: the measured step without the figures read only here or by its tool.
    const {
      serverCpuUsPerMessage,
      serverBusy,
      loadBusy,
      p50Ms: _p50,
      ackP50Ms: _ack50,
      ...kept
    } = step;
    steps.push(kept);
    const { held, p99Ms: p99, delivery, deliveredPerSec, serverCpuUsPerDelivery } = kept;
    if (!held) {
      // Which side ran out at the step that failed: a busy share near 1 is a full core.
      failed = {
        failedRate: rate,
        failedP99Ms: p99,
        failedDelivery: delivery,
        failedServerBusy: serverBusy,
        failedLoadBusy: loadBusy,
      };
      break;
    }
    best = {
      deliveredPerSec,
      serverCpuUsPerDelivery,
      serverCpuUsPerMessage,
      p99Ms: p99,
      rate,
      serverBusy,
      loadBusy,
    };
    await sleep(300);
  }
  return { ...best, ...failed, steps };
}
