import { CliServer } from '../cli-server';
import { bridgeCalls, installBridge } from './desktop-bridge';
import { expect, person, screenshotPath, send, signUp, test } from './fixtures';

/**
 * The renderer in desktop mode: the server rail, one session per server, unread counts and
 * notifications for servers not in view. The preload bridge is a stand-in (see desktop-bridge.ts).
 */
test('desktop shell: two servers side by side, unread and notifications from the hidden one', async ({
  browser,
  server,
}) => {
  const second = new CliServer(['--name', 'Second', '--allow-origin', server.url]);
  await second.start();
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    await installBridge(page, { keepTokens: false });
    await page.goto(server.url);

    // No servers yet: the app opens on "Add a server".
    await expect(page.getByRole('heading', { name: 'Add a server' })).toBeVisible();
    for (const [url, user] of [
      [server.url, 'dana'],
      [second.url, 'dana2'],
    ] as const) {
      await page.getByRole('button', { name: 'Add a server' }).click();
      await page.getByLabel('Server address').fill(url);
      await page.getByRole('button', { name: 'Add server' }).click();
      await expect(page.getByRole('heading', { name: 'Create the owner account' })).toBeVisible();
      await expect(page.getByLabel('Keep me signed in')).toHaveCount(0);
      await signUp(page, user, 'Dana');
    }
    // No keychain: said once, in words.
    await expect(page.getByRole('status').filter({ hasText: 'memory only' })).toHaveCount(1);

    // Back to the first server; someone writes on the second.
    await page.getByRole('button', { name: /^E2E/ }).click();
    await expect(page.getByRole('heading', { name: '#general' })).toBeVisible();
    const sam = await person(browser, second.url);
    await signUp(sam, 'sam', 'Sam');
    // A mention: the rail and the desktop badge count mentions and direct messages, and a room
    // notifies of mentions only unless its level is "all".
    await send(sam, '@dana2 hello from the second server');

    await expect(
      page.getByRole('button', { name: 'Second, 1 mention or direct message' }),
    ).toBeVisible();
    await expect.poll(async () => (await bridgeCalls(page, 'setUnreadCount')).at(-1)).toBe(1);
    await expect
      .poll(() => bridgeCalls(page, 'notify'))
      .toContainEqual({
        serverUrl: second.url,
        roomId: 1,
        title: 'Sam (@sam) in #general',
        body: '@dana2 hello from the second server',
      });
    await page.screenshot({ path: screenshotPath('desktop-shell') });

    // Clicking the notification opens that server and room.
    await page.evaluate(
      (target) =>
        (window as unknown as { bridgeFire: (k: string, v: unknown) => void }).bridgeFire(
          'room',
          target,
        ),
      { serverUrl: second.url, roomId: 1 },
    );
    await expect(page.getByText('hello from the second server')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Second', exact: true })).toHaveAttribute(
      'aria-current',
      'page',
    );
    await expect.poll(async () => (await bridgeCalls(page, 'setUnreadCount')).at(-1)).toBe(0);
    await context.close();
  } finally {
    await second.dispose();
  }
});
