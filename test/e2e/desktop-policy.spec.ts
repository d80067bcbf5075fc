import type { Page } from '@playwright/test';
import { expectAccessible } from './a11y';
import { bridgeCalls, bridgeFire, installBridge, type BridgeOptions } from './desktop-bridge';
import { expect, screenshotPath, test } from './fixtures';

/**
 * The organisation's policy file (docs/deployment-desktop.md) as the desktop renderer shows it:
 * locks with "Set by your organisation" in place of controls, and a banner for a file main could
 * not use. The bridge is the stand-in (desktop-bridge.ts) answering with the policy main applied;
 * main's own parsing and refusals are unit-tested in test/main/policy*.test.ts.
 */

const LOCKS = { servers: false, hosting: false, startAtLogin: false, updates: false };

async function open(page: Page, url: string, options: Partial<BridgeOptions>) {
  await installBridge(page, { keepTokens: true, ...options });
  await page.goto(url);
}

test('servers and hosting locked: locks and words instead of controls, by keyboard too', async ({
  page,
  server,
}) => {
  const mine = { name: 'Mine', url: server.url.replace('127.0.0.1', 'localhost') };
  await open(page, server.url, {
    servers: [{ name: 'Office', url: server.url }, mine],
    policy: {
      file: '/etc/parley/policy.json',
      locks: { ...LOCKS, servers: true, hosting: true },
      presetServers: [server.url],
    },
  });
  await expect(page.getByRole('heading', { name: 'Create the owner account' })).toBeVisible();

  // The rail's add and host buttons still lead somewhere, and say why they are locked.
  const rail = page.getByRole('navigation', { name: 'Servers' });
  const add = rail.getByRole('button', { name: 'Add a server (set by your organisation)' });
  const host = rail.getByRole('button', {
    name: 'Host a server (turned off by your organisation)',
  });
  await add.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Add a server' })).toBeVisible();
  const main = page.getByRole('main');
  await expect(main.getByText('Set by your organisation').first()).toBeVisible();
  await expect(main).toContainText('does not allow adding or removing servers');
  // No address field, no network list, no invite box, no Remove, no hosting link.
  await expect(page.getByLabel('Server address')).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'On your network' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^Remove/ })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /host a server on this computer/ })).toHaveCount(0);
  const list = page.getByRole('region', { name: 'Your servers' });
  await expect(list.getByRole('listitem')).toHaveText([
    /Office.*Set by your organisation/,
    /Mine.*Set by your organisation/,
  ]);
  await page.screenshot({ path: screenshotPath('desktop-policy-servers-locked') });
  await expectAccessible(page, 'servers locked');

  // Tab from the add button reaches the host button; Enter shows why, never the hosting form.
  await add.focus();
  await page.keyboard.press('Tab');
  await expect(host).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(host).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('heading', { name: 'Host a server' })).toBeVisible();
  await expect(main).toContainText('turned off by your organisation');
  await expect(page.getByLabel('Server name')).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Start hosting/ })).toHaveCount(0);
  await expectAccessible(page, 'hosting locked');

  // An invite to a new server is refused with main's words; nothing is added.
  const invite = {
    serverUrl: 'http://10.0.0.7:4000',
    name: 'Elsewhere',
    expiresAt: Date.now() + 60_000,
  };
  await bridgeFire(page, 'invite', { ok: true, invite });
  await expect(page.getByRole('alert')).toContainText(
    "Your organisation's Parley policy does not allow adding or removing servers.",
  );
  await expect(page.getByRole('dialog')).toHaveCount(0);
  expect(await bridgeCalls(page, 'addServer')).toEqual([]);
});

test('preset servers have no Remove while the person manages their own', async ({
  page,
  server,
}) => {
  const mine = { name: 'Mine', url: server.url.replace('127.0.0.1', 'localhost') };
  await open(page, server.url, {
    servers: [{ name: 'Office', url: server.url }, mine],
    policy: { file: '/etc/parley/policy.json', locks: LOCKS, presetServers: [server.url] },
  });
  await page.getByRole('button', { name: 'Add a server', exact: true }).click();
  await expect(page.getByLabel('Server address')).toBeVisible();
  const list = page.getByRole('region', { name: 'Your servers' });
  await expect(list.getByRole('listitem').first()).toContainText('Set by your organisation');
  await expect(list.getByRole('button', { name: 'Remove Office' })).toHaveCount(0);
  await list.getByRole('button', { name: 'Remove Mine' }).click();
  await expect.poll(() => bridgeCalls(page, 'removeServer')).toEqual([mine.url]);
  await expectAccessible(page, 'preset servers');
});

test('a broken policy file: a banner says what is wrong, and nothing is locked', async ({
  page,
  server,
}) => {
  const error =
    '/etc/parley/policy.json is not a valid policy: top level: Unrecognized key: "allowHostng"';
  await open(page, server.url, {
    policy: { file: '/etc/parley/policy.json', error, locks: LOCKS },
  });
  const banner = page.getByRole('alert').filter({ hasText: 'policy could not be applied' });
  await expect(banner).toHaveText(
    `Your organisation's Parley policy could not be applied: ${error} Dismiss`,
  );
  await expect(page.getByRole('button', { name: 'Add a server', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Host a server', exact: true })).toBeVisible();
  await expect(page.getByLabel('Server address')).toBeVisible();
  await page.screenshot({ path: screenshotPath('desktop-policy-broken') });
  await expectAccessible(page, 'broken policy banner');
  await banner.getByRole('button', { name: 'Dismiss' }).click();
  await expect(banner).toHaveCount(0);
});

test('a preset left out for a saved certificate: a banner says so, and the rest applies', async ({
  page,
  server,
}) => {
  const notice =
    '/etc/parley/policy.json: https://chat.example.com was not added: its certificate ' +
    'disagrees with the one you trust for "Bank chat" (https://chat.example.com), which is kept';
  await open(page, server.url, {
    policy: { file: '/etc/parley/policy.json', notice, locks: { ...LOCKS, hosting: true } },
  });
  // A status, not an alert: the rest of the policy applies.
  const banner = page.getByRole('status').filter({ hasText: 'was not applied' });
  await expect(page.getByRole('alert').filter({ hasText: 'was not applied' })).toHaveCount(0);
  await expect(banner).toHaveText(
    `Part of your organisation's Parley policy was not applied: ${notice} Dismiss`,
  );
  // Not a broken file: the lock it sets still shows.
  const rail = page.getByRole('navigation', { name: 'Servers' });
  await expect(
    rail.getByRole('button', { name: 'Host a server (turned off by your organisation)' }),
  ).toBeVisible();
  await expectAccessible(page, 'policy notice banner');
  await banner.getByRole('button', { name: 'Dismiss' }).click();
  await expect(banner).toHaveCount(0);
});
