import type { Page } from '@playwright/test';
import sharp from 'sharp';
import { expectAccessible } from './a11y';
import { expect, send, test, twoPeople } from './fixtures';

/** Opens "Profile & account" from the sidebar. */
async function openSettings(page: Page) {
  await page.getByRole('button', { name: 'Profile & account' }).click();
  await expect(page.getByRole('dialog', { name: 'Profile & account' })).toBeVisible();
}

test('change your name and watch it change on another person’s screen', async ({
  browser,
  server,
}) => {
  const { alice, bob } = await twoPeople(browser, server.url);
  await send(alice, 'hello from alice');
  const bobsRow = bob.locator('article', { hasText: 'hello from alice' });
  await expect(bobsRow.locator('.author')).toHaveText('Alice');
  await bob.getByRole('button', { name: 'Members' }).click();
  const members = bob.locator('.members-list');
  await expect(members.getByRole('button', { name: 'Alice' })).toBeVisible();

  await openSettings(alice);
  const name = alice.getByLabel('Display name');
  await expect(name).toHaveValue('Alice');
  await name.fill('Alicia Keys');
  await alice.getByRole('button', { name: 'Save profile' }).click();
  await expect(alice.getByText('Profile saved.')).toBeVisible();

  // Bob's screen follows without a reload: the old message, the member list.
  await expect(bobsRow.locator('.author')).toHaveText('Alicia Keys');
  await expect(members.getByRole('button', { name: 'Alicia Keys' })).toBeVisible();
  await expect(members.getByRole('button', { name: 'Alice', exact: true })).toHaveCount(0);
  // Alice's own screen too: her row and the sidebar.
  await alice.getByRole('button', { name: 'Close', exact: true }).click();
  await expect(alice.locator('article .author')).toHaveText('Alicia Keys');
  await expect(alice.locator('.sidebar-me')).toContainText('Alicia Keys');
  // Initials follow the name: "AK".
  await expect(bobsRow.locator('.avatar-initials')).toHaveAttribute('data-initials', 'AK');
});

test('the profile card and the status, by keyboard alone; both audited light and dark', async ({
  browser,
  server,
}) => {
  const { alice, bob } = await twoPeople(browser, server.url);
  await send(bob, 'ping');

  // Alice sets a status by keyboard: the settings button, the emoji picker, the text, Enter.
  await alice.getByRole('button', { name: 'Profile & account' }).focus();
  await alice.keyboard.press('Enter');
  const dialog = alice.getByRole('dialog', { name: 'Profile & account' });
  await expect(dialog).toBeVisible();
  await expect(alice.getByRole('tab', { name: 'Profile' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await expectAccessible(alice, 'settings, profile tab', { include: '.modal' });
  const emoji = alice.getByRole('button', { name: 'Choose status emoji' });
  await emoji.focus();
  await alice.keyboard.press('Enter');
  await expect(alice.getByRole('searchbox', { name: 'Search emoji' })).toBeFocused();
  await alice.keyboard.type('palm tree');
  const results = alice.getByRole('grid', { name: 'Search results' });
  await expect(results.getByRole('button', { name: 'palm tree', exact: true })).toBeVisible();
  await alice.keyboard.press('ArrowDown');
  await alice.keyboard.press('Enter');
  await expect(alice.getByRole('button', { name: 'Status emoji: 🌴' })).toBeFocused();
  await alice.keyboard.press('Tab');
  await expect(alice.getByLabel('Status text')).toBeFocused();
  await alice.keyboard.type('On holiday');
  await alice.keyboard.press('Enter');
  await expect(alice.getByText('Profile saved.')).toBeVisible();

  // The Security tab, reached with the arrow keys, is audited too.
  await alice.getByRole('tab', { name: 'Profile' }).focus();
  await alice.keyboard.press('ArrowRight');
  await expect(alice.getByRole('tab', { name: 'Security' })).toBeFocused();
  await expect(alice.getByRole('heading', { name: 'Your sessions' })).toBeVisible();
  await expect(alice.getByText('This device')).toBeVisible();
  await expectAccessible(alice, 'settings, security tab', { include: '.modal' });
  await alice.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);

  // Bob opens Alice's card by keyboard from her name in the member list, sees her status.
  await bob.getByRole('button', { name: 'Members' }).click();
  const name = bob.locator('.members-list').getByRole('button', { name: 'Alice' });
  await name.focus();
  await bob.keyboard.press('Enter');
  const card = bob.getByRole('dialog', { name: 'Alice' });
  await expect(card).toBeVisible();
  await expect(card).toContainText('@alice');
  await expect(card).toContainText('On holiday');
  await expect(card).toContainText('🌴');
  await expect(card).toContainText('Owner');
  await expectAccessible(bob, 'profile card', { include: '.profile-card' });
  await bob.keyboard.press('Escape');
  await expect(card).toHaveCount(0);
  await expect(name).toBeFocused();

  // From a message row: "Message" opens the direct conversation with her.
  await send(alice, 'hello bob');
  const author = bob.locator('article', { hasText: 'hello bob' }).getByRole('button', {
    name: 'Alice',
  });
  await author.focus();
  await bob.keyboard.press('Enter');
  await bob.getByRole('dialog', { name: 'Alice' }).getByRole('button', { name: 'Message' }).click();
  await expect(bob.getByRole('heading', { level: 1, name: /Alice/ })).toBeVisible();
  await expect(bob.getByRole('dialog', { name: 'Alice' })).toHaveCount(0);
});

test('a picture replaces the initials everywhere, live; a non-image is refused with the reason', async ({
  browser,
  server,
}) => {
  const { alice, bob } = await twoPeople(browser, server.url);
  await send(alice, 'look at me');
  const bobsRow = bob.locator('article', { hasText: 'look at me' });
  await expect(bobsRow.locator('.avatar-initials')).toHaveAttribute('data-initials', 'A');

  await openSettings(alice);
  const choose = async (file: { name: string; mimeType: string; buffer: Buffer }) => {
    const chooser = alice.waitForEvent('filechooser');
    await alice.getByRole('button', { name: 'Upload picture' }).click();
    await (await chooser).setFiles(file);
  };
  await choose({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a picture') });
  await expect(alice.locator('.avatar-picker').getByRole('alert')).toHaveText(
    'Not a PNG, JPEG, GIF or WebP image.',
  );

  const png = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#3a7' } })
    .png()
    .toBuffer();
  await choose({ name: 'me.png', mimeType: 'image/png', buffer: png });
  await expect(alice.getByText('Picture updated.')).toBeVisible();
  await expect(alice.locator('.avatar-picker').getByRole('alert')).toHaveCount(0);

  // Bob's screen shows it without a reload, fetched into a blob: URL (the CSP allows no other).
  const image = bobsRow.locator('img.avatar');
  await expect(image).toHaveAttribute('src', /^blob:/);
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(256);
  await expect(bobsRow.locator('.avatar-initials')).toHaveCount(0);

  await alice.getByRole('button', { name: 'Remove picture' }).click();
  await expect(alice.getByText('Picture removed.')).toBeVisible();
  await expect(bobsRow.locator('.avatar-initials')).toHaveAttribute('data-initials', 'A');
});
