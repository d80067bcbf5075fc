import type { Page } from '@playwright/test';
import { expect, person, signUp, test } from './fixtures';
import { firedSince, installTimerCensus, setHidden } from './timer-census';

const composer = (page: Page) => page.getByRole('textbox', { name: /^Message / });

/**
 * Issue 17, idle CPU: a hidden window runs no timers. Every timer callback that runs in alice's
 * page is counted (timer-census.ts); after the typing indicator and the connection banner have
 * both been in use, the page is hidden for 10 s and nothing may run. Shown again, it catches up
 * at once: the typing indicator that expired meanwhile is gone.
 */
test('a hidden window runs no timers, and catches up when shown', async ({ browser, server }) => {
  test.setTimeout(120_000);
  const context = await browser.newContext();
  const alice = await context.newPage();
  await installTimerCensus(alice);
  await alice.goto(server.url);
  await signUp(alice, 'alice', 'Alice');
  const bob = await person(browser, server.url);
  await signUp(bob, 'bob', 'Bob');

  // The connection banner counts down while the server is away, and goes once it is back.
  await server.stop();
  await expect(alice.getByText(/^Connection lost\. Reconnecting in \d+ s…$/)).toBeVisible();
  await server.start();
  for (const page of [alice, bob])
    await expect(page.getByText(/Connection lost|Connecting/)).toHaveCount(0, { timeout: 40_000 });

  // Bob starts typing and stays quiet: his indicator would expire 6 s later.
  await composer(bob).fill('half a thought');
  const typing = alice.getByText('Bob is typing…');
  await expect(typing).toBeVisible();

  await setHidden(alice, true);
  await alice.waitForTimeout(10_000);
  expect(await firedSince(alice), 'timer callbacks that ran while hidden').toEqual([]);
  // The expiry waited for the window to be shown...
  await expect(typing).toBeVisible();
  // ...and is met at once when it is: not 6 s later, as a timer armed afresh would.
  await setHidden(alice, false);
  await expect(typing).toHaveCount(0, { timeout: 2000 });

  // Hidden while the server is away: the banner's countdown does not tick (nobody sees it), but
  // the reconnect attempts go on, so a window hidden in the tray comes back online by itself
  // and its notifications keep coming.
  await setHidden(alice, true);
  await server.stop();
  await expect(alice.getByText(/^Connection lost\./)).toBeVisible();
  await alice.waitForTimeout(3000);
  await server.start();
  // The next attempt comes by the back-off (at most 16 s by then); nobody presses anything.
  await expect(alice.getByText(/Connection lost|Connecting/)).toHaveCount(0, { timeout: 40_000 });
  const fired = await firedSince(alice);
  expect(fired.filter((f) => f.kind !== 'timeout')).toEqual([]);
  expect(fired.filter((f) => f.ms >= 800).length).toBeGreaterThan(0);

  // Back online and idle, still hidden: nothing runs again.
  await setHidden(alice, true);
  await alice.waitForTimeout(5000);
  expect(await firedSince(alice), 'timer callbacks that ran while hidden').toEqual([]);
  await setHidden(alice, false);
  await expect(alice.getByRole('heading', { name: '#general' })).toBeVisible();
});
