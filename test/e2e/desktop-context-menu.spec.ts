import type { Page } from '@playwright/test';
import sharp from 'sharp';
import { bridgeCalls, installBridge } from './desktop-bridge';
import { attach, expect, person, send, signUp, test } from './fixtures';

/**
 * The right-click menu (issue 17), renderer side. On a message row the desktop renderer cancels
 * the page's menu and asks main (`showMessageMenu`) for the native one, naming the message;
 * everywhere else (the composer…) it leaves the event alone, and main builds the menu from
 * Chromium's own event. The native menus themselves are unit-tested in test/main (Electron
 * cannot run here); the bridge is the stand-in of desktop-bridge.ts.
 */

/** Records, after React has seen it, whether each right-click's default was prevented. */
async function watchContextMenus(page: Page) {
  await page.evaluate(() => {
    const seen: boolean[] = [];
    Object.assign(window, { contextMenus: seen });
    window.addEventListener('contextmenu', (event) => seen.push(event.defaultPrevented));
  });
}
const prevented = (page: Page) =>
  page.evaluate(() => (window as unknown as { contextMenus: boolean[] }).contextMenus);

const TEXT = 'read the docs at https://example.org/docs before Friday';

test('desktop: a message row asks main for its menu; the composer keeps the usual one', async ({
  browser,
  server,
}) => {
  const page = await (await browser.newContext()).newPage();
  await installBridge(page, { keepTokens: true, servers: [{ name: 'Office', url: server.url }] });
  await page.goto(server.url);
  await signUp(page, 'dana', 'Dana');
  await send(page, TEXT);
  const row = page.locator('article.message').filter({ hasText: 'read the docs' });
  // Stored (a pending row has no id yet).
  await expect(row).toHaveAttribute('data-message-id', /^[1-9]\d*$/);
  const messageId = Number(await row.getAttribute('data-message-id'));
  const target = { serverUrl: server.url, roomId: 1, messageId };
  await watchContextMenus(page);

  // On the text, nothing selected: the message alone.
  await row.getByText(/before Friday/).click({ button: 'right' });
  // On the link: its address too.
  await row.getByRole('link', { name: 'https://example.org/docs' }).click({ button: 'right' });
  // With text selected: Copy is offered.
  await row.getByText(/before Friday/).selectText();
  await row.getByText(/before Friday/).click({ button: 'right' });
  // From the keyboard, as from the mouse: Shift+Tab from the composer into the row (its
  // toolbar or its link), then Shift+F10; the menu is placed on the row, not at the pointer.
  await page.evaluate(() => window.getSelection()?.removeAllRanges());
  await page.getByRole('textbox', { name: /^Message / }).focus();
  const inRow = () => row.evaluate((element) => element.contains(document.activeElement));
  for (let i = 0; i < 8 && !(await inRow()); i++) await page.keyboard.press('Shift+Tab');
  expect(await inRow()).toBe(true);
  await page.mouse.move(0, 0);
  await page.keyboard.press('Shift+F10');
  const calls = (await bridgeCalls(page, 'showMessageMenu')) as {
    x?: number;
    y?: number;
  }[];
  expect(calls.slice(0, 3)).toEqual([
    { target, selection: false },
    { target, selection: false, linkUrl: 'https://example.org/docs' },
    { target, selection: true },
  ]);
  expect(calls).toHaveLength(4);
  expect(calls[3]).toMatchObject({ target, selection: false });
  const box = await row.boundingBox();
  const { x = -1, y = -1 } = calls[3] ?? {};
  expect(box && x >= box.x && x <= box.x + box.width).toBe(true);
  expect(box && y >= box.y && y <= box.y + box.height).toBe(true);

  // The composer: Chromium's event goes to main as it is (spelling, paste), not intercepted.
  const composer = page.getByRole('textbox', { name: /^Message / });
  await composer.fill('a draft with a mispeled word');
  await composer.click({ button: 'right' });
  // The in-place editor of a message is a text field too.
  await row.hover();
  await row.getByRole('button', { name: 'Edit' }).click();
  const editor = row.getByRole('textbox');
  await expect(editor).toBeVisible();
  await editor.click({ button: 'right' });
  expect(await prevented(page)).toEqual([true, true, true, true, false, false]);
  expect(await bridgeCalls(page, 'showMessageMenu')).toHaveLength(4);
});

test("desktop: an image in a message keeps Chromium's event, for the generic Copy image", async ({
  browser,
  server,
}) => {
  const page = await (await browser.newContext()).newPage();
  await installBridge(page, { keepTokens: true, servers: [{ name: 'Office', url: server.url }] });
  await page.goto(server.url);
  await signUp(page, 'fran', 'Fran');
  const create = { width: 320, height: 200, channels: 3 as const, background: '#1d5fa8' };
  const buffer = await sharp({ create }).png().toBuffer();
  await attach(page, [{ name: 'harbour.png', mimeType: 'image/png', buffer }]);
  await expect(page.getByRole('list', { name: 'Files to send' })).toContainText('Uploaded');
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  const image = page.locator('article.message').getByRole('img', { name: 'harbour.png' });
  await expect(image).toBeVisible();
  await watchContextMenus(page);
  await image.click({ button: 'right' });
  expect(await prevented(page)).toEqual([false]);
  expect(await bridgeCalls(page, 'showMessageMenu')).toEqual([]);
});

test('web client: no bridge, the browser keeps its own menu on messages', async ({
  browser,
  server,
}) => {
  const page = await person(browser, server.url);
  await signUp(page, 'erin', 'Erin');
  await send(page, TEXT);
  await watchContextMenus(page);
  await page
    .locator('article.message')
    .getByText(/before Friday/)
    .click({ button: 'right' });
  expect(await prevented(page)).toEqual([false]);
});
