import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliServer } from '../cli-server';
import { bridgeFire, hostRunning, installBridge } from './desktop-bridge';
import { expect, person, test } from './fixtures';

/**
 * A fresh server that cannot tell its own machine from the network asks for its setup code on
 * the owner's sign-up. `--require-setup-code` makes a loopback server behave so (as a LAN server,
 * or one behind a proxy, does), without listening on every interface in a test.
 */
const setupCodeOf = (server: CliServer) =>
  readFileSync(join(server.dataDir, 'setup-code'), 'utf8').trim();

test('web: the owner types the setup code the server printed', async ({ browser }) => {
  const server = new CliServer(['--web', 'dist/renderer', '--require-setup-code']);
  await server.start();
  try {
    const page = await person(browser, server.url);
    await expect(page.getByRole('heading', { name: 'Create the owner account' })).toBeVisible();
    await page.getByLabel('Username').fill('host');
    await page.getByLabel('Password').fill('correct horse');
    await page.getByLabel('Setup code').fill('AAAA-BBBB-CCCC-DDDD');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByRole('alert')).toContainText('not the server’s setup code');
    await expect(page.getByLabel('Setup code')).toHaveAttribute('aria-invalid', 'true');

    await page.getByLabel('Setup code').fill(setupCodeOf(server));
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByRole('heading', { name: '#general' })).toBeVisible();

    // The code is spent: the next person is not asked for one.
    const next = await person(browser, server.url);
    await next.getByRole('button', { name: 'New here? Create an account' }).click();
    await expect(next.getByLabel('Username')).toBeVisible();
    await expect(next.getByLabel('Setup code')).toHaveCount(0);
  } finally {
    await server.dispose();
  }
});

test('desktop: the hosting screen shows the code and fills it in on the owner sign-up', async ({
  browser,
  server,
}) => {
  // Stands in for the server this computer hosts for the LAN: the bridge reports it as hosted.
  const hosted = new CliServer([
    '--name',
    'Desk',
    '--require-setup-code',
    '--allow-origin',
    server.url,
  ]);
  await hosted.start();
  try {
    const code = setupCodeOf(hosted);
    const page = await (await browser.newContext()).newPage();
    await installBridge(page, { keepTokens: true, servers: [{ name: 'Desk', url: hosted.url }] });
    await page.goto(server.url);
    await expect(page.getByRole('heading', { name: 'Create the owner account' })).toBeVisible();
    await expect(page.getByLabel('Setup code')).toHaveValue('');
    await bridgeFire(page, 'host', {
      ...hostRunning(hosted, { connections: 0, people: 0 }),
      setupCode: code,
    });
    await expect(page.getByLabel('Setup code')).toHaveValue(code);

    await page.getByRole('button', { name: 'Hosting (running)' }).click();
    const status = page.getByRole('region', { name: 'Hosting status' });
    await expect(status.getByText(code)).toBeVisible();

    await page.getByRole('button', { name: /^Desk/ }).click();
    await page.getByLabel('Username').fill('host');
    await page.getByLabel('Password').fill('correct horse');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByRole('heading', { name: '#general' })).toBeVisible();
  } finally {
    await hosted.dispose();
  }
});
