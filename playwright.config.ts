import { defineConfig } from '@playwright/test';

/** Debian's Chromium; Playwright's own browser download is not reachable on these machines. */
export const CHROMIUM = '/usr/bin/chromium';

export default defineConfig({
  globalSetup: './test/e2e/global-setup.ts',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 1,
  reporter: [['list']],
  projects: [
    { name: 'web', testDir: 'test/e2e' },
    // The real Electron app; skipped (with the reason printed) where no Electron binary exists.
    { name: 'electron', testDir: 'test/electron' },
  ],
  outputDir: 'test-results/playwright',
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
    // A failed test keeps its trace (actions and DOM snapshots), without the screencast: the
    // screencast is recorded for every test, passed or not, and cost a quarter of the suite's
    // CPU here (npx playwright test, 10 tests: 288 s of CPU with it, 222 s without any trace).
    trace: { mode: 'retain-on-failure', screenshots: false },
  },
});
