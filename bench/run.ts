/**
 * `npm run bench`: every scenario against Parley and the classic reference, in one invocation,
 * each run `--runs` times (default 3). Prints a table and writes JSON to bench/results/.
 *   npm run bench -- [--quick] [--runs N] [--only connect,auth,fanout,longtasks,idle,storm,flood,history,startup,feed,uploads,search,footprint]
 */
import { parseArgs } from 'node:util';
import { changeFeed } from './scenarios/change-feed.js';
import { authPath } from './scenarios/auth-path.js';
import { connectRate } from './scenarios/connect-rate.js';
import { fanout } from './scenarios/fanout.js';
import { rendererFootprint } from './scenarios/footprint.js';
import { history } from './scenarios/history.js';
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
    runs: { type: 'string', default: '3' },
    only: { type: 'string' },
  },
});
const options = { quick: values.quick, runs: Number(values.runs) };
const only = values.only?.split(',');
const scenarios: Record<string, (o: typeof options) => Promise<unknown>> = {
  connect: connectRate,
  // The handshake's auth path alone, in process (issue 16).
  auth: authPath,
  fanout,
  // The longest main-thread task in Chromium during a message burst (issue 16).
  longtasks: rendererLongTasks,
  idle: idleSockets,
  storm: loginStorm,
  flood: loginFlood,
  history,
  startup,
  feed: changeFeed,
  uploads,
  search,
  // The desktop renderer's heap in Chromium (runs test/e2e/footprint.spec.ts).
  footprint: rendererFootprint,
};

const results: Record<string, unknown> = {};
for (const [name, scenario] of Object.entries(scenarios)) {
  if (only && !only.includes(name)) continue;
  console.error(`bench: ${name}…`);
  results[name] = await scenario(options);
}
await report(results, options);
