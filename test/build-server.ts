import { execFileSync } from 'node:child_process';

/** Vitest global setup: compile the server once, so that the CLI tests run the shipped JS. */
export default function buildServer(): void {
  execFileSync(
    process.execPath,
    ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.server-build.json'],
    {
      stdio: 'inherit',
    },
  );
}
