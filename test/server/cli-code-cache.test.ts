import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, CLI_BUNDLE, CliServer, cliCommand } from '../cli-server.js';

/** Polls until `done()` holds, failing after `ms`. */
async function until(done: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!done()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const DEBUG = { PARLEY_CODE_CACHE_DEBUG: '1' };

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
  const bundle = join(dir, 'cli-bundle.cjs');
  const cache = join(dir, 'cli-bundle.cjs.cache');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /**
   * Starts the copy, checks it serves, waits for the cache to be written (or, when `written` is
   * false, 1.5 s: long enough that a write would have shown), and says what it did with the cache.
   */
  const start = async (written: boolean): Promise<string> => {
    const server = new CliServer([], entry, DEBUG);
    await server.start();
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    if (written) await until(() => server.output.includes('code cache written'), 10_000);
    else await new Promise((resolve) => setTimeout(resolve, 1500));
    await server.dispose();
    expect(server.output.includes('code cache written')).toBe(written);
    return /code cache (used|absent|stale|corrupt|rejected)/.exec(server.output)?.[1] ?? 'none';
  };

  it('is written once the server is up, then used, and replaced when corrupt or stale', async () => {
    expect(await start(true)).toBe('absent');
    const written = readFileSync(cache);
    expect(written.length).toBeGreaterThan(100_000);
    expect(await start(false)).toBe('used');
    // Bytes flipped inside V8's part (V8 would take them, and may crash on them): refused.
    const corrupt = Buffer.from(written);
    for (let i = 10_000; i < 10_064; i++) corrupt[i] = (corrupt[i] ?? 0) ^ 0xff;
    writeFileSync(cache, corrupt);
    expect(await start(true)).toBe('corrupt');
    expect(readFileSync(cache).equals(corrupt)).toBe(false);
    expect(await start(false)).toBe('used');
    // A changed bundle of the same length: V8 alone would accept the old cache (it compares the
    // source's length only) and run the old code.
    const source = readFileSync(bundle, 'utf8');
    expect(source).toContain('Usage: npm run server');
    writeFileSync(bundle, source.replace('Usage: npm run server', 'Usagf: npm run server'));
    const run = spawnSync(process.execPath, [...cliCommand(entry), '--help'], {
      encoding: 'utf8',
      env: { ...process.env, ...DEBUG },
    });
    expect(run.stderr).toContain('code cache stale');
    expect(run.stdout).toContain('Usagf: npm run server');
  }, 60_000);
});
