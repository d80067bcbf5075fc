import type { Page } from '@playwright/test';
import { CliServer } from '../cli-server';
import { installBridge } from './desktop-bridge';
import { expect, person, signUp, test } from './fixtures';
import { firedSince, installTimerCensus, setHidden } from './timer-census';

const composer = (page: Page) => page.getByRole('textbox', { name: /^Message / });

/** alice, the owner, made over HTTP: her refresh token is what main's vault would keep. */
async function ownerToken(url: string): Promise<string> {
  const answer = await fetch(`${url}/api/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'alice', password: 'correct horse' }),
  });
  expect(answer.status).toBe(201);
  return ((await answer.json()) as { refreshToken: string }).refreshToken;
}

/**
 * Issue 17, idle CPU, the desktop case: the app (stand-in bridge) with two saved servers, both
 * signed in, so two sessions are mounted, the one not in view hidden in its slot. The window is
 * hidden, as in the tray, with a typing indicator due to expire in each session: for 10 s no
 * timer callback may run in the page (timer-census.ts counts them; see hidden-idle.spec.ts for
 * the web client). Shown again, both expiries are met at once, not 6 s later.
 */
test('desktop, two servers signed in: a hidden window runs no timers in either session', async ({
  browser,
  server,
}) => {
  test.setTimeout(120_000);
  const second = new CliServer(['--name', 'Second', '--allow-origin', server.url]);
  await second.start();
  try {
    const urls = [server.url, second.url];
    const tokens: Record<string, string> = {};
    for (const url of urls) tokens[url] = await ownerToken(url);

    const alice = await (await browser.newContext()).newPage();
    alice.on('pageerror', (error) => console.error(`page error: ${error.message}`));
    await installTimerCensus(alice);
    await installBridge(alice, {
      keepTokens: true,
      servers: [
        { name: 'One', url: server.url },
        { name: 'Two', url: second.url },
      ],
      tokens,
    });
    await alice.goto(server.url);
    // Signed in on both from the kept tokens: two chat screens mounted, one in view.
    await expect(alice.locator('.server-slot .composer textarea')).toHaveCount(2);
    const shown = alice.locator('.server-slot:not([hidden])');
    await expect(shown.getByRole('heading', { name: '#general' })).toBeVisible();

    // Bob starts typing on each server and stays quiet: each indicator would expire 6 s later.
    // Both sign up first and type back to back, so that neither expiry comes due (6 s) while
    // the other signs up on a slow machine, before the window is hidden.
    const bobs = [];
    for (const url of urls) {
      const bob = await person(browser, url);
      await signUp(bob, 'bob', 'Bob');
      bobs.push(bob);
    }
    for (const bob of bobs) await composer(bob).fill('half a thought');
    const typing = alice.getByText('Bob is typing…');
    await expect(typing).toHaveCount(2);
    await expect(shown.getByText('Bob is typing…')).toBeVisible();

    await setHidden(alice, true);
    await alice.waitForTimeout(10_000);
    expect(await firedSince(alice), 'timer callbacks that ran while hidden').toEqual([]);
    // Both expiries waited for the window to be shown...
    await expect(typing).toHaveCount(2);
    // ...and are met at once when it is, in the session in view and the one behind it.
    await setHidden(alice, false);
    await expect(typing).toHaveCount(0, { timeout: 2000 });
    await alice.getByRole('button', { name: 'Two', exact: true }).click();
    // The second server's name heads the rooms of the slot now in view.
    const rooms = shown.getByRole('navigation', { name: 'Rooms' });
    await expect(rooms.getByText('Second', { exact: true })).toBeVisible();
    await expect(shown.getByRole('heading', { name: '#general' })).toBeVisible();

    // Idle and hidden again, with nothing due: still nothing runs.
    await setHidden(alice, true);
    await alice.waitForTimeout(5000);
    expect(await firedSince(alice), 'timer callbacks that ran while hidden').toEqual([]);
  } finally {
    await second.dispose();
  }
});
