import type { Page } from '@playwright/test';
import { expectAccessible } from './a11y';
import { expect, person, twoPeople, send, shownTexts, signUp, test } from './fixtures';

async function expectEachOnce(page: Page, texts: string[]) {
  for (const text of texts)
    await expect(shownTexts(page).filter({ hasText: new RegExp(`^${text}$`) })).toHaveCount(1);
}

/**
 * The button exists only between attempts; a single click can land while an attempt against the
 * stopped server is in flight, leaving the client on a back-off of up to 16 s. So press it
 * whenever it shows, until the banner is gone.
 */
async function reconnectNow(page: Page) {
  const button = page.getByRole('button', { name: 'Reconnect now' });
  await expect(async () => {
    if (await button.isVisible()) await button.click({ timeout: 1_000 }).catch(() => undefined);
    await expect(page.getByText(/Connection lost|Connecting/)).toHaveCount(0, { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
}

test('a server restart loses nothing: both reconnect, pending sends go out, nothing doubles', async ({
  browser,
  server,
}) => {
  const { alice, bob } = await twoPeople(browser, server.url);
  await send(alice, 'before restart');
  await expect(shownTexts(bob).filter({ hasText: 'before restart' })).toHaveCount(1);

  await server.stop();
  await expect(alice.getByText(/Connection lost\. Reconnecting in \d+ s/)).toBeVisible();
  await send(alice, 'sent while down');
  await expect(alice.locator('.message.pending', { hasText: 'sent while down' })).toContainText(
    'Sending…',
  );
  // Its row stays readable while it waits: the text keeps its contrast (it was dimmed to 3.2).
  await expectAccessible(alice, 'a message waiting to be sent', { include: '.message.pending' });
  await server.start();
  for (const page of [alice, bob]) await reconnectNow(page);
  await send(bob, 'after restart');
  for (const page of [alice, bob]) {
    await expectEachOnce(page, ['before restart', 'sent while down', 'after restart']);
    await expect(page.locator('.message.pending')).toHaveCount(0);
  }
});

test('a reader who was away catches up, and a reload keeps history and the kept session', async ({
  browser,
  server,
}) => {
  const alice = await person(browser, server.url);
  await signUp(alice, 'alice', 'Alice', { remember: true });
  const bob = await person(browser, server.url);
  await signUp(bob, 'bob', 'Bob');
  await send(bob, 'first');
  await expect(shownTexts(alice).filter({ hasText: 'first' })).toHaveCount(1);

  // alice closes her tab; bob goes on talking.
  const context = alice.context();
  await alice.close();
  for (const text of ['while away 1', 'while away 2', 'while away 3']) await send(bob, text);

  const again = await context.newPage();
  await again.goto(server.url);
  await expect(again.getByRole('heading', { name: '#general' })).toBeVisible();
  await expectEachOnce(again, ['first', 'while away 1', 'while away 2', 'while away 3']);
  await again.reload();
  await expect(again.getByRole('heading', { name: '#general' })).toBeVisible();
  await expectEachOnce(again, ['first', 'while away 3']);

  // Without "keep me signed in", a new tab asks to sign in again.
  const bobTab = await bob.context().newPage();
  await bobTab.goto(server.url);
  await expect(bobTab.getByRole('heading', { name: 'Sign in' })).toBeVisible();
});
