import type { Page } from '@playwright/test';
import { expectAccessible } from './a11y';
import { bridgeCalls, installBridge } from './desktop-bridge';
import {
  createRoom,
  expect,
  person,
  screenshotPath,
  send,
  signUp,
  test,
  twoPeople,
} from './fixtures';

/**
 * Badges, notification levels and read state as a person sees them: the sidebar's unread counts
 * and red mention badges, muting a room, a read on one tab clearing the other, the counts after a
 * fresh sign-in, and the desktop badge (mentions and direct messages only).
 */

// Two or three people, several rooms and axe audits in both themes: slow on a busy machine.
test.describe.configure({ timeout: 120_000 });

/** A room's button in the sidebar, by its title (its accessible name adds what its badges say). */
function roomButton(page: Page, title: string) {
  const escaped = title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return page
    .getByRole('navigation', { name: 'Rooms' })
    .getByRole('button', { name: new RegExp(`^${escaped}(,|$)`) });
}

async function openRoom(page: Page, title: string) {
  await roomButton(page, title).click();
  await expect(page.getByRole('heading', { name: title, exact: true })).toBeVisible();
}

async function signIn(page: Page, username: string) {
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill('correct horse');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: '#general', exact: true })).toBeVisible();
}

/** Opens the direct conversation with `username` (shown as `name`) and writes there. */
async function writeTo(page: Page, username: string, name: string, text: string) {
  await page.getByRole('button', { name: 'New message' }).click();
  await page.getByLabel('Username').fill(username);
  await page.getByRole('button', { name: 'Open conversation' }).click();
  // The composer of the room left behind must not get the text.
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(`^${name}`) })).toBeVisible();
  await send(page, text);
  await expect(page.locator('.message-text', { hasText: text })).toBeVisible();
}

test('a mention of bob shows a red mention badge on the room, apart from its unread count', async ({
  browser,
  server,
}) => {
  const { alice, bob } = await twoPeople(browser, server.url);
  await createRoom(bob, 'side');
  await send(alice, 'just chatting');
  await send(alice, '@bob hi');

  const general = roomButton(bob, '#general');
  await expect(general).toHaveAccessibleName('#general, 2 unread, 1 mention');
  await expect(general.locator('.room-unread')).toHaveText('2');
  await expect(general.locator('.room-mentions')).toHaveText('@1');
  await expect(general.locator('.room-name')).toHaveCSS('font-weight', '700');
  await expect(bob).toHaveTitle(/^\(2\) Parley/);
  await bob.screenshot({ path: screenshotPath('mention-badge') });
  await expectAccessible(bob, 'sidebar with unread and mention badges', { include: '.sidebar' });

  // Opening the room reads it: both badges go, and the title count with them.
  await general.click();
  await expect(general).toHaveAccessibleName('#general');
  await expect(general.locator('.room-badges > *')).toHaveCount(0);
  await expect(bob).toHaveTitle(/^Parley/);
});

test('reading a room on one tab clears its badge on the other tab, without a reload', async ({
  browser,
  server,
}) => {
  const { alice, bob } = await twoPeople(browser, server.url);
  await createRoom(bob, 'side');
  const tab2 = await bob.context().newPage();
  await tab2.goto(server.url);
  await signIn(tab2, 'bob');
  await openRoom(tab2, '#side');

  await send(alice, 'first');
  await send(alice, '@bob second');
  for (const tab of [bob, tab2])
    await expect(roomButton(tab, '#general')).toHaveAccessibleName('#general, 2 unread, 1 mention');

  await openRoom(bob, '#general');
  await expect(roomButton(bob, '#general')).toHaveAccessibleName('#general');
  await expect(roomButton(tab2, '#general')).toHaveAccessibleName('#general', { timeout: 5_000 });
  await expect(tab2).toHaveTitle(/^Parley/);
});

test('a muted room shows no unread count but does show mentions; the level survives a reload', async ({
  browser,
  server,
}) => {
  const alice = await person(browser, server.url);
  await signUp(alice, 'alice', 'Alice');
  const bob = await person(browser, server.url);
  await signUp(bob, 'bob', 'Bob', { remember: true });

  const button = bob.getByRole('button', { name: 'Notifications' });
  await button.click();
  const dialog = bob.getByRole('dialog', { name: 'Notifications for #general' });
  // Rooms start at "Mentions only"; focus starts on the level in force.
  await expect(dialog.getByLabel('Mentions only')).toBeChecked();
  await expect(dialog.getByLabel('Mentions only')).toBeFocused();
  await bob.keyboard.press('ArrowDown'); // arrow keys move through the levels, and choose
  await expect(dialog.getByLabel('Nothing (mute)')).toBeChecked();
  await expect(roomButton(bob, '#general')).toHaveAccessibleName('#general, muted');
  await expectAccessible(bob, 'notification level dialog');
  await bob.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(bob.getByRole('button', { name: 'Notifications (muted)' })).toBeFocused();

  await createRoom(bob, 'side');
  await send(alice, 'not for bob');
  await send(alice, 'nor this');
  await send(alice, '@bob but this is');
  const general = roomButton(bob, '#general');
  // The exact name says it all: muted, one mention, and no unread count.
  await expect(general).toHaveAccessibleName('#general, muted, 1 mention');
  await expect(general.locator('.room-unread')).toHaveCount(0);
  await expect(general.locator('.room-mentions')).toHaveText('@1');
  // The title counts the muted room's mention, not its three unread messages.
  await expect(bob).toHaveTitle(/^\(1\) Parley/);
  await expectAccessible(bob, 'sidebar with a muted room and a mention', { include: '.sidebar' });

  // The level is the server's: after a reload it is still muted.
  await bob.reload();
  await expect(bob.getByRole('heading', { name: '#general', exact: true })).toBeVisible();
  await expect(roomButton(bob, '#general')).toHaveAccessibleName('#general, muted');
  await bob.getByRole('button', { name: 'Notifications (muted)' }).click();
  await expect(bob.getByRole('dialog').getByLabel('Nothing (mute)')).toBeChecked();
});

test('a fresh sign-in shows the unread and mention counts of rooms not opened yet', async ({
  browser,
  server,
}) => {
  const { alice, bob } = await twoPeople(browser, server.url);
  await createRoom(alice, 'side');
  await bob.getByRole('button', { name: 'Browse rooms' }).click();
  await bob.getByRole('button', { name: 'Join #side' }).click();
  await expect(bob.getByRole('heading', { name: '#side', exact: true })).toBeVisible();
  await openRoom(bob, '#general');
  await bob.context().close();

  await send(alice, 'one');
  await send(alice, 'two');
  await send(alice, '@bob three');
  await writeTo(alice, 'bob', 'Bob', 'psst');

  const fresh = await person(browser, server.url);
  await signIn(fresh, 'bob');
  await expect(roomButton(fresh, '#side')).toHaveAccessibleName('#side, 3 unread, 1 mention');
  await expect(roomButton(fresh, 'Alice')).toHaveAccessibleName('Alice, 1 unread');
  await expect(fresh).toHaveTitle(/^\(4\) Parley/);
});

test('the desktop badge counts mentions and direct messages, not ordinary room messages', async ({
  browser,
  server,
}) => {
  const page = await (await browser.newContext()).newPage();
  await installBridge(page, { keepTokens: false, servers: [{ name: 'E2E', url: server.url }] });
  await page.goto(server.url);
  await signUp(page, 'bob', 'Bob');
  await createRoom(page, 'side');
  const alice = await person(browser, server.url);
  await signUp(alice, 'alice', 'Alice');
  const badge = async () => (await bridgeCalls(page, 'setUnreadCount')).at(-1);
  const rail = page.getByRole('navigation', { name: 'Servers' }).getByRole('button', {
    name: /^E2E/,
  });

  await send(alice, 'ordinary');
  await send(alice, 'also ordinary');
  await expect(roomButton(page, '#general')).toHaveAccessibleName('#general, 2 unread');
  expect((await bridgeCalls(page, 'setUnreadCount')).filter((count) => count !== 0)).toEqual([]);
  await expect(rail).toHaveAccessibleName('E2E');

  await send(alice, '@bob a mention');
  await expect.poll(badge).toBe(1);
  await expect(rail).toHaveAccessibleName('E2E, 1 mention or direct message');
  await writeTo(alice, 'bob', 'Bob', 'a direct message');
  await expect.poll(badge).toBe(2);
  await expect(rail).toHaveAccessibleName('E2E, 2 mentions or direct messages');
  await expect(rail.locator('.rail-unread')).toHaveText('2');
  // The memory-only banner (no keychain in this stand-in) is the desktop shell's, audited there.
  await expectAccessible(page, 'desktop rail and sidebar with badges', { exclude: ['.banner'] });

  // Reading the room takes its mention off the badge; the direct message still counts.
  await openRoom(page, '#general');
  await expect.poll(badge).toBe(1);
  await expect(rail).toHaveAccessibleName('E2E, 1 mention or direct message');
});
