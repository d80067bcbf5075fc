import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { electronBinary } from './electron-binary';

const binary = electronBinary();

/**
 * The real desktop app, end to end: launch, host a server, create the owner account, chat.
 * Runs wherever an Electron binary exists; on machines without one it reports itself skipped.
 */
test('desktop app: launch, host a server, sign in, send a message', async () => {
  if (!binary.path) console.log(`[electron smoke] SKIPPED: ${binary.reason}`);
  test.skip(!binary.path, binary.reason);
  const userData = mkdtempSync(join(tmpdir(), 'parley-electron-'));
  const app = await electron.launch({
    executablePath: binary.path,
    args: ['.'],
    env: { ...process.env, PARLEY_USER_DATA: userData },
  });
  try {
    const window = await app.firstWindow();
    await expect(window.getByRole('heading', { name: 'Add a server' })).toBeVisible();
    await window.getByRole('button', { name: 'host a server on this computer' }).click();
    await window.getByLabel('Port').fill(String(41_000 + Math.floor(Math.random() * 2000)));
    await window.getByRole('button', { name: 'Start hosting' }).click();

    // Hosting opens the local server, whose first account is the owner.
    await expect(window.getByRole('heading', { name: 'Create the owner account' })).toBeVisible();
    await window.getByLabel('Username').fill('owner');
    await window.getByLabel('Password').fill('correct horse');
    await window.getByRole('button', { name: 'Create account' }).click();
    await expect(window.getByRole('heading', { name: '#general' })).toBeVisible();

    const composer = window.getByRole('textbox', { name: /^Message / });
    await composer.fill('hello from the desktop app');
    await composer.press('Enter');
    await expect(window.locator('.message-row .message-text')).toHaveText([
      'hello from the desktop app',
    ]);
    // The renderer is locked down: no Node in the page.
    expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe(
      'undefined',
    );
  } finally {
    await app.close();
    rmSync(userData, { recursive: true, force: true });
  }
});
