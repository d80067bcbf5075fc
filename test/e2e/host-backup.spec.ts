import { expectAccessible } from './a11y';
import { bridgeCalls, installBridge } from './desktop-bridge';
import { expect, test } from './fixtures';

/**
 * The host screen's "Back up now", in Chromium with the stand-in bridge (desktop-bridge.ts): main's
 * side (the OS folder dialog, the backup in its own process, the settings) is unit-tested in
 * test/main/backup-ipc.test.ts; Electron's real dialog cannot run on these machines.
 */
test('desktop: the host panel backs up and shows the last backup time', async ({
  browser,
  server,
}) => {
  const page = await (await browser.newContext()).newPage();
  const thrown: string[] = [];
  page.on('pageerror', (error) => thrown.push(error.message));
  await installBridge(page, { keepTokens: true });
  await page.goto(server.url);
  await page.getByRole('button', { name: 'Host a server', exact: true }).click();
  const backups = page.getByRole('region', { name: 'Backups' });
  await expect(backups.getByText('Never backed up.')).toBeVisible();
  await expectAccessible(page, 'host panel, never backed up');

  const button = backups.getByRole('button', { name: 'Back up now…' });
  await button.focus();
  await page.keyboard.press('Enter');
  await expect(backups.getByText(/^Last backup: /)).toBeVisible();
  await expect(backups.getByText('Never backed up.')).toHaveCount(0);
  await expect(
    backups.getByText(/^parley-backup-.*\.tar\.gz in \/home\/desk\/Backups$/),
  ).toBeVisible();
  // The renderer passes nothing: main chooses the folder.
  expect(await bridgeCalls(page, 'backupHost')).toEqual([null]);
  // The hosting form was not submitted by the button inside it.
  expect(await bridgeCalls(page, 'startHost')).toEqual([]);
  await expectAccessible(page, 'host panel, backed up');
  expect(thrown).toEqual([]);
});

test('desktop: a backup made earlier is shown with its time', async ({ browser, server }) => {
  const page = await (await browser.newContext()).newPage();
  const at = Date.UTC(2026, 10, 30, 9, 15);
  await installBridge(page, {
    keepTokens: true,
    lastBackup: { at, folder: '/srv/backups', file: 'parley-backup-x.tar.gz', bytes: 1 },
  });
  await page.goto(server.url);
  await page.getByRole('button', { name: 'Host a server', exact: true }).click();
  const shown = await page.evaluate(
    (time) => new Date(time).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }),
    at,
  );
  await expect(page.getByText(`Last backup: ${shown}`)).toBeVisible();
});
