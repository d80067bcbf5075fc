/**
 * One fan-out layout at one fixed rate, Parley and the reference alternated round by round (the
 * first to run swaps each round): server CPU per delivery and per message of each, and their
 * ratio per round. To look at one figure of the fan-out ladder closely (the ladder climbs, so
 * its steps are short).
 *   npx tsx bench/tools/fanout-steady.ts [rate=1200] [rounds=4] [stepMs=5000] [rooms=10]
 * BENCH_PROFILE=dir profiles the Parley server alone (not its load agent, not the reference).
 * BENCH_HEAP_SAMPLE=dir writes a sampling heap profile of each server over the measured rounds,
 * counting what outlived the young generation (see bench/tools/heapprofile-summary.ts), one sample
 * per BENCH_HEAP_SAMPLE_BYTES allocated on average (8192; smaller is finer and slower).
 * BENCH_NODE_FLAGS (bench/lib/workers.ts) adds V8 flags, e.g. `--trace-gc-nvp`.
 */
import { join } from 'node:path';
import { sleep, stopPair } from '../lib/context.js';
import { measureStep, type MeasuredStep } from '../lib/fanout-step.js';
import { setUpFanout, type FanoutSide } from '../lib/fanout-setup.js';
import { roundRatio } from '../lib/rounds.js';

const MEMBERS = 500;
const args = process.argv.slice(2);
const [rate = 1200, rounds = 4, stepMs = 5000, rooms = 10] = args.map(Number);
if (args.some((arg) => !/^\d+$/.test(arg)) || rate < 1 || rounds < 1 || stepMs < 100)
  throw new Error('usage: fanout-steady.ts [rate] [rounds] [stepMs] [rooms], whole numbers');
const topology = {
  name: 'steady',
  members: MEMBERS,
  rooms,
  perRoom: rooms > 0 ? MEMBERS / rooms : 0,
};
const profile = process.env.BENCH_PROFILE;
const heapDir = process.env.BENCH_HEAP_SAMPLE;
delete process.env.BENCH_PROFILE;

const sides: FanoutSide[] = [];
try {
  const parley = await setUpFanout('parley', topology, { batch: true, profile });
  sides.push(parley);
  const reference = await setUpFanout('reference', topology);
  sides.push(reference);
  const step = ({ pair, roomIds, senders }: FanoutSide) =>
    measureStep(pair, { rate, stepMs, senders, roomIds });
  for (const side of sides) await step(side); // warm-up, unmeasured
  const interval = Number(process.env.BENCH_HEAP_SAMPLE_BYTES ?? 8192);
  if (heapDir) for (const side of sides) await side.pair.server.call('heapSampleStart', interval);
  const p: MeasuredStep[] = [];
  const r: MeasuredStep[] = [];
  for (let round = 1; round <= rounds; round++) {
    // Alternate which server runs first, so that a drift within a round hits both alike.
    for (const side of round % 2 ? [parley, reference] : [reference, parley]) {
      await sleep(300);
      (side === parley ? p : r).push(await step(side));
    }
    const [ps, rs] = [p.at(-1), r.at(-1)] as [MeasuredStep, MeasuredStep];
    const f = (s: MeasuredStep) =>
      `${s.serverCpuUsPerDelivery.toFixed(2)} µs/delivery ` +
      `${s.serverCpuUsPerMessage.toFixed(0)} µs/msg p50/p99 ${s.p50Ms.toFixed(1)}/` +
      `${s.p99Ms.toFixed(1)} ms ack ${s.ackP50Ms.toFixed(1)}/${s.ackP99Ms.toFixed(1)} ms ` +
      `delivered ${(s.delivery * 100).toFixed(1)}% busy ${s.serverBusy.toFixed(2)}/` +
      `${s.loadBusy.toFixed(2)} server loop p99/max ${s.serverLoopP99Ms.toFixed(0)}/` +
      `${s.serverLoopMaxMs.toFixed(0)} ms gc ${s.serverGcMs.toFixed(0)} ms (max ` +
      `${s.serverGcMaxMs.toFixed(1)})` +
      (s.held ? '' : ' DID NOT HOLD');
    const ratio = ps.serverCpuUsPerDelivery / rs.serverCpuUsPerDelivery;
    console.log(`round ${round}: parley ${f(ps)} | reference ${f(rs)} | ratio ${ratio.toFixed(2)}`);
  }
  if (heapDir)
    for (const [i, side] of sides.entries()) {
      const file = join(heapDir, `${i === 0 ? 'parley' : 'reference'}.heapprofile.json`);
      console.log(`heap profile: ${await side.pair.server.call<string>('heapSampleStop', file)}`);
    }
  // A step that did not hold (p99 past 250 ms or deliveries lost) is not comparable: left out.
  const both = p.map((ps, i) => [ps, r[i]] as const).filter(([a, b]) => a.held && b?.held);
  const ratio = roundRatio(
    both.map(([a]) => a.serverCpuUsPerDelivery),
    both.map(([, b]) => b?.serverCpuUsPerDelivery ?? NaN),
  );
  console.log(
    `median ratio ${ratio.median.toFixed(2)} (${ratio.min.toFixed(2)}–${ratio.max.toFixed(2)}) ` +
      `over the ${both.length} of ${rounds} rounds where both held`,
  );
} finally {
  await Promise.all(sides.map(({ pair }) => stopPair(pair)));
}
