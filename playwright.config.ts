import { defineConfig } from '@playwright/test';

/**
 * The browser the `web` tests drive: Debian's `chromium-headless-shell`, built from the same
 * Chromium source and version as `/usr/bin/chromium`, as the headless shell that Playwright
 * itself runs for headless tests when it may download its own browsers (it may not here). The
 * full browser in headless mode also builds its window and tab UI and the Chrome layer's
 * per-page agents: bench/tools/browser-open-cpu.ts measured 1.15-1.48 s of CPU per opening of
 * the app in /usr/bin/chromium against 0.30-0.39 s here, and five of the longest specs took 30 %
 * less CPU (docs/e2e-browser-2026-12-06.txt).
 */
export const CHROMIUM = '/usr/bin/chromium-headless-shell';
/** The full browser, which `full-chromium` runs the core chat specs in, so that both are tested. */
export const CHROMIUM_FULL = '/usr/bin/chromium';

/**
 * The benchmarks' browser scenarios (footprint, long tasks) run `web` with
 * PARLEY_E2E_BROWSER=full: their figures are the full browser's, as a user's are, and stay
 * comparable with earlier results files.
 */
const WEB_BROWSER = process.env.PARLEY_E2E_BROWSER === 'full' ? CHROMIUM_FULL : CHROMIUM;

/** Every launch's flags: no sandbox (root in CI), and none of the browser's own network traffic. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export default defineConfig({
  globalSetup: './test/e2e/global-setup.ts',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // Two: most of a test is waiting on the server, the page or a deliberate pause, so a second
  // test fills the gaps (the whole suite 7.0 -> 4.7 min here; docs/e2e-browser-2026-12-06.txt).
  // Each test has its own server on port 0 and its own browser contexts.
  workers: 2,
  reporter: [['list']],
  projects: [
    { name: 'web', testDir: 'test/e2e' },
    {
      name: 'full-chromium',
      testDir: 'test/e2e',
      testMatch: ['chat.spec.ts', 'tls.spec.ts'],
      use: { launchOptions: { executablePath: CHROMIUM_FULL, args: CHROMIUM_ARGS } },
    },
    // The real Electron app; skipped (with the reason printed) where no Electron binary exists.
    { name: 'electron', testDir: 'test/electron' },
  ],
  outputDir: 'test-results/playwright',
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: { executablePath: WEB_BROWSER, args: CHROMIUM_ARGS },
    // A failed test keeps its trace (actions and DOM snapshots), without the screencast: the
    // screencast is recorded for every test, passed or not, and cost a quarter of the suite's
    // CPU here (npx playwright test, 10 tests: 288 s of CPU with it, 222 s without any trace).
    trace: { mode: 'retain-on-failure', screenshots: false },
  },
});
