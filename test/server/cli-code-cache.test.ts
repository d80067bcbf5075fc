import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, CLI_BUNDLE, CliServer } from '../cli-server.js';

/** Polls until `done()` holds, failing after `ms`. */
async function until(done: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!done()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The bundled CLI starts through V8's code cache (server/cli-cached.ts). A copy of dist/server
 * of its own, inside dist/ so that the packages kept outside the bundle still resolve from
 * node_modules, and so that no other test's server writes this cache meanwhile.
 */
describe('the CLI code cache', () => {
  const dir = mkdtempSync(join('dist', 'code-cache-test-'));
  for (const file of [CLI, CLI_BUNDLE])
    copyFileSync(file, join(dir, file.split('/').at(-1) as string));
  const entry = join(dir, 'cli.js');
  const cache = join(dir, 'cli-bundle.cjs.cache');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const serve = async (ms: number) => {
    const server = new CliServer([], entry);
    await server.start();
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, ms));
    await server.dispose();
  };

  it('is written once the server is up, used as it is by the next start, and replaced when corrupt', async () => {
    expect(existsSync(cache)).toBe(false);
    const first = new CliServer([], entry);
    await first.start();
    await until(() => existsSync(cache), 10_000);
    await first.dispose();
    const written = statSync(cache);
    expect(written.size).toBeGreaterThan(100_000);
    // V8 took it (a rejected cache is written again): the file is as the first start left it.
    await serve(4000);
    expect(statSync(cache).mtimeMs).toBe(written.mtimeMs);
    // A corrupt one is rejected: the server starts all the same, and writes a good one.
    writeFileSync(cache, Buffer.alloc(written.size, 1));
    await serve(4000);
    const replaced = statSync(cache);
    expect(replaced.mtimeMs).toBeGreaterThan(written.mtimeMs);
    expect(readFileSync(cache).equals(Buffer.alloc(written.size, 1))).toBe(false);
  }, 60_000);
});
