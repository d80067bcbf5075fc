import type { Page } from '@playwright/test';
import { CliServer } from '../cli-server';
import { expectAccessible } from './a11y';
import { bridgeFire, hostRunning, installBridge } from './desktop-bridge';
import { expect, openAdminPanel, person, signUp, test, twoPeople } from './fixtures';

/**
 * The server admin panel (issue 14), in Chromium against the real CLI server: bans, password
 * reset codes, invite codes, the server's settings and the audit log, by mouse and by keyboard.
 */

// Axe runs twice per screen (light and dark) on a busy 2-core machine.
test.describe.configure({ timeout: 180_000 });

const userRow = (page: Page, username: string) =>
  page.getByRole('dialog', { name: 'Server admin' }).locator(`tr[data-username="${username}"]`);

/** Registers through the UI with an invite code (the server's policy is `invite`). */
async function registerWithInvite(page: Page, username: string, code: string) {
  await page.getByRole('button', { name: 'New here? Create an account' }).click();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill('correct horse');
  await page.getByLabel('Invite code').fill(code);
  await page.getByRole('button', { name: 'Create account' }).click();
}

test('an admin bans from the panel: the member lands on sign-in, the list shows the ban and its reason', async ({
  browser,
  server,
}) => {
  const { alice, bob } = await twoPeople(browser, server.url);
  // A member has no admin entry: the panel is for admins and the owner.
  await expect(bob.getByRole('button', { name: 'Server admin' })).toHaveCount(0);

  const panel = await openAdminPanel(alice);
  const row = userRow(alice, 'bob');
  await expect(row).toContainText('Member');
  await expect(row).toContainText('Online now');
  // The owner's own row offers nothing: nobody bans themselves.
  await expect(userRow(alice, 'alice').getByRole('button')).toHaveCount(0);
  await row.getByRole('button', { name: 'Ban @bob' }).click();
  const ask = alice.getByRole('dialog', { name: 'Ban Bob (@bob)?' });
  await ask.getByLabel('Reason (seen by admins only)').fill('Spamming #general');
  await ask.getByRole('button', { name: 'Ban', exact: true }).click();
  await expect(ask).toHaveCount(0);

  await expect(bob.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(bob.getByText('You were banned from this server.')).toBeVisible();
  await expect(row).toContainText('Banned');
  await expect(row).toContainText('Spamming #general');
  await expect(panel).toBeVisible();

  // Reopened, the list comes from the server: the ban is stored, and Unban lifts it.
  await alice.keyboard.press('Escape');
  await openAdminPanel(alice);
  await expect(userRow(alice, 'bob')).toContainText('Spamming #general');
  await userRow(alice, 'bob').getByRole('button', { name: 'Unban @bob' }).click();
  await expect(userRow(alice, 'bob').getByRole('button', { name: 'Ban @bob' })).toBeVisible();
  await bob.getByLabel('Username').fill('bob');
  await bob.getByLabel('Password').fill('correct horse');
  await bob.getByRole('button', { name: 'Sign in' }).click();
  await expect(bob.getByRole('heading', { name: '#general' })).toBeVisible();

  await alice.getByRole('tab', { name: 'Audit log' }).click();
  const log = alice.getByRole('tabpanel', { name: 'Audit log' });
  await expect(log.getByRole('row').nth(1)).toContainText('Unbanned');
  await expect(log.getByRole('row').nth(2)).toContainText('Banned');
  await expect(log.getByRole('row').nth(2)).toContainText('Spamming #general');
});

test('reset a password: the admin reads the code, the member redeems it on the sign-in screen', async ({
  browser,
  server,
}) => {
  const { alice, bob } = await twoPeople(browser, server.url);
  await bob.getByRole('button', { name: 'Sign out' }).click();
  await expect(bob.getByRole('heading', { name: 'Sign in' })).toBeVisible();

  await openAdminPanel(alice);
  await userRow(alice, 'bob').getByRole('button', { name: 'Reset password of @bob' }).click();
  const shown = alice.getByRole('dialog', { name: 'Password reset code for Bob (@bob)' });
  await expect(shown.getByText(/Hand this code to Bob yourself/)).toBeVisible();
  await expect(shown.getByText(/^Valid until /)).toBeVisible();
  const code = await shown.getByLabel('Reset code').inputValue();
  expect(code.length).toBeGreaterThan(5);
  await shown.getByRole('button', { name: 'Done' }).click();

  await bob.getByRole('button', { name: 'Have a reset code?' }).click();
  await bob.getByLabel('Username').fill('bob');
  await bob.getByLabel('Reset code').fill(code);
  await bob.getByLabel('New password', { exact: true }).fill('a brand new one');
  await bob.getByLabel('Confirm new password').fill('a brand new one');
  await bob.getByRole('button', { name: 'Set password and sign in' }).click();
  await expect(bob.getByRole('heading', { name: '#general' })).toBeVisible();

  // The new password is the one that works now.
  const again = await person(browser, server.url);
  await again.getByLabel('Username').fill('bob');
  await again.getByLabel('Password').fill('a brand new one');
  await again.getByRole('button', { name: 'Sign in' }).click();
  await expect(again.getByRole('heading', { name: '#general' })).toBeVisible();
});

test('invites: a 2-use code registers two people and the third is refused; the name changes live', async ({
  browser,
  server,
}) => {
  const { alice, bob } = await twoPeople(browser, server.url);
  await openAdminPanel(alice);
  await alice.getByRole('tab', { name: 'Server' }).click();
  await alice.getByLabel('Server name').fill('Team Room');
  await alice.getByLabel('Invite: people with an invite code').check();
  await alice.getByRole('button', { name: 'Save' }).click();
  await expect(alice.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  // Another client's title and sidebar follow at once (server:updated).
  await expect(bob).toHaveTitle('Parley · Team Room');
  await expect(bob.locator('.server-name')).toHaveText('Team Room');

  await alice.getByRole('tab', { name: 'Invites' }).click();
  await alice.getByLabel('How many uses').fill('2');
  await alice.getByLabel('Expires after (hours)').fill('48');
  await alice.getByRole('button', { name: 'Make invite code' }).click();
  const code = await alice.getByLabel('New invite code').inputValue();
  const row = alice.locator(`tr[data-invite="${code.slice(0, 4)}"]`);
  await expect(row).toContainText('0 of 2');
  await expect(row).toContainText('active');

  for (const name of ['carol', 'dave']) {
    const page = await person(browser, server.url);
    await registerWithInvite(page, name, code);
    await expect(page.getByRole('heading', { name: '#general' })).toBeVisible();
  }
  const third = await person(browser, server.url);
  await registerWithInvite(third, 'erin', code);
  await expect(
    third.getByText('This invite code is not valid: it may be used or expired.'),
  ).toBeVisible();

  // The list, read again, counts both uses.
  await alice.getByRole('tab', { name: 'Users' }).click();
  await alice.getByRole('tab', { name: 'Invites' }).click();
  await expect(row).toContainText('2 of 2');
  await expect(row).toContainText('used up');
});

test('every admin tab passes axe, light and dark; keyboard only: open, arrows between tabs, ban', async ({
  browser,
  server,
}) => {
  const { alice, bob } = await twoPeople(browser, server.url);
  const carol = await person(browser, server.url);
  await signUp(carol, 'carol', 'Carol');

  // Open the panel from the keyboard: focus its button, Enter.
  await alice.getByRole('button', { name: 'Server admin' }).focus();
  await alice.keyboard.press('Enter');
  const users = alice.getByRole('tab', { name: 'Users' });
  await expect(users).toBeFocused();
  await expect(userRow(alice, 'carol')).toBeVisible();
  await expectAccessible(alice, 'admin panel, Users', { include: 'dialog[open]' });

  // The arrows move between the tabs and show each; Home and End go to the ends.
  await alice.keyboard.press('ArrowRight');
  await expect(alice.getByRole('tab', { name: 'Invites', selected: true })).toBeFocused();
  await alice.getByRole('button', { name: 'Make invite code' }).click();
  await expect(alice.getByLabel('New invite code')).toBeVisible();
  await alice.getByRole('tab', { name: 'Invites' }).focus();
  await expectAccessible(alice, 'admin panel, Invites', { include: 'dialog[open]' });
  await alice.keyboard.press('ArrowRight');
  await expect(alice.getByRole('tab', { name: 'Server', selected: true })).toBeFocused();
  await expect(alice.getByLabel('Server name')).toHaveValue('E2E');
  await expectAccessible(alice, 'admin panel, Server', { include: 'dialog[open]' });
  await alice.keyboard.press('End');
  await expect(alice.getByRole('tab', { name: 'Audit log', selected: true })).toBeFocused();
  await expect(alice.getByRole('tabpanel', { name: 'Audit log' })).toContainText(
    'Made an invite code',
  );
  await expectAccessible(alice, 'admin panel, Audit log', { include: 'dialog[open]' });
  await alice.keyboard.press('ArrowRight');
  await expect(users).toBeFocused();
  await expect(users).toHaveAttribute('aria-selected', 'true');

  // Tab through to bob's Ban button and ban him, keys only.
  const ban = userRow(alice, 'bob').getByRole('button', { name: 'Ban @bob' });
  await expect(ban).toBeVisible();
  for (let i = 0; i < 30 && !(await ban.evaluate((b) => b === document.activeElement)); i++)
    await alice.keyboard.press('Tab');
  await expect(ban).toBeFocused();
  await alice.keyboard.press('Enter');
  const ask = alice.getByRole('dialog', { name: 'Ban Bob (@bob)?' });
  await expect(ask.getByLabel('Reason (seen by admins only)')).toBeFocused();
  await expectAccessible(alice, 'ban dialog', { include: 'dialog[open] dialog[open]' });
  await alice.keyboard.type('Keyboard ban');
  await alice.keyboard.press('Tab');
  await alice.keyboard.press('Tab');
  await expect(ask.getByRole('button', { name: 'Ban', exact: true })).toBeFocused();
  await alice.keyboard.press('Enter');
  await expect(bob.getByText('You were banned from this server.')).toBeVisible();
  await expect(userRow(alice, 'bob')).toContainText('Keyboard ban');

  // The reset code dialog, audited; Escape closes it and then the panel.
  await userRow(alice, 'carol').getByRole('button', { name: 'Reset password of @carol' }).click();
  const code = alice.getByRole('dialog', { name: /^Password reset code for Carol/ });
  await expect(code.getByLabel('Reset code')).toBeVisible();
  await expectAccessible(alice, 'reset code dialog', { include: 'dialog[open] dialog[open]' });
  await alice.keyboard.press('Escape');
  await expect(code).toHaveCount(0);
  await alice.keyboard.press('Escape');
  await expect(alice.getByRole('dialog', { name: 'Server admin' })).toHaveCount(0);
  await expect(alice.getByRole('button', { name: 'Server admin' })).toBeFocused();
});

test('desktop: the host screen opens the admin panel of the server it hosts', async ({
  browser,
  server,
}) => {
  // Stands in for the server this computer hosts: the bridge reports it as running.
  const hosted = new CliServer(['--name', 'Desk', '--allow-origin', server.url]);
  await hosted.start();
  try {
    const page = await (await browser.newContext()).newPage();
    await installBridge(page, { keepTokens: true, servers: [{ name: 'Desk', url: hosted.url }] });
    await page.goto(server.url);
    await signUp(page, 'host', 'Host');
    await bridgeFire(page, 'host', hostRunning(hosted, { connections: 1, people: 1 }));
    await page.getByRole('button', { name: 'Hosting (running)' }).click();
    await page.getByRole('button', { name: 'Open admin panel' }).click();
    const panel = page.getByRole('dialog', { name: 'Server admin' });
    await expect(panel.getByRole('tab', { name: 'Users', selected: true })).toBeVisible();
    await expect(panel.locator('tr[data-username="host"]')).toContainText('Owner');
  } finally {
    await hosted.dispose();
  }
});
