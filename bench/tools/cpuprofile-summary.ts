/**
 * Sums a V8 .cpuprofile's self time by function (name, file and line), to see where a worker
 * written with BENCH_PROFILE spent its CPU:
 *   npx tsx bench/tools/cpuprofile-summary.ts <file.cpuprofile> [top=40] [from] [inclusive]
 * `from` (a function name, e.g. `completeUpgrade`): counts only from the first sample with that
 * function on its stack, so that a worker's start-up and seeding are left out. Idle is left out.
 * `inclusive` (comma-separated function names): also prints each one's total time, callees in.
 */
import { readProfile } from './cpuprofile-read.js';

const [file, topArg, from, inclusiveArg] = process.argv.slice(2);
const inclusive = new Map((inclusiveArg?.split(',') ?? []).map((name) => [name, 0]));
if (!file) throw new Error('usage: cpuprofile-summary <file.cpuprofile> [top] [filter]');
const { profile, byId, parentOf } = readProfile(file);
const onStack = (id: number, name: string): boolean => {
  for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at))
    if (byId.get(at)?.callFrame.functionName === name) return true;
  return false;
};
let counting = from === undefined;
const selfUs = new Map<string, number>();
let totalUs = 0;
profile.samples.forEach((id, i) => {
  const node = byId.get(id);
  const delta = profile.timeDeltas[i] ?? 0;
  if (!node) return;
  counting ||= onStack(id, from ?? '');
  const { functionName, url, lineNumber } = node.callFrame;
  if (!counting || functionName === '(idle)') return;
  totalUs += delta;
  for (const [name, us] of inclusive) if (onStack(id, name)) inclusive.set(name, us + delta);
  const short = url
    .replace(/^.*node_modules\//, '~/')
    .replace(/^file:\/\/.*?\/(server|bench)\//, '$1/');
  const key = `${functionName || '(anonymous)'}  ${short}:${lineNumber + 1}`;
  selfUs.set(key, (selfUs.get(key) ?? 0) + delta);
});
const top = [...selfUs].sort((a, b) => b[1] - a[1]).slice(0, Number(topArg ?? 40));
console.log(`${file}: ${(totalUs / 1000).toFixed(0)} ms busy sampled`);
for (const [key, us] of top) {
  console.log(
    `${(us / 1000).toFixed(1).padStart(9)} ms ${((100 * us) / totalUs).toFixed(1).padStart(5)}%  ${key}`,
  );
}
for (const [name, us] of inclusive)
  console.log(`${(us / 1000).toFixed(1).padStart(9)} ms  incl. ${name}`);
