import type { Page } from '@playwright/test';
import { io } from 'socket.io-client';
import { expectAccessible } from './a11y';
import { expect, person, send, signUp, test, twoPeople } from './fixtures';

const SIGNED_OUT_ELSEWHERE = /Your session ended \(signed out elsewhere/;

/** Signs in through the UI as an existing account. */
async function signIn(page: Page, username: string, password = 'correct horse') {
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('heading', { name: '#general' })).toBeVisible();
}

/** Opens "Profile & account" on its Security tab. */
async function openSecurity(page: Page) {
  await page.getByRole('button', { name: 'Profile & account' }).click();
  await page.getByRole('tab', { name: 'Security' }).click();
  await expect(page.getByRole('heading', { name: 'Your sessions' })).toBeVisible();
}

test('sign out another session and see that socket dropped', async ({ browser, server }) => {
  const here = await person(browser, server.url);
  await signUp(here, 'alice', 'Alice');
  const there = await person(browser, server.url);
  await signIn(there, 'alice');

  await openSecurity(here);
  const sessions = here.locator('.sessions-list .session');
  await expect(sessions).toHaveCount(2);
  await expect(sessions.filter({ hasText: 'This device' })).toHaveCount(1);
  const other = sessions.filter({ hasNotText: 'This device' });
  await expect(other).toContainText('127.0.0.1');
  await other.getByRole('button', { name: /^Sign out / }).click();
  await expect(here.getByText('Signed out')).toBeVisible();
  await expect(sessions).toHaveCount(1);

  // The other context is cut off at once (no reload), and told why on the sign-in screen.
  await expect(there.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(there.getByRole('status')).toHaveText(SIGNED_OUT_ELSEWHERE);
  // This one goes on.
  await here.keyboard.press('Escape');
  await send(here, 'still here');
  await expect(here.locator('.message-text', { hasText: 'still here' })).toBeVisible();
});

test('a password change needs the current one and signs the other sessions out', async ({
  browser,
  server,
}) => {
  const here = await person(browser, server.url);
  await signUp(here, 'alice', 'Alice');
  const there = await person(browser, server.url);
  await signIn(there, 'alice');

  await openSecurity(here);
  await here.getByLabel('Current password').fill('wrong password');
  await here.getByLabel('New password', { exact: true }).fill('battery staple');
  await here.getByLabel('Confirm new password').fill('battery stapel');
  await here.getByRole('button', { name: 'Change password' }).click();
  await expect(here.getByRole('alert')).toHaveText('The new passwords do not match.');
  // Only the field the error is about is marked invalid and described by it.
  await expect(here.getByLabel('Confirm new password')).toHaveAttribute('aria-invalid', 'true');
  await expect(here.getByLabel('Confirm new password')).toHaveAccessibleDescription(
    'The new passwords do not match.',
  );
  await expect(here.getByLabel('Current password')).not.toHaveAttribute('aria-invalid');
  await here.getByLabel('Confirm new password').fill('battery staple');
  await here.getByRole('button', { name: 'Change password' }).click();
  await expect(here.getByRole('alert')).toHaveText('The current password is wrong.');
  await expect(here.getByLabel('Current password')).toHaveAttribute('aria-invalid', 'true');
  await expect(here.getByLabel('Confirm new password')).not.toHaveAttribute('aria-invalid');
  // Password managers learn which account the new password is for.
  await expect(here.locator('input[autocomplete="username"]')).toHaveValue('alice');
  await here.getByLabel('Current password').fill('correct horse');
  await here.getByRole('button', { name: 'Change password' }).click();
  await expect(here.getByText('Password changed.')).toBeVisible();

  await expect(there.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(there.getByRole('status')).toHaveText(SIGNED_OUT_ELSEWHERE);
  await signIn(there, 'alice', 'battery staple');
});

test('a reset code from an admin sets a new password and signs in', async ({ browser, server }) => {
  const { alice, bob } = await twoPeople(browser, server.url);
  await bob.getByRole('button', { name: 'Sign out' }).click();
  await expect(bob.getByRole('heading', { name: 'Sign in' })).toBeVisible();

  // The owner makes a code over the socket, as the admin panel does.
  const token = await alice.evaluate(async () => {
    const answer = await fetch('/api/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'alice', password: 'correct horse' }),
    });
    return ((await answer.json()) as { token: string }).token;
  });
  const socket = io(server.url, { auth: { token }, transports: ['websocket'], forceNew: true });
  // bob's id as the server has it, not a guess from the sign-up order.
  const found = (await socket.timeout(5000).emitWithAck('admin:users', { query: 'bob' })) as {
    users: Array<{ id: number; username: string }>;
  };
  const bobId = found.users.find((user) => user.username === 'bob')?.id;
  expect(bobId).toBeDefined();
  const issued = (await socket
    .timeout(5000)
    .emitWithAck('admin:reset-password', { userId: bobId })) as {
    ok: boolean;
    code?: string;
  };
  socket.disconnect();
  expect(issued.ok).toBe(true);

  await bob.getByRole('button', { name: 'Have a reset code?' }).click();
  await expect(bob.getByRole('heading', { name: 'Set a new password' })).toBeVisible();
  // The switch took the focused button away: the new form's first field has the focus.
  await expect(bob.getByLabel('Username')).toBeFocused();
  await expectAccessible(bob, 'reset code form');
  await bob.getByLabel('Username').fill('bob');
  await bob.getByLabel('Reset code').fill('not-the-code');
  await bob.getByLabel('New password', { exact: true }).fill('a new password');
  await bob.getByLabel('Confirm new password').fill('a new password');
  await bob.getByRole('button', { name: 'Set password and sign in' }).click();
  await expect(bob.getByRole('alert')).toContainText('not valid');
  await bob.getByLabel('Reset code').fill(issued.code ?? '');
  await bob.getByRole('button', { name: 'Set password and sign in' }).click();
  await expect(bob.getByRole('heading', { name: '#general' })).toBeVisible();
  await expect(bob.locator('.sidebar-me')).toContainText('@bob');
});

test('deleting an account: the owner is refused, a member goes, their messages stay as "Deleted user"', async ({
  browser,
  server,
}) => {
  const { alice, bob } = await twoPeople(browser, server.url);
  await send(bob, 'bye all');
  await expect(alice.locator('article', { hasText: 'bye all' }).locator('.author')).toHaveText(
    'Bob',
  );

  await openSecurity(alice);
  await alice.getByLabel('Password', { exact: true }).fill('correct horse');
  await alice.getByRole('button', { name: 'Delete my account' }).click();
  await expect(alice.getByLabel('Password', { exact: true })).toHaveAccessibleDescription(
    'The owner account cannot be deleted: transfer ownership to someone first.',
  );
  await alice.keyboard.press('Escape');

  await openSecurity(bob);
  await bob.getByLabel('Password', { exact: true }).fill('wrong');
  await bob.getByRole('button', { name: 'Delete my account' }).click();
  await expect(bob.getByLabel('Password', { exact: true })).toHaveAccessibleDescription(
    'Wrong password.',
  );
  await bob.getByLabel('Password', { exact: true }).fill('correct horse');
  await bob.getByRole('button', { name: 'Delete my account' }).click();
  await expect(bob.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(bob.getByRole('status')).toHaveText('Your account was deleted.');

  const row = alice.locator('article', { hasText: 'bye all' });
  await expect(row.locator('.author')).toHaveText('Deleted user');
  // No profile card for a deleted account: the name is not a button.
  await expect(row.getByRole('button', { name: 'Deleted user' })).toHaveCount(0);
});
