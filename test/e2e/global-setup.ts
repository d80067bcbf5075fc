import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import buildServer, { npmRun } from '../build-server';

/** Builds the server, the web client and the desktop main process the tests run, and insists on a real browser. */
export default function globalSetup(): void {
  if (!existsSync('/usr/bin/chromium')) {
    throw new Error(
      'Chromium is missing at /usr/bin/chromium: run `apt-get install -y chromium` (bash .ci/run does).',
    );
  }
  const run = (script: string, ...args: string[]) =>
    execFileSync(process.execPath, [script, ...args], { stdio: 'inherit' });
  buildServer();
  run('node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn');
  npmRun('build:desktop');
}
