import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers.js';

/** Packages a default server should not load at start. */
const LAZY = [
  'prom-client',
  'sharp',
  'tar',
  'pg',
  'redis',
  '@socket.io/redis-streams-adapter',
  'rate-limiter-flexible',
  '@peculiar/x509',
  'unhomoglyph',
];

/**
 * A module-loader hook (node:module's `register`, run on the loader's thread) that appends every
 * URL the ESM loader resolves to `data.file`, synchronously: the main thread waits on the hook,
 * so each import has been written down before it completes. ESM builds of dual-format packages
 * (tar's) never appear in require's cache; these URLs show them.
 */
const RECORD_HOOKS = `import { appendFileSync } from 'node:fs';
let file;
export function initialize(data) { file = data.file; }
export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  appendFileSync(file, resolved.url + '\\n');
  return resolved;
}`;

/**
 * Runs the CLI from source (server/cli.ts, as `npm run server` does) with `args` on the data in
 * `dir` (made by the first start there) in a fresh process until it listens, says which of
 * `LAZY` were loaded by then, and stops it with the SIGTERM it handles. CommonJS files are seen
 * in require's cache, ESM ones in the URLs the hook recorded. A file belongs to a package when
 * `node_modules` and the package's name are consecutive parts of its path, split on either
 * separator (Windows paths use `\\`).
 */
async function loadedAtStart(args: string[], dir = tempDir()): Promise<string[]> {
  const record = join(dir, `resolved-${randomUUID()}.txt`);
  const code = `
    import { createRequire, register } from 'node:module';
    import { readFileSync } from 'node:fs';
    import { fileURLToPath } from 'node:url';
    const file = ${JSON.stringify(record)};
    register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(RECORD_HOOKS)}), {
      data: { file },
    });
    process.argv = [process.argv[0], 'server/cli.ts', ...${JSON.stringify(['--data', join(dir, 'data'), '--port', '0', ...args])}];
    await (await import('./server/cli.ts')).started; // once it listens and has said so
    const urls = readFileSync(file, 'utf8').split('\\n').filter((u) => u.startsWith('file:'));
    // Were the hook not running, nothing ESM would be seen: the server's own modules are ESM.
    if (!urls.some((u) => u.endsWith('/server/create-chat-server.ts'))) throw new Error('no hook');
    const files = [...Object.keys(createRequire(import.meta.url).cache), ...urls.map((u) => fileURLToPath(u))];
    const inPackage = (file, name) => file.split(/[\\\\/]/).some((part, i, parts) =>
      part === 'node_modules' && parts.slice(i + 1, i + 1 + name.split('/').length).join('/') === name);
    console.log('LOADED ' + JSON.stringify(${JSON.stringify(LAZY)}.filter((name) => files.some((f) => inPackage(f, name)))));
    process.kill(process.pid, 'SIGTERM');`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code]);
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exit = await new Promise((resolve) => child.on('exit', resolve));
  if (exit !== 0) throw new Error(`server process failed:\n${err}`);
  const loaded = /^LOADED (.*)$/m.exec(out)?.[1];
  if (!loaded) throw new Error(`no answer from the server process:\n${out}\n${err}`);
  return JSON.parse(loaded) as string[];
}

/** Start-up time is mostly module loading: what a server does not use is loaded on first use. */
describe('modules loaded at start', () => {
  it('leave out metrics, images, archives, the cluster, certificates and look-alike names on a default server, and load prom-client for metrics', async () => {
    const dir = tempDir();
    // A first start makes the first room, whose name needs its look-alike keys: only then.
    expect(await loadedAtStart([], dir)).toEqual(['unhomoglyph']);
    expect(await loadedAtStart([], dir)).toEqual([]);
    expect(await loadedAtStart(['--metrics-port', '0'], dir)).toEqual(['prom-client']);
    // The certificate library makes the self-signed certificate once; later starts read it.
    expect(await loadedAtStart(['--tls'], dir)).toEqual(['@peculiar/x509']);
    expect(await loadedAtStart(['--tls'], dir)).toEqual([]);
  });
});
