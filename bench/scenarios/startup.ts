import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVER_CPU, sleep, type BenchOptions } from '../lib/context.js';
import { repeat } from '../lib/stats.js';
import { TASKSET } from '../lib/workers.js';

const PORT = 47_311;

/**
 * Scenario 6: from spawning the CLI as `npm run server` runs it (the one-file bundle in
 * dist/server) on an existing data dir to /healthz answering.
 */
export async function startup(options: BenchOptions) {
  const built = spawnSync('npm', ['run', '--silent', 'build:server'], {
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (built.status !== 0) throw new Error(`npm run build:server failed (${built.status})`);
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-startup-'));
  await startOnce(dataDir); // creates the database and secret: later runs start on existing data
  const result = await repeat(options.runs, async () => ({
    msToHealthz: await startOnce(dataDir),
  }));
  rmSync(dataDir, { recursive: true, force: true });
  return result;
}

async function startOnce(dataDir: string): Promise<number> {
  const node = [process.execPath, 'dist/server/cli.js', '--port', String(PORT), '--data', dataDir];
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
  child.kill('SIGINT');
  await once(child, 'exit');
  return ms;
}
