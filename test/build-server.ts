import { execFileSync } from 'node:child_process';

/**
 * Vitest global setup: build the server once (`npm run build:server`: the compiled modules in
 * dist/node, which the desktop app hosts, and the one-file bundle in dist/server, which the
 * CLI runs), so that the CLI tests run what ships.
 */
export default function buildServer(): void {
  // Through a shell on Windows, where npm is npm.cmd, which execFile cannot start.
  execFileSync('npm', ['run', '--silent', 'build:server'], {
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
}
