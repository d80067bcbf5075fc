/**
 * Clean-ups that run after every test, registered once by the helper modules that need them.
 *
 * Most test files share one module cache per worker (`isolate: false` in vitest.config.ts), so a
 * helper module is evaluated once per worker, not once per file: an `afterEach` at its top level
 * would only hook the first file that imported it. The helpers register here instead, and
 * test/setup-each-test.ts, which Vitest runs before every file, hooks them all into that file.
 */
type Hook = () => Promise<void> | void;

const hooks: Hook[] = [];

/** Runs `hook` after each test of every file, from now on (in this worker). */
export function afterEachTest(hook: Hook): void {
  hooks.push(hook);
}

/**
 * Runs every hook, the latest registered first (as Vitest runs `afterEach` hooks): a helper
 * built on another (a client on a server) is undone before the one it depends on.
 */
export async function runAfterEachTest(): Promise<void> {
  for (const hook of [...hooks].reverse()) await hook();
}
