import type { Page } from '@playwright/test';
import { expect, send, test, twoPeople } from './fixtures';

/**
 * A thread's rows are the room's rows: in the side panel, bob reacts to alice's reply and she
 * sees it in her open thread; she edits her reply there and he sees "(edited)"; a reply there
 * quotes what it answers; deleting asks first, and the dialog's Escape keeps the thread open.
 */

const threadPanel = (page: Page) => page.getByRole('complementary', { name: 'Thread' });
/** A stored message of the open thread whose own text shows `text`. */
const inThread = (page: Page, text: string) =>
  threadPanel(page)
    .locator('.message:not(.pending)')
    .filter({ has: page.locator('.message-text', { hasText: text }) });
/** A message's action in the thread, through its toolbar (shown on hover). */
async function act(page: Page, text: string, action: string) {
  const row = inThread(page, text);
  await row.hover();
  await row
    .getByRole('toolbar', { name: 'Message actions' })
    .getByRole('button', { name: action, exact: true })
    .click();
}

test('in a thread: react, edit, reply with a quote and delete, seen live by the other person', async ({
  browser,
  server,
}) => {
  const { alice, bob } = await twoPeople(browser, server.url);
  await send(alice, 'Lunch plans for Friday?');
  const root = alice.locator('.message-row .message', { hasText: 'Lunch plans for Friday?' });
  await root.hover();
  await root.getByRole('button', { name: 'Reply in thread' }).click();
  const aliceBox = threadPanel(alice).getByRole('textbox', { name: 'Reply in thread' });
  await aliceBox.fill('Pizza at noon');
  await aliceBox.press('Enter');
  await expect(inThread(alice, 'Pizza at noon')).toBeVisible();

  await bob.getByRole('button', { name: /^1 reply/ }).click();
  await expect(inThread(bob, 'Pizza at noon')).toBeVisible();
  // Inside a thread there is no thread to start, and no summary of it on its own root.
  const reply = inThread(bob, 'Pizza at noon');
  await reply.hover();
  const toolbar = reply.getByRole('toolbar', { name: 'Message actions' });
  await expect(toolbar.getByRole('button', { name: 'Add reaction' })).toBeVisible();
  await expect(toolbar.getByRole('button', { name: 'Reply in thread' })).toHaveCount(0);
  await expect(threadPanel(bob).getByRole('button', { name: /^1 reply/ })).toHaveCount(0);

  // bob reacts to the reply in the thread; alice sees it in her open thread.
  await act(bob, 'Pizza at noon', 'Add reaction');
  await bob.getByRole('searchbox', { name: 'Search emoji' }).fill('thumbs');
  await bob.getByRole('button', { name: 'thumbs up', exact: true }).click();
  const pill = inThread(alice, 'Pizza at noon').getByRole('button', { name: '👍 1' });
  await expect(pill).toHaveAttribute('aria-pressed', 'false');
  await expect(pill).toHaveAccessibleDescription('Bob reacted with 👍');
  await expect(threadPanel(alice)).toBeVisible();

  // alice edits her reply in the thread; back in the thread's composer; bob sees "(edited)".
  await act(alice, 'Pizza at noon', 'Edit');
  const editor = threadPanel(alice).getByRole('textbox', { name: 'Edit message' });
  await expect(editor).toBeFocused();
  await editor.fill('Pizza at one');
  await editor.press('Enter');
  await expect(editor).toHaveCount(0);
  await expect(aliceBox).toBeFocused();
  await expect(inThread(bob, 'Pizza at one').locator('.edited')).toHaveText(/\(edited\)/);
  // The reaction stays with the edited reply.
  await expect(inThread(bob, 'Pizza at one').getByRole('button', { name: '👍 1' })).toBeVisible();

  // bob answers her reply from the thread's own composer: the quote goes with it.
  await act(bob, 'Pizza at one', 'Reply');
  const bobBox = threadPanel(bob).getByRole('textbox', { name: 'Reply in thread' });
  await expect(bobBox).toBeFocused();
  await bobBox.fill('One works');
  await bobBox.press('Enter');
  const answer = inThread(alice, 'One works');
  await expect(answer.getByRole('button', { name: 'Reply to Alice: Pizza at one' })).toBeVisible();
  // The thread-only replies stay out of the room.
  await expect(alice.locator('.message-row .message-text')).toHaveText(['Lunch plans for Friday?']);

  // Delete asks first; Escape closes the dialog, not the thread; then delete for real.
  await act(bob, 'One works', 'Delete');
  const dialog = bob.getByRole('dialog', { name: 'Delete message?' });
  await expect(dialog).toBeVisible();
  await bob.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(threadPanel(bob)).toBeVisible();
  await act(bob, 'One works', 'Delete');
  await dialog.getByRole('button', { name: 'Delete' }).click();
  for (const page of [alice, bob]) {
    await expect(threadPanel(page).locator('.message.deleted .message-deleted')).toHaveText(
      'message deleted',
    );
  }
});
