import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

/**
 * Files that change what other files would see in a shared module cache: Electron replaced with
 * `vi.mock` (test/main), fake timers, `Date.now` stubbed, globals defined, process listeners,
 * prom-client's default metrics (a GC observer and a loop monitor per server, never stopped).
 * They keep Vitest's default, a fresh module cache per file. The list is a JSON file because
 * eslint.config.js reads it too: `vi.mock`, fake timers and stubs are refused anywhere else.
 */
const ISOLATED = JSON.parse(readFileSync('test/isolated-files.json', 'utf8')) as string[];

export default defineConfig({
  test: {
    environment: 'node',
    globalSetup: ['test/build-server.ts'],
    // Clean-ups after each test, hooked into every file (test/each-test.ts says why).
    setupFiles: ['test/setup-each-test.ts'],
    // Vitest's default is one worker fewer than the cores: one here. Most files wait on
    // sockets, child processes and timers, so three share the 2 cores well: the unit run went
    // from 770 s to 363 s (npx vitest run --maxWorkers=3, every file passing).
    maxWorkers: 3,
    testTimeout: 20_000,
    hookTimeout: 20_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'shared',
          include: ['test/**/*.test.ts'],
          exclude: ISOLATED,
          // One module cache per worker: each file no longer loads the server's modules and
          // their dependencies afresh, which took a quarter of the workers' time ("import").
          isolate: false,
        },
      },
      { extends: true, test: { name: 'isolated', include: ISOLATED } },
    ],
  },
});
