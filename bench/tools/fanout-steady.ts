/**
 * One fan-out layout at one fixed rate, Parley and the reference alternated round by round:
 * server CPU per delivery and per message of each, and their ratio per round. To look at one
 * figure of the fan-out ladder closely (the ladder climbs, so its steps are short).
 *   npx tsx bench/tools/fanout-steady.ts [rate=1200] [rounds=4] [stepMs=5000] [rooms=10]
 * BENCH_PROFILE=dir profiles the Parley server only (the reference is started without it).
 */
import { measured, sleep, startPair, stopPair, type Pair } from '../lib/context.js';

const [rate = 1200, rounds = 4, stepMs = 5000, rooms = 10] = process.argv.slice(2).map(Number);
const perRoom = rooms > 0 ? 500 / rooms : 0;
const profileDir = process.env.BENCH_PROFILE;

async function setUp(kind: 'parley' | 'reference') {
  if (kind === 'parley' && profileDir) process.env.BENCH_PROFILE = profileDir;
  else delete process.env.BENCH_PROFILE;
  const pair = await startPair(kind);
  const made = await pair.server.call<{ auths: object[]; roomIds: number[] }>('users', {
    count: 500,
    rooms,
    perRoom,
  });
  const auths = kind === 'parley' ? made.auths.map((a) => ({ ...a, batch: true })) : made.auths;
  await pair.load.call('connect', { url: pair.url, auths });
  await pair.load.call('assignRooms', { perRoom });
  return { pair, roomIds: made.roomIds };
}

type Step = { received: number; acked: number; expected: number; p99: number };
const step = async ({ pair, roomIds }: { pair: Pair; roomIds: number[] }) => {
  const senders = rooms > 0 ? rooms : 10;
  const m = await measured(pair, () =>
    pair.load.call<Step>('fanout', { rate, durationMs: stepMs, senders, roomIds }),
  );
  const { received, acked, expected, p99 } = m.result;
  return {
    perDelivery: m.serverCpuUs / Math.max(1, received),
    perMessage: m.serverCpuUs / Math.max(1, acked),
    delivery: received / Math.max(1, expected),
    p99,
    busy: m.serverBusy,
  };
};

const parley = await setUp('parley');
const reference = await setUp('reference');
try {
  for (const side of [parley, reference]) await step(side); // warm-up, unmeasured
  const ratios: number[] = [];
  for (let round = 1; round <= rounds; round++) {
    await sleep(300);
    const p = await step(parley);
    await sleep(300);
    const r = await step(reference);
    ratios.push(p.perDelivery / r.perDelivery);
    const f = (s: typeof p) =>
      `${s.perDelivery.toFixed(2)} µs/delivery ${s.perMessage.toFixed(0)} µs/msg ` +
      `p99 ${s.p99.toFixed(1)} ms delivered ${(s.delivery * 100).toFixed(1)}% busy ${s.busy.toFixed(2)}`;
    console.log(
      `round ${round}: parley ${f(p)} | reference ${f(r)} | ratio ${ratios.at(-1)?.toFixed(2)}`,
    );
  }
  const sorted = [...ratios].sort((a, b) => a - b);
  console.log(
    `median ratio ${sorted[Math.floor(sorted.length / 2)]?.toFixed(2)} (${sorted[0]?.toFixed(2)}–${sorted.at(-1)?.toFixed(2)})`,
  );
} finally {
  await Promise.all([stopPair(parley.pair), stopPair(reference.pair)]);
}
