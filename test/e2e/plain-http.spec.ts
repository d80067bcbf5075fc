import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliServer } from '../cli-server';
import { CHROMIUM } from '../../playwright.config';
import { expect, screenshotPath, signUp, test } from './fixtures';

/**
 * The web client with an address typed without a scheme: https is tried first, plain http only
 * after, and a server reached that way on another computer is marked "Not encrypted" where the
 * password is typed and beside the server's name. "remote.test" is mapped to 127.0.0.1 inside
 * Chromium, so the page treats it as another computer while the server runs here.
 */
test('web: https first for an address without a scheme; plain http to another computer is marked', async ({
  playwright,
  server,
}) => {
  const remote = new CliServer([
    '--name',
    'Remote',
    '--allow-host',
    'remote.test',
    '--allow-origin',
    server.url,
  ]);
  await remote.start();
  const browser = await playwright.chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--host-resolver-rules=MAP remote.test 127.0.0.1'],
  });
  try {
    const page = await browser.newPage();
    const asked: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).hostname === 'remote.test') asked.push(request.url());
    });
    await page.goto(server.url);
    // The page's own server is on loopback: no mark there.
    await expect(page.getByRole('heading', { name: 'Create the owner account' })).toBeVisible();
    await expect(page.getByText('Not encrypted')).toHaveCount(0);

    await page.getByRole('button', { name: 'Change server' }).click();
    await page.getByLabel('Server address').fill(`remote.test:${remote.port}`);
    await page.getByRole('button', { name: 'Connect' }).click();
    await expect(page.getByRole('heading', { name: 'Create the owner account' })).toBeVisible();
    const origin = `remote.test:${remote.port}`;
    expect(asked.slice(0, 2)).toEqual([`https://${origin}/api/info`, `http://${origin}/api/info`]);
    const line = page.locator('.server-line');
    await expect(line).toContainText(`Remote · http://${origin}`);
    await expect(line.locator('.not-encrypted')).toHaveText('⚠ Not encrypted');
    await expect(line.locator('.not-encrypted')).toHaveAttribute('title', /plain HTTP/);
    await page.screenshot({ path: screenshotPath('web-not-encrypted') });

    // It stays: beside the server's name once signed in.
    // Reached under a name that is not this machine's (as a rebound DNS name would be), the
    // fresh server asks for its setup code even from loopback.
    const setupCode = readFileSync(join(remote.dataDir, 'setup-code'), 'utf8').trim();
    await signUp(page, 'rita', 'Rita', { setupCode });
    const header = page.getByRole('navigation', { name: 'Rooms' }).locator('header');
    await expect(header).toContainText('Remote');
    await expect(header.locator('.not-encrypted')).toHaveText('⚠ Not encrypted');
  } finally {
    await browser.close();
    await remote.dispose();
  }
});
