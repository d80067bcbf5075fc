import type { Browser, Page } from '@playwright/test';
import { bridgeFire, installBridge } from './desktop-bridge';
import { expect, shownTexts, signUp, test } from './fixtures';
import { TTL_SEC, bobSends, registerBob, sleepThrough, sleepyServer } from './sleep-helpers';

/**
 * Sleep and wake against a real server whose access tokens live 5 s. A "sleep" cuts the page's
 * network without a word (SleepLine: no FIN, no reset, as when a laptop suspends) for longer
 * than a token lives, while bob writes. The page is not frozen: headless Chromium keeps every
 * page visible, and CDP's Page.setWebLifecycleState('frozen') leaves a visible page running
 * (timers go on, no freeze or resume event; checked with Chromium 150). Nothing in the page runs
 * on a timer during those seconds anyway: `auth:expiring` never reaches it, and Socket.IO's ping
 * timeout is 45 s.
 */

/** The page as the desktop app: the stand-in bridge with the server saved. */
async function desktopPage(browser: Browser, url: string) {
  const page = await (await browser.newContext()).newPage();
  await installBridge(page, { keepTokens: true, servers: [{ name: 'Sleepy', url }] });
  await page.goto(url);
  return page;
}

/** The page as a plain browser tab (no bridge). */
async function webPage(browser: Browser, url: string) {
  const page = await (await browser.newContext()).newPage();
  await page.goto(url);
  return page;
}

/** alice signs up in the page (the server's owner), then bob straight at the server. */
async function aliceAndBob(page: Page, url: string) {
  await signUp(page, 'alice', 'Alice');
  await registerBob(url);
  const [before] = await bobSends(url, ['before']);
  await expect(shownTexts(page)).toHaveText(['before']);
  return before ?? 0;
}

/** The server's ids of the messages the page shows, in order. */
const shownIds = (page: Page) =>
  page
    .locator('.message-row article[data-message-id]')
    .evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-message-id'))));

const ALL = ['before', 'asleep 1', 'asleep 2', 'asleep 3', 'asleep 4'];

test('desktop: after a sleep longer than the token lives, the wake catches up every message', async ({
  browser,
}) => {
  const { url, line, dispose } = await sleepyServer();
  try {
    const page = await desktopPage(browser, line.url);
    const before = await aliceAndBob(page, url);

    const ids = await sleepThrough(line, url);
    expect(ids[0]).toBeGreaterThan(before);
    // Awake, but nothing told the page: its dead socket still reads as connected.
    await page.waitForTimeout(1500);
    await expect(shownTexts(page)).toHaveText(['before']);
    await expect(page.getByText(/Connection lost|Connecting|offline/)).toHaveCount(0);

    const from = line.requests.length;
    await bridgeFire(page, 'wake', 'resume');
    await expect(shownTexts(page)).toHaveText(ALL);
    expect(await shownIds(page)).toEqual([before, ...ids]);
    await expect(page.getByRole('heading', { name: '#general' })).toBeVisible();
    // The expired token was refreshed before the socket reconnected.
    const after = line.requests.slice(from);
    expect(after).toContain('POST /api/refresh');
    expect(after.indexOf('POST /api/refresh')).toBeLessThan(after.indexOf('GET /socket.io/'));
  } finally {
    await dispose();
  }
});

test('desktop: when the refresh token expired too, the wake goes back to sign-in with the reason', async ({
  browser,
}) => {
  const { url, line, dispose } = await sleepyServer({ refreshTokenTtlSec: TTL_SEC + 1 });
  try {
    const page = await desktopPage(browser, line.url);
    await aliceAndBob(page, url);
    await sleepThrough(line, url);
    await expect(shownTexts(page)).toHaveText(['before']); // still waiting on its dead socket
    await bridgeFire(page, 'wake', 'unlock-screen');
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await expect(page.getByRole('status')).toHaveText(
      'The refresh token or its session has expired; sign in again.',
    );
    await expect(page.getByLabel('Username')).toBeVisible();
  } finally {
    await dispose();
  }
});

test('web client: when the browser says the network is back (`online`), it catches up', async ({
  browser,
}) => {
  const { url, line, dispose } = await sleepyServer();
  try {
    const page = await webPage(browser, line.url);
    const before = await aliceAndBob(page, url);
    const from = line.requests.length;
    const ids = await sleepThrough(line, url, async (asleep) => {
      await page.context().setOffline(asleep);
      if (asleep) await expect(page.getByText('You are offline.', { exact: false })).toBeVisible();
    });
    await expect(shownTexts(page)).toHaveText(ALL);
    expect(await shownIds(page)).toEqual([before, ...ids]);
    await expect(page.getByText(/Connection lost|Connecting|offline/)).toHaveCount(0);
    // Chromium's offline emulation closed the socket; back online, the token that expired
    // meanwhile was refreshed before the socket reconnected (not refused at its handshake).
    const after = line.requests.slice(from);
    expect(after).toContain('POST /api/refresh');
    expect(after.indexOf('POST /api/refresh')).toBeLessThan(after.indexOf('GET /socket.io/'));
  } finally {
    await dispose();
  }
});

test('web client: a tab thawed (Page Lifecycle `resume` on document) catches up', async ({
  browser,
}) => {
  const { url, line, dispose } = await sleepyServer();
  try {
    const page = await webPage(browser, line.url);
    const before = await aliceAndBob(page, url);
    const ids = await sleepThrough(line, url);
    await page.waitForTimeout(1500);
    await expect(shownTexts(page)).toHaveText(['before']);
    // What Chromium fires when it thaws a frozen tab; it cannot freeze one here (see above).
    await page.evaluate(() => document.dispatchEvent(new Event('resume')));
    await expect(shownTexts(page)).toHaveText(ALL);
    expect(await shownIds(page)).toEqual([before, ...ids]);
    expect(await page.evaluate(() => 'parley' in window)).toBe(false);
  } finally {
    await dispose();
  }
});
