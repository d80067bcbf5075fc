/**
 * Looks for the stall the fan-out ladder saw at its first step after a round at the top rates
 * (a 195 ms loop delay at 25 msg/s in 1 room x 500, README run of 2026-12-07 03:09): Parley
 * alone climbs a short ladder up to `top` msg/s, stays quiet for `quietMs` (where the bench runs
 * the reference's round), then sends at 25 msg/s; each low step prints the server's loop delay
 * and GC pauses. Repeated `rounds` times on one server, as the bench's rounds are.
 *   npx tsx bench/tools/fanout-after-burst.ts [top=9600] [quietMs=60000] [rounds=2] [rooms=0]
 * BENCH_PROFILE=dir writes a CPU profile of the server (read it with cpuprofile-stalls.ts).
 */
import { sleep, stopPair } from '../lib/context.js';
import { measureStep, type MeasuredStep } from '../lib/fanout-step.js';
import { setUpFanout } from '../lib/fanout-setup.js';

const MEMBERS = 500;
const args = process.argv.slice(2);
const [top = 9600, quietMs = 60_000, rounds = 2, rooms = 0] = args.map(Number);
if (args.some((arg) => !/^\d+$/.test(arg)) || top < 25 || rounds < 1)
  throw new Error('usage: fanout-after-burst.ts [top] [quietMs] [rounds] [rooms], whole numbers');
const profile = process.env.BENCH_PROFILE;
delete process.env.BENCH_PROFILE;

const topology = {
  name: 'burst',
  members: MEMBERS,
  rooms,
  perRoom: rooms > 0 ? MEMBERS / rooms : 0,
};
const side = await setUpFanout('parley', topology, { batch: true, profile });
const line = (label: string, s: MeasuredStep) =>
  `${new Date().toISOString().slice(11, 19)} ${label} ${s.rate}/s: p99 ${s.p99Ms.toFixed(1)} ms ack p99 ${s.ackP99Ms.toFixed(1)} ms ` +
  `delivered ${(s.delivery * 100).toFixed(1)}% server loop p99/max ` +
  `${s.serverLoopP99Ms.toFixed(0)}/${s.serverLoopMaxMs.toFixed(0)} ms gc ${s.serverGcMs.toFixed(0)} ` +
  `ms (max ${s.serverGcMaxMs.toFixed(1)}) load loop max ${s.loadLoopMaxMs.toFixed(0)} ms`;
try {
  const step = (rate: number, stepMs: number) =>
    measureStep(side.pair, { rate, stepMs, senders: side.senders, roomIds: side.roomIds });
  // The ladder's rates (bench/scenarios/fanout.ts), up to `top`.
  const ladder = [
    25, 50, 100, 200, 300, 400, 600, 800, 1200, 1600, 2400, 3200, 4800, 6400, 9600, 12800,
  ];
  for (let round = 1; round <= rounds; round++) {
    for (const rate of ladder.filter((r) => r <= top)) {
      // As long as the ladder's steps: 2.5 s, or about 500 messages where that is longer.
      const s = await step(rate, Math.max(2_500, Math.ceil(500_000 / rate)));
      console.log(line(`round ${round} climb`, s));
      await sleep(300);
    }
    console.log(`round ${round}: quiet for ${quietMs} ms`);
    await sleep(quietMs);
    console.log(line(`round ${round} after`, await step(25, 20_000)));
  }
} finally {
  await stopPair(side.pair);
}
