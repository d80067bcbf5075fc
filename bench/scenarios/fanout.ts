import {
  measured,
  sleep,
  startPair,
  stopPair,
  type BenchOptions,
  type ServerKind,
} from '../lib/context.js';
import { repeat, type Spread } from '../lib/stats.js';

const P99_LIMIT_MS = 250;
const MIN_DELIVERY = 0.95;

interface StepResult {
  sent: number;
  acked: number;
  received: number;
  expected: number;
  p50: number;
  p99: number;
}

/**
 * Scenario 2: members in rooms; senders step the message rate up until p99 latency passes
 * 250 ms or fewer than 95% of deliveries arrive. The figure is the last step that held.
 */
export async function fanout(options: BenchOptions) {
  const topologies = [
    { name: '1 room x 500', members: 500, rooms: 0, perRoom: 0 },
    { name: '10 rooms x 50', members: 500, rooms: 10, perRoom: 50 },
  ];
  const rates = options.quick
    ? [50, 200, 400]
    : [25, 50, 100, 200, 300, 400, 600, 800, 1200, 1600, 2400, 3200];
  const stepMs = options.quick ? 1500 : 2500;
  const results: Record<string, Record<string, Record<string, Spread>>> = {};
  for (const topology of topologies) {
    results[topology.name] = {};
    for (const kind of ['parley', 'reference'] as ServerKind[]) {
      const pair = await startPair(kind);
      const { auths, roomIds } = await pair.server.call<{ auths: object[]; roomIds: number[] }>(
        'users',
        {
          count: topology.members,
          rooms: topology.rooms,
          perRoom: topology.perRoom,
        },
      );
      await pair.load.call('connect', { url: pair.url, auths });
      await pair.load.call('assignRooms', { perRoom: topology.perRoom });
      await sleep(500);
      const senders = topology.rooms > 0 ? topology.rooms : 10;
      (results[topology.name] as Record<string, Record<string, Spread>>)[kind] = await repeat(
        options.runs,
        async () => {
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
            p99Ms: NaN,
            rate: 0,
            serverBusy: 0,
            loadBusy: 0,
          };
          for (const rate of rates) {
            const step = await measured(pair, () =>
              pair.load.call<StepResult>('fanout', { rate, durationMs: stepMs, senders, roomIds }),
            );
            const { received, expected, p99 } = step.result;
            const held = p99 <= P99_LIMIT_MS && received >= MIN_DELIVERY * expected;
            if (!held) {
              // Which side ran out at the step that failed: a busy share near 1 is a full core.
              failed = {
                failedRate: rate,
                failedP99Ms: p99,
                failedDelivery: received / Math.max(1, expected),
                failedServerBusy: step.serverBusy,
                failedLoadBusy: step.loadBusy,
              };
              break;
            }
            best = {
              deliveredPerSec: received / (stepMs / 1000),
              serverCpuUsPerDelivery: step.serverCpuUs / Math.max(1, received),
              p99Ms: p99,
              rate,
              serverBusy: step.serverBusy,
              loadBusy: step.loadBusy,
            };
            await sleep(300);
          }
          return { ...best, ...failed };
        },
      );
      await stopPair(pair);
    }
  }
  return results;
}
