import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expectAccessible } from './a11y';
import { expect, screenshotPath, send, test, twoPeople } from './fixtures';

/**
 * What people do to messages already sent, in two browsers: alice edits with the up-arrow and
 * deletes, bob reacts through the picker and takes it back, alice answers bob and follows the
 * quote back to what she answered. Each change is checked on the other person's screen.
 */

const composer = (page: Page) => page.getByRole('textbox', { name: /^Message / });
/** The stored message (article) whose own text shows `text` (not a reply quoting it). */
const message = (page: Page, text: string) =>
  page
    .locator('.message:not(.pending)')
    .filter({ has: page.locator('.message-text', { hasText: text }) });
/** A message's action, through its toolbar (hover shows it; the keyboard reaches it too). */
async function act(page: Page, text: string, action: string) {
  const row = message(page, text);
  await row.hover();
  await row
    .getByRole('toolbar', { name: 'Message actions' })
    .getByRole('button', { name: action, exact: true })
    .click();
}

test('edit with the up-arrow and delete: the other person sees "(edited)" and the tombstone', async ({
  browser,
  server,
}) => {
  const { alice, bob } = await twoPeople(browser, server.url);
  await send(alice, 'See you at the meeting on Tusday');
  await expect(message(bob, 'on Tusday')).toBeVisible();

  // The up-arrow in the empty composer opens her last message for editing, focused.
  await composer(alice).press('ArrowUp');
  const editor = alice.getByRole('textbox', { name: 'Edit message' });
  await expect(editor).toBeFocused();
  await expect(editor).toHaveValue('See you at the meeting on Tusday');
  await editor.fill('See you at the meeting on Tuesday');
  await editor.press('Enter');
  await expect(editor).toHaveCount(0);
  await expect(composer(alice)).toBeFocused();
  const edited = message(bob, 'on Tuesday');
  await expect(edited.locator('.edited')).toHaveText(/\(edited\)/);
  await expect(edited.locator('.edited')).toHaveAttribute('title', /^Edited /);
  await expect(bob.locator('.message-rows').getByText('on Tusday')).toHaveCount(0);

  // Escape leaves an edit without saving it.
  await composer(alice).press('ArrowUp');
  await editor.fill('Never mind');
  await editor.press('Escape');
  await expect(editor).toHaveCount(0);
  await expect(message(alice, 'on Tuesday')).toBeVisible();

  // Delete, confirmed in a dialog; the keyboard reaches the toolbar too (Tab from the list).
  await send(alice, 'A message to take back');
  await expect(message(bob, 'A message to take back')).toBeVisible();
  const toolbar = message(alice, 'A message to take back').getByRole('toolbar', {
    name: 'Message actions',
  });
  await expect(toolbar).toHaveCSS('opacity', '0');
  await composer(alice).focus();
  await alice.keyboard.press('Shift+Tab');
  await expect(toolbar.getByRole('button', { name: 'Add reaction' })).toBeFocused();
  await expect(toolbar).toHaveCSS('opacity', '1');
  await alice.keyboard.press('End');
  await expect(toolbar.getByRole('button', { name: 'Delete' })).toBeFocused();
  await alice.keyboard.press('Enter');
  const dialog = alice.getByRole('dialog', { name: 'Delete message?' });
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await expectAccessible(alice, 'delete confirmation', { include: '.modal' });
  await dialog.getByRole('button', { name: 'Delete' }).click();
  await expect(dialog).toHaveCount(0);
  for (const page of [alice, bob]) {
    await expect(page.locator('.message-rows').getByText('A message to take back')).toHaveCount(0);
    const tombstone = page.locator('.message.deleted');
    await expect(tombstone).toHaveCount(1);
    await expect(tombstone.locator('.message-deleted')).toHaveText('message deleted');
    await tombstone.hover();
    await expect(tombstone.getByRole('toolbar')).toHaveCount(0);
  }
  // The up-arrow now skips the tombstone: it edits the message before it.
  await composer(alice).press('ArrowUp');
  await expect(editor).toHaveValue('See you at the meeting on Tuesday');
  await editor.press('Escape');
  await expectAccessible(bob, 'an edited message and a tombstone', { include: '.message-area' });
});

test('react through the picker, see who reacted, and un-react', async ({ browser, server }) => {
  const { alice, bob } = await twoPeople(browser, server.url);
  await send(bob, 'Lunch at noon?');
  await expect(message(alice, 'Lunch at noon?')).toBeVisible();

  // bob reacts through the picker, opened from the toolbar.
  await act(bob, 'Lunch at noon?', 'Add reaction');
  const picker = bob.getByRole('dialog', { name: 'Add reaction' });
  await expect(picker.getByRole('searchbox', { name: 'Search emoji' })).toBeFocused();
  await expect(picker.getByRole('grid').first()).toBeVisible();
  await expectAccessible(bob, 'emoji picker open on a message', { include: '.reaction-popover' });
  await picker.getByRole('searchbox', { name: 'Search emoji' }).fill('thumbs');
  await picker.getByRole('button', { name: 'thumbs up', exact: true }).click();
  await expect(picker).toHaveCount(0);
  const bobsPill = message(bob, 'Lunch at noon?').getByRole('button', { name: '👍 1' });
  await expect(bobsPill).toHaveAttribute('aria-pressed', 'true');

  // alice sees the count, not pressed, and who reacted (the pill's description and tooltip).
  const pill = message(alice, 'Lunch at noon?').getByRole('button', { name: '👍 1' });
  await expect(pill).toHaveAttribute('aria-pressed', 'false');
  await expect(pill).toHaveAccessibleDescription('Bob reacted with 👍');
  // She adds one of her own from the "add reaction" pill beside the others.
  await message(alice, 'Lunch at noon?')
    .getByRole('group', { name: 'Reactions' })
    .getByRole('button', { name: 'Add reaction' })
    .click();
  await alice.getByRole('searchbox', { name: 'Search emoji' }).fill('party popper');
  await alice.getByRole('button', { name: 'party popper', exact: true }).click();
  await expect(message(bob, 'Lunch at noon?').getByRole('button', { name: '🎉 1' })).toBeVisible();
  await pill.hover();
  await expect(alice.getByRole('tooltip')).toHaveText('Bob reacted with 👍');
  await alice.screenshot({ path: screenshotPath('reactions') });
  await alice.emulateMedia({ colorScheme: 'dark' });
  await alice.screenshot({ path: screenshotPath('reactions-dark') });
  await alice.emulateMedia({ colorScheme: 'light' });
  await expectAccessible(alice, 'messages with reactions', { include: '.message-area' });

  // bob takes his back: it is gone on both screens, alice's stays.
  await bobsPill.click();
  for (const page of [alice, bob]) {
    const reactions = message(page, 'Lunch at noon?').getByRole('group', { name: 'Reactions' });
    await expect(reactions.getByRole('button', { name: /^👍/ })).toHaveCount(0);
    await expect(reactions.getByRole('button', { name: '🎉 1' })).toBeVisible();
  }
});

test('reply: the quote shows, and jumps to the original, loading older history for it', async ({
  browser,
  server,
}) => {
  const { alice, bob } = await twoPeople(browser, server.url);
  await send(bob, 'Lunch at noon?');
  await expect(message(alice, 'Lunch at noon?')).toBeVisible();
  // 200 messages after it, written straight into the database (alice's screen does not hear of
  // them): once bob reloads, the original is two pages back from what he has loaded.
  const db = new Database(join(server.dataDir, 'parley.db'));
  const insert = db.prepare(
    'INSERT INTO messages (room_id, author_id, text, client_id, created_at) VALUES (1, 2, ?, ?, ?)',
  );
  db.transaction(() => {
    for (let i = 1; i <= 200; i++) insert.run(`Filler ${i}`, `filler-${i}`, Date.now());
    db.prepare(
      'UPDATE rooms SET last_message_id = (SELECT MAX(id) FROM messages) WHERE id = 1',
    ).run();
  })();
  db.close();

  await act(alice, 'Lunch at noon?', 'Reply');
  await expect(composer(alice)).toBeFocused();
  await send(alice, 'Yes, noon it is');
  await expect(message(alice, 'Yes, noon it is').locator('.quote')).toContainText('Lunch at noon?');

  await bob.reload();
  const quote = message(bob, 'Yes, noon it is').getByRole('button', {
    name: 'Reply to Bob: Lunch at noon?',
  });
  await expect(quote).toBeVisible();
  await expect(
    bob.locator('.message-rows .message-text', { hasText: 'Lunch at noon?' }),
  ).toHaveCount(0);
  await quote.click();
  const original = message(bob, 'Lunch at noon?');
  // The highlight first: it lasts 2 s.
  await expect(original).toHaveClass(/highlighted/);
  await expect(original).toBeInViewport();
  await expect(original).toBeFocused();
});
