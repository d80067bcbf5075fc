import type { Page } from '@playwright/test';
import { expectAccessible } from './a11y';
import { createRoom, expect, joinRoom, person, send, signUp, test } from './fixtures';
import { roomIdOf, seedMessages } from './seed-room';

/**
 * Message links in a browser (issue 17): the web form `<server>/#room=<id>&message=<id>` opens
 * the room at the message, far back in a long room, with context on both sides and highlighted;
 * broken, altered and foreign links are said, not followed; "Copy link" writes the web form, and
 * such a link clicked in a message opens in place.
 */

const NEEDLE = 'the linked message';

/** 300 messages in a new room #history, the needle 100th: far out of the newest page. */
async function longRoom(page: Page, dataDir: string) {
  await createRoom(page, 'history');
  const roomId = roomIdOf(dataDir, 'history');
  const texts = Array.from({ length: 300 }, (_, i) => (i === 99 ? NEEDLE : `seed ${i + 1}`));
  const ids = seedMessages(dataDir, { roomId, authorId: 1, texts });
  return { roomId, needleId: ids[99] ?? 0 };
}

const needle = (page: Page) => page.locator('.message', { hasText: NEEDLE });
const banner = (page: Page) => page.locator('.room-pane > .banner');

/**
 * The room open at the needle: highlighted (first: it lasts 2 s, which the other checks can
 * outlast on a busy machine), in view, focused, with messages on both sides, not the newest.
 */
async function openAtNeedle(page: Page) {
  await expect(page.getByRole('heading', { name: '#history', exact: true })).toBeVisible();
  await expect(needle(page)).toHaveClass(/highlighted/);
  await expect(needle(page)).toBeVisible();
  await expect(needle(page)).toBeFocused();
  await expect(page.getByText('seed 99', { exact: true })).toBeAttached();
  await expect(page.getByText('seed 101', { exact: true })).toBeAttached();
  await expect(page.getByText('seed 300', { exact: true })).toHaveCount(0);
}

test('web: a link far back in a long room opens there, highlighted; broken links are said', async ({
  browser,
  server,
}) => {
  const alice = await person(browser, server.url);
  await signUp(alice, 'alice', 'Alice');
  const { roomId, needleId } = await longRoom(alice, server.dataDir);
  await alice.reload();
  await expect(alice.getByRole('heading', { name: /^#/ })).toBeVisible();

  // A link opened in the page (the address changes): the room, at the message.
  await alice.goto(`${server.url}/#room=${roomId}&message=${needleId}`);
  await openAtNeedle(alice);
  // Taken once: the address is the plain page again.
  expect(new URL(alice.url()).hash).toBe('');

  // Broken or altered links are refused with why; a room not hers is said, not shown blank.
  const refused: Array<[string, RegExp]> = [
    [`room=${roomId}&message=12abc`, /does not name a valid room and message/],
    [`room=${roomId}&message=${needleId}&token=x`, /parts Parley does not know \(token\)/],
    [`room=${roomId}&room=1&message=${needleId}`, /names something twice/],
    [`room=9999&message=${needleId}`, /a room you are not in, or one that does not exist/],
    [`room=${roomId}&message=99999999`, /not in that room/],
  ];
  for (const [fragment, why] of refused) {
    await alice.goto(`${server.url}/#${fragment}`);
    await expect(banner(alice)).toContainText(why);
  }

  // Opened from outside (a fresh browser, signed out): after sign-in, the room at the message.
  const elsewhere = await person(browser, `${server.url}/#room=${roomId}&message=${needleId}`);
  await expect(elsewhere.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await elsewhere.getByLabel('Username').fill('alice');
  await elsewhere.getByLabel('Password').fill('correct horse');
  await elsewhere.getByRole('button', { name: 'Sign in' }).click();
  await openAtNeedle(elsewhere);

  // Someone not in the room is told so; once they have joined, the same link opens it.
  const bob = await person(browser, `${server.url}/#room=${roomId}&message=${needleId}`);
  await signUp(bob, 'bob', 'Bob');
  await expect(banner(bob)).toContainText(/a room you are not in/);
  await joinRoom(bob, 'history');
  await bob.goto(`${server.url}/#room=${roomId}&message=${needleId}`);
  await openAtNeedle(bob);
});

test('web: Copy link writes the web form; that link in a message opens in place', async ({
  browser,
  server,
}) => {
  const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  const alice = await context.newPage();
  await alice.goto(server.url);
  await signUp(alice, 'alice', 'Alice');
  const { roomId, needleId } = await longRoom(alice, server.dataDir);
  await alice.goto(`${server.url}/#room=${roomId}&message=${needleId}`);
  await openAtNeedle(alice);

  // By keyboard: from the focused message, Tab reaches the toolbar (one tab stop), the arrows
  // move to Copy link, Enter copies.
  const toolbar = needle(alice).getByRole('toolbar', { name: 'Message actions' });
  const first = toolbar.getByRole('button', { name: 'Add reaction' });
  await expect(needle(alice)).toBeFocused();
  await alice.keyboard.press('Tab');
  await expect(first).toBeFocused();
  for (let i = 0; i < 3; i++) await alice.keyboard.press('ArrowRight');
  await expect(toolbar.getByRole('button', { name: 'Copy link' })).toBeFocused();
  await alice.keyboard.press('Enter');
  await expect(toolbar.getByRole('status')).toHaveText('Link copied');
  const link = await alice.evaluate(() => navigator.clipboard.readText());
  expect(link).toBe(`${server.url}/#room=${roomId}&message=${needleId}`);

  // Sent in #general and clicked: the room opens at the message here, in no new tab.
  await alice
    .getByRole('button', { name: /^#general/ })
    .first()
    .click();
  await expect(alice.getByRole('heading', { name: '#general', exact: true })).toBeVisible();
  await send(alice, `See ${link}`);
  await alice.getByRole('link', { name: link }).click();
  await openAtNeedle(alice);
  expect(context.pages()).toHaveLength(1);
});

test('web over plain http: Copy link falls back to the copy command, else shows the link to copy', async ({
  browser,
  server,
}) => {
  const context = await browser.newContext();
  // As on a LAN address over http: no Clipboard API (127.0.0.1 would count as secure).
  await context.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined });
    const copies: string[] = [];
    (window as unknown as { copies: string[] }).copies = copies;
    document.addEventListener('copy', (event) => {
      const field = event.target;
      if (field instanceof HTMLTextAreaElement) copies.push(field.value);
    });
  });
  const alice = await context.newPage();
  await alice.goto(server.url);
  await signUp(alice, 'alice', 'Alice');
  await send(alice, 'link me');
  const message = alice.locator('.message', { hasText: 'link me' });
  await message.hover();
  const toolbar = message.getByRole('toolbar', { name: 'Message actions' });
  const copy = toolbar.getByRole('button', { name: 'Copy link' });
  await copy.click();
  await expect(toolbar.getByRole('status')).toHaveText('Link copied');
  const copies = await alice.evaluate(() => (window as unknown as { copies: string[] }).copies);
  expect(copies).toHaveLength(1);
  expect(copies[0]).toMatch(new RegExp(`^${server.url}/#room=\\d+&message=\\d+$`));
  await expect(copy).toBeFocused();

  // The copy command refused too: the link is shown selected, with why, to copy by hand.
  await alice.evaluate(() => {
    document.execCommand = () => false;
  });
  await copy.click();
  const dialog = alice.getByRole('dialog', { name: 'Copy this link' });
  const field = dialog.getByRole('textbox', { name: 'Link' });
  await expect(field).toHaveValue(copies[0] ?? '');
  await expect(field).toBeFocused();
  await expect(field).toHaveAccessibleDescription(/did not let Parley copy the link/);
  const selected = await field.evaluate((input: HTMLInputElement) =>
    input.value.slice(input.selectionStart ?? 0, input.selectionEnd ?? 0),
  );
  expect(selected).toBe(copies[0]);
  await expectAccessible(alice, 'copy by hand', { include: 'dialog[open]' });
  await alice.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await context.close();
});
