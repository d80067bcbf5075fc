import type { Page } from '@playwright/test';
import { bridgeFire, installBridge } from './desktop-bridge';
import { expect, test } from './fixtures';
import { ASLEEP_MS, bobSends, registerBob, sleepyServer } from './sleep-helpers';

/**
 * One wake, every server: the desktop app with two saved servers, each a real server (access
 * tokens of 5 s) behind its own SleepLine. Both lines sleep longer than a token lives while bob
 * writes on both; the wake comes before the network is back (Wi-Fi, DHCP or a VPN still coming
 * up), so each session's first refresh fails and must be tried again. See sleep-resume.spec.ts.
 */

/** The slot of the server in view. */
const shown = (page: Page) => page.locator('.server-slot:not([hidden])');

/** alice signs in to the server in view (both sessions' forms are in the page: stay in the slot). */
async function signIn(page: Page) {
  await shown(page).getByLabel('Username').fill('alice');
  await shown(page).getByLabel('Password').fill('correct horse');
  await shown(page).getByLabel('Password').press('Enter');
  await expect(shown(page).getByRole('heading', { name: '#general' })).toBeVisible();
}

/** The server's ids of the messages the server in view shows, in order. */
const shownIds = (page: Page) =>
  shown(page)
    .locator('.message-row article[data-message-id]')
    .evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-message-id'))));

test('desktop, two servers: one wake, with the network back a little later, catches both up', async ({
  browser,
}) => {
  const one = await sleepyServer();
  // The page comes from the first server's line: the second must trust that origin.
  const two = await sleepyServer({ trustedOrigins: [one.line.url] });
  try {
    for (const { url } of [one, two]) {
      await registerBob(url, 'alice'); // the owner
      await registerBob(url);
    }
    const page = await (await browser.newContext()).newPage();
    await installBridge(page, {
      keepTokens: true,
      servers: [
        { name: 'One', url: one.line.url },
        { name: 'Two', url: two.line.url },
      ],
    });
    await page.goto(one.line.url);
    await signIn(page);
    await page.getByRole('button', { name: 'Two', exact: true }).click();
    await expect(shown(page).getByText(two.line.url)).toBeVisible();
    await signIn(page);

    const before = {
      one: await bobSends(one.url, ['before']),
      two: await bobSends(two.url, ['before']),
    };
    await expect(shown(page).locator('.message-row .message-text')).toHaveText(['before']);
    await page.waitForTimeout(2500); // past the keeper's "just connected" window

    one.line.sleep();
    two.line.sleep();
    const early = {
      one: await bobSends(one.url, ['asleep 1']),
      two: await bobSends(two.url, ['asleep 1']),
    };
    await page.waitForTimeout(ASLEEP_MS);
    const late = {
      one: await bobSends(one.url, ['asleep 2']),
      two: await bobSends(two.url, ['asleep 2']),
    };
    await bridgeFire(page, 'wake', 'resume');
    await page.waitForTimeout(300);
    one.line.wake();
    two.line.wake();

    const all = ['before', 'asleep 1', 'asleep 2'];
    const texts = () => shown(page).locator('.message-row .message-text');
    // Chromium sends a session's first refresh on a kept-alive connection that died in the
    // sleep, and only the request's 10 s timeout ends it; the retry then goes through.
    await expect(texts()).toHaveText(all, { timeout: 25_000 });
    expect(await shownIds(page)).toEqual([...before.two, ...early.two, ...late.two]);
    await page.getByRole('button', { name: 'One', exact: true }).click();
    await expect(shown(page).getByRole('heading', { name: '#general' })).toBeVisible();
    await expect(texts()).toHaveText(all);
    expect(await shownIds(page)).toEqual([...before.one, ...early.one, ...late.one]);
    await expect(page.getByText(/Connection lost|Connecting|Reconnecting|offline/)).toHaveCount(0);
  } finally {
    await one.dispose();
    await two.dispose();
  }
});
