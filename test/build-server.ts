import { execFileSync } from 'node:child_process';

/** Runs `npm run <script>` quietly, its output shown; throws when it fails. */
export function npmRun(script: string): void {
  // Through a shell on Windows, where npm is npm.cmd, which execFile cannot start.
  execFileSync('npm', ['run', '--silent', script], {
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
}

/**
 * Vitest global setup: build the server once (`npm run build:server`: the compiled modules in
 * dist/node, which the desktop app hosts, and the bundle in dist/server, which the CLI runs), so
 * that the CLI tests run what ships.
 */
export default function buildServer(): void {
  // Once per run, not once per test project (vitest.config.ts has two).
  if (process.env.PARLEY_TEST_SERVER_BUILT) return;
  npmRun('build:server');
  process.env.PARLEY_TEST_SERVER_BUILT = '1';
}
