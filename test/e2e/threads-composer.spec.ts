import type { Page } from '@playwright/test';
import { expectAccessible } from './a11y';
import {
  createRoom,
  expect,
  person,
  screenshotPath,
  send,
  shownTexts,
  signUp,
  test,
  twoPeople,
} from './fixtures';

/**
 * The composer and the thread panel as people use them: threads with replies that also go to
 * the room, drafts that outlive room switches and reloads, `@` completion, and replies.
 */

const composer = (page: Page) => page.getByRole('textbox', { name: /^Message / });
const threadPanel = (page: Page) => page.getByRole('complementary', { name: 'Thread' });
const roomMessage = (page: Page, text: string) =>
  page.locator('.message-row .message', { hasText: text });

async function openRoom(page: Page, title: string) {
  await page
    .getByRole('navigation', { name: 'Rooms' })
    .getByRole('button', { name: title })
    .click();
  await expect(page.getByRole('heading', { name: title, exact: true })).toBeVisible();
}

test('a thread: bob sees the reply count live, answers also to the room, alice sees it in both', async ({
  browser,
  server,
}) => {
  const { alice, bob } = await twoPeople(browser, server.url);
  await send(alice, 'Lunch plans for Friday?');
  const root = roomMessage(alice, 'Lunch plans for Friday?');
  await root.hover();
  const startThread = root.getByRole('button', { name: 'Reply in thread' });
  await startThread.click();

  const panel = threadPanel(alice);
  await expect(panel.getByRole('heading', { name: 'Thread' })).toBeVisible();
  const aliceReply = panel.getByRole('textbox', { name: 'Reply in thread' });
  await expect(aliceReply).toBeFocused();
  await aliceReply.fill('Pizza at noon, I thought');
  await aliceReply.press('Enter');
  await expect(panel.locator('.thread-replies .message-text')).toHaveText([
    'Pizza at noon, I thought',
  ]);
  await expect(aliceReply).toHaveValue('');

  // Bob sees the count arrive on the root, live, and the reply stays out of the room.
  const bobRoot = roomMessage(bob, 'Lunch plans for Friday?');
  const count = bobRoot.getByRole('button', { name: /^1 reply/ });
  await expect(count).toBeVisible();
  await expect(shownTexts(bob)).toHaveText(['Lunch plans for Friday?']);
  await count.click();
  const bobPanel = threadPanel(bob);
  await expect(bobPanel.locator('.thread-root .message-text')).toHaveText(
    'Lunch plans for Friday?',
  );
  await expect(bobPanel.locator('.thread-replies .message-text')).toHaveText([
    'Pizza at noon, I thought',
  ]);
  await bobPanel.getByLabel('Also send to #general').check();
  const bobReply = bobPanel.getByRole('textbox', { name: 'Reply in thread' });
  await bobReply.fill('Count me in');
  await bobReply.press('Enter');
  await expect(bobPanel.getByLabel('Also send to #general')).not.toBeChecked();

  // Alice: in the thread, and in the room (the thread-only reply is not in the room).
  await expect(panel.locator('.thread-replies .message-text')).toHaveText([
    'Pizza at noon, I thought',
    'Count me in',
  ]);
  await expect(shownTexts(alice)).toHaveText(['Lunch plans for Friday?', 'Count me in']);
  await expect(root.getByRole('button', { name: /^2 replies/ })).toBeVisible();
  await alice.screenshot({ path: screenshotPath('thread') });
  await expectAccessible(alice, 'the open thread panel');

  // Escape closes the panel, and the focus goes back to the button that opened it.
  await aliceReply.focus();
  await alice.keyboard.press('Escape');
  await expect(panel).toHaveCount(0);
  await expect(composer(alice)).toBeVisible();
  await expect(alice.locator(':focus')).toHaveAccessibleName(/Reply in thread|^Message /);
  // The close button does the same.
  await bobPanel.getByRole('button', { name: 'Close thread' }).click();
  await expect(bobPanel).toHaveCount(0);
  await expect(bob.getByRole('button', { name: /^2 replies/ })).toBeFocused();
});

test('drafts stay with their room across room switches and a reload, and go once sent', async ({
  browser,
  server,
}) => {
  const { alice } = await twoPeople(browser, server.url);
  await createRoom(alice, 'side');
  await composer(alice).fill('a thought for #side');
  await openRoom(alice, '#general');
  await expect(composer(alice)).toHaveValue('');
  await composer(alice).fill('half a sentence\nfor #general');
  await openRoom(alice, '#side');
  await expect(composer(alice)).toHaveValue('a thought for #side');

  await alice.reload();
  await expect(alice.getByRole('heading', { name: '#general', exact: true })).toBeVisible();
  await expect(composer(alice)).toHaveValue('half a sentence\nfor #general');
  await openRoom(alice, '#side');
  await expect(composer(alice)).toHaveValue('a thought for #side');
  await openRoom(alice, '#general');

  await composer(alice).press('Enter');
  await expect(shownTexts(alice).last()).toHaveText('half a sentence\nfor #general');
  await expect(composer(alice)).toHaveValue('');
  await alice.reload();
  await expect(alice.getByRole('heading', { name: '#general', exact: true })).toBeVisible();
  await expect(composer(alice)).toHaveValue('');
});

test('@ completes bob from the room, and his row shows the mention', async ({
  browser,
  server,
}) => {
  const { alice, bob } = await twoPeople(browser, server.url);
  // Carol joined and went away without a word: only the room's member list knows her.
  const carol = await person(browser, server.url);
  await signUp(carol, 'carol', 'Carol');
  await carol.context().close();
  const box = composer(alice);
  await box.pressSequentially('@car');
  const list = alice.getByRole('listbox', { name: 'People to mention' });
  await expect(list.getByRole('option')).toHaveText([/Carol\s+@carol/]);
  await box.press('Tab');
  await expect(box).toHaveValue('@carol ');
  await box.fill('');

  await box.pressSequentially('lunch? @b');
  await expect(list).toBeVisible();
  await expect(list.getByRole('option')).toHaveText([/Bob\s+@bob/]);
  await expect(box).toHaveAttribute('aria-controls', (await list.getAttribute('id')) ?? '');
  const first = list.getByRole('option').first();
  await expect(box).toHaveAttribute(
    'aria-activedescendant',
    (await first.getAttribute('id')) ?? '',
  );
  await expect(first).toHaveAttribute('aria-selected', 'true');
  await expectAccessible(alice, 'the open mention list');

  // Escape closes the list and keeps the text; typing on opens it again.
  await box.press('Escape');
  await expect(list).toHaveCount(0);
  await expect(box).toHaveValue('lunch? @b');
  await box.press('o');
  await expect(list).toBeVisible();
  await box.press('Enter');
  await expect(list).toHaveCount(0);
  await expect(box).toHaveValue('lunch? @bob ');
  await box.pressSequentially('at noon');
  await box.press('Enter');

  const row = roomMessage(bob, 'lunch? @bob at noon');
  await expect(row).toBeVisible();
  await expect(row).toHaveClass(/\bmentioned\b/);
  // The name itself is marked in the text: strongly on bob's screen, plainly on alice's.
  await expect(row.locator('.mention.me')).toHaveText('@bob');
  await expect(roomMessage(alice, 'lunch? @bob at noon').locator('.mention')).toHaveClass(
    'mention',
  );
  // And @room is offered to anyone in a room this small.
  await composer(bob).pressSequentially('@roo');
  await expect(bob.getByRole('option')).toHaveText([/@room/]);
  await composer(bob).press('Tab');
  await expect(composer(bob)).toHaveValue('@room ');
});

test('a reply shows a banner that Escape cancels, and sends a quote of the message', async ({
  browser,
  server,
}) => {
  const { alice, bob } = await twoPeople(browser, server.url);
  await send(alice, 'Who has the projector key?');
  const message = roomMessage(bob, 'Who has the projector key?');
  await message.hover();
  await message.getByRole('button', { name: 'Reply', exact: true }).click();
  const banner = bob.locator('.reply-banner');
  await expect(banner).toHaveText(/Replying to Alice: Who has the projector key\?/);
  await expect(composer(bob)).toBeFocused();
  await composer(bob).press('Escape');
  await expect(banner).toHaveCount(0);

  await message.hover();
  await message.getByRole('button', { name: 'Reply', exact: true }).click();
  await composer(bob).fill('I do, at the front desk');
  await expect(bob.getByRole('button', { name: 'Cancel the reply to Alice' })).toBeVisible();
  await composer(bob).press('Enter');
  await expect(banner).toHaveCount(0);

  const reply = roomMessage(alice, 'I do, at the front desk');
  await expect(reply).toBeVisible();
  await expect(reply).toContainText('Who has the projector key?');
  await expect(reply).toContainText('Alice');
});
