/**
 * Finds the stretches of a V8 .cpuprofile in which the thread never went idle, to see what a
 * stall of the event loop was doing:
 *   npx tsx bench/tools/cpuprofile-stalls.ts <file.cpuprofile> [minMs=100] [top=6]
 * For each stretch of at least `minMs` of consecutive non-idle samples it prints when it began
 * (ms from the profile's start), how long it lasted, the stack all of its samples share, and
 * the stacks under that which took the most of it. A blocking system call (an fsync inside a
 * SQLite statement) shows as its JavaScript caller: the profiler samples the stack, not the CPU.
 * On a saturated loop, stretches span many tasks; at a low rate, one long stretch is one task.
 */
import { readProfile } from './cpuprofile-read.js';

const [file, minArg, topArg] = process.argv.slice(2);
if (!file) throw new Error('usage: cpuprofile-stalls <file.cpuprofile> [minMs] [top]');
const minUs = Number(minArg ?? 100) * 1000;
const top = Number(topArg ?? 6);
const { profile, byId, parentOf } = readProfile(file);

const label = (id: number): string => {
  const frame = byId.get(id)?.callFrame;
  if (!frame) return '?';
  const where = frame.url
    ? ` ${frame.url.split('/').slice(-2).join('/')}:${frame.lineNumber + 1}`
    : '';
  return `${frame.functionName || '(anonymous)'}${where}`;
};
/** Node ids from the root down to `id`. */
const path = (id: number): number[] => {
  const ids: number[] = [];
  for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) ids.unshift(at);
  return ids;
};
const idle = (id: number) => byId.get(id)?.callFrame.functionName === '(idle)';

interface Stretch {
  startUs: number;
  durationUs: number;
  samples: Array<{ id: number; us: number }>;
}
const stretches: Stretch[] = [];
let at = 0;
let open: Stretch | undefined;
profile.samples.forEach((id, i) => {
  const delta = profile.timeDeltas[i] ?? 0;
  at += delta;
  if (idle(id)) {
    if (open && open.durationUs >= minUs) stretches.push(open);
    open = undefined;
    return;
  }
  // A sample's delta is the time since the one before: it counts toward this sample's stack.
  open ??= { startUs: at - delta, durationUs: 0, samples: [] };
  open.durationUs += delta;
  open.samples.push({ id, us: delta });
});
if (open && open.durationUs >= minUs) stretches.push(open);

for (const stretch of stretches) {
  const paths = stretch.samples.map((sample) => path(sample.id));
  let shared = paths[0] ?? [];
  for (const ids of paths) {
    let n = 0;
    while (n < shared.length && n < ids.length && shared[n] === ids[n]) n++;
    shared = shared.slice(0, n);
  }
  // What each sample ran below the shared part: up to four frames, leaf last.
  const below = new Map<string, number>();
  stretch.samples.forEach((sample, i) => {
    const rest = (paths[i] ?? []).slice(shared.length);
    const key = rest.slice(-4).map(label).join(' > ') || '(self)';
    below.set(key, (below.get(key) ?? 0) + sample.us);
  });
  const ms = (us: number) => (us / 1000).toFixed(1);
  console.log(`\nat ${ms(stretch.startUs)} ms: ${ms(stretch.durationUs)} ms without idle`);
  console.log(`  shared: ${shared.map(label).join(' > ') || '(nothing)'}`);
  for (const [key, us] of [...below].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`  ${ms(us).padStart(8)} ms  ${key}`);
}
console.log(`\n${stretches.length} stretches of at least ${minUs / 1000} ms`);
