import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import buildServer, { npmRun } from '../build-server';
import { CHROMIUM, CHROMIUM_FULL } from '../../playwright.config';

/** Builds the server, the web client and the desktop main process the tests run, and insists on real browsers. */
export default function globalSetup(): void {
  // Both browsers the projects drive (playwright.config.ts): a missing one fails the run.
  for (const [path, pkg] of [
    [CHROMIUM, 'chromium-headless-shell'],
    [CHROMIUM_FULL, 'chromium'],
  ] as const) {
    if (!existsSync(path))
      throw new Error(
        `Chromium is missing at ${path}: run \`apt-get install -y ${pkg}\` (bash .ci/run does).`,
      );
  }
  const run = (script: string, ...args: string[]) =>
    execFileSync(process.execPath, [script, ...args], { stdio: 'inherit' });
  buildServer();
  run('node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn');
  npmRun('build:desktop');
}
