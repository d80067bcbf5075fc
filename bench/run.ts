/**
 * `npm run bench`: every scenario against Parley and the classic reference, in one invocation,
 * each run `--runs` times (default: 5 interleaved rounds for connect, 3 runs for the others).
 * Prints a table, spread warnings and issue 16's goals, and writes JSON to bench/results/.
 *   npm run bench -- [--quick] [--runs N] [--only connect,auth,fanout,cluster,longtasks,idle,storm,flood,history,historypg,startup,feed,uploads,search,footprint]
 *                    [--compare OLD.json]   (after the run: each shared figure, old against new)
 *   npm run bench -- --compare OLD.json --against NEW.json   (two files, no run)
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { compare, formatChanges } from './lib/compare.js';
import { changeFeed } from './scenarios/change-feed.js';
import { clusterFanout } from './scenarios/cluster-fanout.js';
import { authPath } from './scenarios/auth-path.js';
import { connectRate } from './scenarios/connect-rate.js';
import { fanout } from './scenarios/fanout.js';
import { rendererFootprint } from './scenarios/footprint.js';
import { history, historyPostgres } from './scenarios/history.js';
import { idleSockets } from './scenarios/idle.js';
import { rendererLongTasks } from './scenarios/long-tasks.js';
import { loginFlood } from './scenarios/login-flood.js';
import { loginStorm } from './scenarios/login-storm.js';
import { search } from './scenarios/search.js';
import { startup } from './scenarios/startup.js';
import { uploads } from './scenarios/uploads.js';
import { report } from './lib/report.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    runs: { type: 'string' },
    only: { type: 'string' },
    compare: { type: 'string' },
    against: { type: 'string' },
  },
});
/** Runs per scenario when `--runs` is not given. */
const DEFAULT_RUNS: Record<string, number> = { connect: 5 };
const runsFor = (name: string) =>
  values.runs !== undefined ? Number(values.runs) : (DEFAULT_RUNS[name] ?? 3);
const only = values.only?.split(',');
type ResultFile = { quick?: boolean; results: Record<string, unknown> };
const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as ResultFile;
const resultsOf = (file: string) => read(file).results;
const printComparison = (oldFile: string, newFile: string, newResults: unknown, quick: boolean) => {
  console.log(`\nCompared with ${oldFile} (old median → new median, ×new/old):\n`);
  // Quick runs are smaller (1,000 connections, 1.5 s steps up to 400 msg/s): not comparable.
  if (Boolean(read(oldFile).quick) !== quick)
    console.log(
      '⚠ one of the two is a --quick run and the other is not: the figures differ in size\n',
    );
  for (const line of formatChanges(compare(resultsOf(oldFile), newResults))) console.log(line);
  if (newFile) console.log(`\n(new: ${newFile})`);
};
if (values.compare && values.against) {
  const against = read(values.against);
  printComparison(values.compare, values.against, against.results, Boolean(against.quick));
  process.exit(0);
}
const scenarios: Record<string, (o: { quick: boolean; runs: number }) => Promise<unknown>> = {
  connect: connectRate,
  // The handshake's auth path alone, in process (issue 16).
  auth: authPath,
  fanout,
  // Fan-out across 2 nodes on PostgreSQL and Redis, against one SQLite node (issue 15).
  cluster: clusterFanout,
  // The longest main-thread task in Chromium during a message burst (issue 16).
  longtasks: rendererLongTasks,
  idle: idleSockets,
  storm: loginStorm,
  flood: loginFlood,
  history,
  // The same on PostgreSQL (issue 15).
  historypg: historyPostgres,
  startup,
  feed: changeFeed,
  uploads,
  search,
  // The desktop renderer's heap in Chromium (runs test/e2e/footprint.spec.ts).
  footprint: rendererFootprint,
};

const results: Record<string, unknown> = {};
const runs: Record<string, number> = {};
const failed: string[] = [];
for (const [name, scenario] of Object.entries(scenarios)) {
  if (only && !only.includes(name)) continue;
  console.error(`bench: ${name}…`);
  runs[name] = runsFor(name);
  try {
    results[name] = await scenario({ quick: values.quick, runs: runs[name] });
  } catch (error) {
    // One scenario's failure (a browser spec that timed out, say) must not lose the figures of
    // the others, half an hour of them: it is recorded in the results, named at the end, and
    // the run still exits non-zero.
    const message = error instanceof Error ? error.message : String(error);
    console.error(`bench: ${name} FAILED: ${message}`);
    results[name] = { failed: message };
    failed.push(name);
  }
}
const file = await report(results, { quick: values.quick, runs });
if (values.compare) printComparison(values.compare, file, results, values.quick);
if (failed.length > 0) {
  console.error(
    `bench: FAILED: ${failed.join(', ')} (the other scenarios' figures are in ${file})`,
  );
  process.exitCode = 1;
}
