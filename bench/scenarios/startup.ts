import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVER_CPU, sleep, type BenchOptions } from '../lib/context.js';
import { repeat } from '../lib/stats.js';
import { SERVER_NODE_FLAGS } from '../../server/node-flags.js';
import { TASKSET } from '../lib/workers.js';

const PORT = 47_311;

/** Written by the CLI's first start after a build (server/cli-cached.ts), read by the later ones. */
const CODE_CACHE = 'dist/server/cli-bundle.cjs.cache';

/**
 * Scenario 6: from spawning the CLI as `npm run server` runs it (the one-file bundle in
 * dist/server) on an existing data dir to /healthz answering. The first start creates the data
 * and lives until it has written the bundle's code cache, as any start after a build does:
 * the starts measured are the ones a user sees every day after that.
 */
export async function startup(options: BenchOptions) {
  const built = spawnSync('npm', ['run', '--silent', 'build:server'], {
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (built.status !== 0) throw new Error(`npm run build:server failed (${built.status})`);
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-startup-'));
  // Creates the database and secret, and a code cache for this build: later runs start on both.
  rmSync(CODE_CACHE, { force: true });
  await startOnce(dataDir, () => existsSync(CODE_CACHE));
  const result = await repeat(options.runs, async () => ({
    msToHealthz: await startOnce(dataDir),
  }));
  rmSync(dataDir, { recursive: true, force: true });
  return result;
}

/** One start, stopped once /healthz answers and `until()` holds (it may wait 10 s for it). */
async function startOnce(dataDir: string, until = () => true): Promise<number> {
  const node = [
    process.execPath,
    ...SERVER_NODE_FLAGS,
    'dist/server/cli.js',
    '--port',
    String(PORT),
    '--data',
    dataDir,
  ];
  const [command, ...args] = TASKSET ? ['taskset', '-c', String(SERVER_CPU), ...node] : node;
  const t0 = performance.now();
  const child = spawn(command ?? process.execPath, args, { stdio: 'ignore' });
  let ms = NaN;
  while (performance.now() - t0 < 10_000) {
    const ok = await fetch(`http://127.0.0.1:${PORT}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) {
      ms = performance.now() - t0;
      break;
    }
    await sleep(2);
  }
  try {
    if (Number.isNaN(ms)) throw new Error('startup: /healthz never answered');
    for (const end = performance.now() + 10_000; !until(); await sleep(50))
      if (performance.now() > end) throw new Error(`startup: ${CODE_CACHE} was not written`);
  } finally {
    const exited = child.exitCode !== null || child.signalCode !== null;
    if (!exited) {
      child.kill('SIGINT');
      await once(child, 'exit');
    }
  }
  return ms;
}
