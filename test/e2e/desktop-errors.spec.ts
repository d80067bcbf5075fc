import { bridgeCalls, installBridge } from './desktop-bridge';
import { expect, test } from './fixtures';

/**
 * Every failed call to the desktop bridge reaches the person as words, never as an unhandled
 * rejection: the hosting form, adding a server, and calls that no screen waits for. The preload
 * bridge is a stand-in (see desktop-bridge.ts) whose chosen methods fail as main's would.
 */
test('desktop: an empty port and failing bridge calls are told, not thrown', async ({
  browser,
  server,
}) => {
  const page = await (await browser.newContext()).newPage();
  const thrown: string[] = [];
  page.on('pageerror', (error) => thrown.push(error.message));
  await installBridge(page, {
    keepTokens: true,
    fail: { startHost: 'host:start', addServer: 'servers:add', notify: 'notify' },
  });
  await page.goto(server.url);

  // An empty port is said next to the field; main is never asked to start with port 0.
  await page.getByRole('button', { name: 'host a server on this computer' }).click();
  await page.getByLabel('Port').fill('');
  await page.getByRole('button', { name: 'Start hosting' }).click();
  await expect(page.getByRole('alert')).toHaveText('Enter a port number, such as 4000.');
  expect(await bridgeCalls(page, 'startHost')).toEqual([]);

  // A start that main refuses is said on the form.
  await page.getByLabel('Port').fill('4100');
  await page.getByRole('button', { name: 'Start hosting' }).click();
  await expect(page.getByRole('alert')).toHaveText('host:start: refused in this test');
  expect(await bridgeCalls(page, 'startHost')).toEqual([
    { name: 'Desk', port: 4100, reach: 'local', registration: 'open', autoStart: false },
  ]);

  // Adding a server that main refuses: said on the add screen.
  await page.getByRole('button', { name: 'Add a server' }).click();
  await page.getByLabel('Server address').fill(server.url);
  await page.getByRole('button', { name: 'Add server' }).click();
  await expect(page.getByRole('alert')).toHaveText('servers:add: refused in this test');

  // A call nobody waits for (a notification, a badge) shows in the shell's banner.
  await page.evaluate(() => {
    const bridge = (window as unknown as { parley: { notify(notice: unknown): Promise<void> } })
      .parley;
    void bridge.notify({ serverUrl: 'http://127.0.0.1:1', roomId: 1, title: 't', body: 'b' });
  });
  await expect(page.getByRole('alert').filter({ hasText: 'notify: refused' })).toBeVisible();
  expect(thrown).toEqual([]);
});
