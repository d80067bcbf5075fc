import { expect, loginInPage, person, twoPeople, send, signUp, test } from './fixtures';

test('wrong passwords and the login rate limit show next to the form', async ({
  browser,
  server,
}) => {
  const alice = await person(browser, server.url);
  await signUp(alice, 'alice', 'Alice');
  const eve = await person(browser, server.url);
  await eve.getByLabel('Username').fill('alice');
  await eve.getByLabel('Password').fill('not the password');
  await eve.getByRole('button', { name: 'Sign in' }).click();
  await expect(eve.getByLabel('Password')).toHaveAccessibleDescription(
    'Wrong username or password.',
  );
  await expect(eve.getByLabel('Password')).toHaveAttribute('aria-invalid', 'true');
  for (let attempt = 2; attempt <= 10; attempt++) {
    await eve.getByRole('button', { name: 'Sign in' }).click();
    await expect(eve.getByRole('button', { name: 'Sign in' })).toBeEnabled();
  }
  await eve.getByRole('button', { name: 'Sign in' }).click();
  await expect(eve.locator('.form-error')).toHaveText(/Too many attempts\. Try again in \d+ s\./);

  await eve.getByRole('button', { name: 'New here? Create an account' }).click();
  await eve.getByLabel('Username').fill('ALICE');
  await eve.getByLabel('Password').fill('long enough');
  await eve.getByRole('button', { name: 'Create account' }).click();
  await expect(eve.getByLabel('Username')).toHaveAccessibleDescription('That username is taken.');
  await eve.getByLabel('Password').fill('short');
  await eve.getByRole('button', { name: 'Create account' }).click();
  await expect(eve.getByLabel('Password')).toHaveAccessibleDescription('At least 8 characters.');
});

test('a private room is invisible to non-members until they accept an invitation; a DM works, and a block stops it', async ({
  browser,
  server,
}) => {
  const { alice, bob } = await twoPeople(browser, server.url);

  await alice.getByRole('button', { name: 'New room' }).click();
  await alice.getByLabel('Room name').fill('secret');
  await alice.getByLabel('Private: invited people only').check();
  await alice.getByRole('button', { name: 'Create room' }).click();
  await expect(alice.getByRole('heading', { name: '#secret' })).toBeVisible();
  await send(alice, 'the plans');

  await bob.getByRole('button', { name: 'Browse rooms' }).click();
  await expect(bob.getByText('You are in every public room already.')).toBeVisible();
  await bob.keyboard.press('Escape');
  await expect(bob.getByRole('button', { name: /secret/ })).toHaveCount(0);

  await alice.getByRole('button', { name: 'Invite' }).click();
  await alice.getByLabel('Username').fill('bob');
  await alice.getByRole('button', { name: 'Invite', exact: true }).last().click();
  // An invitation is an offer: bob is in the room only once he accepts it.
  const accept = bob.getByRole('button', { name: 'Accept the invitation to #secret' });
  await expect(accept).toBeVisible();
  await expect(bob.getByRole('button', { name: '🔒 #secret' })).toHaveCount(0);
  await accept.click();
  await expect(bob.getByRole('heading', { name: '#secret' })).toBeVisible();
  await expect(bob.locator('.message-text', { hasText: 'the plans' })).toBeVisible();
  await expect(bob.getByRole('heading', { name: 'Invitations' })).toHaveCount(0);

  await alice.getByRole('button', { name: 'New message' }).click();
  await alice.getByLabel('Username').fill('bob');
  await alice.getByRole('button', { name: 'Open conversation' }).click();
  await expect(alice.getByRole('heading', { name: 'Bob' })).toBeVisible();
  await send(alice, 'just between us');
  const dm = bob.getByRole('button', { name: 'Alice, 1 unread' });
  await expect(dm).toBeVisible();
  await dm.click();
  await expect(bob.locator('.message-text', { hasText: 'just between us' })).toBeVisible();
  // Read now: the sidebar's entry has no unread count (the author's name is a button too).
  const sidebar = bob.getByRole('navigation', { name: 'Rooms' });
  await expect(sidebar.getByRole('button', { name: 'Alice', exact: true })).toBeVisible();

  await bob.getByRole('button', { name: 'Block @alice' }).click();
  await expect(bob.getByText('Blocked: neither of you can write here.')).toBeVisible();
  await send(alice, 'are you there?');
  await expect(
    alice.getByText('This person is not taking direct messages from you.'),
  ).toBeVisible();
});

test('an unreachable server gets a clear message; every control has a label', async ({
  browser,
  server,
}) => {
  const page = await person(browser, server.url);
  await page.getByRole('button', { name: 'Change server' }).click();
  await page.getByLabel('Server address').fill('127.0.0.1:1');
  await page.getByRole('button', { name: 'Connect' }).click();
  await expect(page.getByRole('alert')).toHaveText(
    /Cannot reach 127\.0\.0\.1:1 over https or http/,
  );
  await page.getByLabel('Server address').fill(server.url);
  await page.getByLabel('Server address').press('Enter');
  await signUp(page, 'alice', 'Alice');

  const unlabeled = await page.evaluate(() =>
    [...document.querySelectorAll('button, input, textarea, select, a[href]')]
      .filter((el) => {
        const field = el as HTMLInputElement;
        const named =
          el.getAttribute('aria-label') || (el.textContent ?? '').trim() || field.labels?.length;
        return !named;
      })
      .map((el) => el.outerHTML),
  );
  expect(unlabeled).toEqual([]);
  // The keyboard alone reaches the composer and sends.
  await page.keyboard.type('typed without a mouse');
  await page.keyboard.press('Enter');
  await expect(page.locator('.message-text', { hasText: 'typed without a mouse' })).toBeVisible();
});

test('a ban sends the person back to sign-in with the reason', async ({ browser, server }) => {
  const { alice, bob } = await twoPeople(browser, server.url);
  const token = await loginInPage(alice, 'alice'); // alice signed up first: she is the owner
  const banned = await alice.evaluate(async (token) => {
    const answer = await fetch('/api/admin/ban', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ username: 'bob' }),
    });
    return answer.status;
  }, token);
  expect(banned).toBe(200);
  await expect(bob.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(bob.getByRole('status')).toHaveText('You were banned from this server.');
});
