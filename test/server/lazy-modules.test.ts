import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers.js';

/**
 * Runs a server from source in a fresh process, with `options`, until it listens, and says
 * which of the packages that a default server should not need were loaded by then (CommonJS
 * ones, seen in require's cache).
 */
async function loadedAtStart(options: object): Promise<string[]> {
  const code = `
    import { createRequire } from 'node:module';
    import { createChatServer } from './server/create-chat-server.ts';
    const server = createChatServer({ dataDir: ${JSON.stringify(tempDir())}, ...${JSON.stringify(options)} });
    await server.listen(0, '127.0.0.1');
    const cache = Object.keys(createRequire(import.meta.url).cache);
    console.log(JSON.stringify(['prom-client', 'sharp'].filter((name) =>
      cache.some((file) => file.split(/[\\\\/]/).includes(name)))));
    await server.close();`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code]);
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exit = await new Promise((resolve) => child.on('exit', resolve));
  if (exit !== 0) throw new Error(`server process failed:\n${err}`);
  return JSON.parse(out.trim().split('\n').pop() ?? '[]') as string[];
}

/** Start-up time is mostly module loading: what a server does not use is loaded on first use. */
describe('modules loaded at start', () => {
  it('leave out prom-client and sharp on a default server, and load prom-client for metrics', async () => {
    expect(await loadedAtStart({})).toEqual([]);
    expect(await loadedAtStart({ metrics: { port: 0, host: '127.0.0.1' } })).toEqual([
      'prom-client',
    ]);
  });
});
