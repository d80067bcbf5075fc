import {
  expect,
  loginInPage,
  person,
  twoPeople,
  screenshotPath,
  send,
  shownTexts,
  signUp,
  test,
} from './fixtures';

test('two people chat in general, each seeing the other under the right name', async ({
  browser,
  server,
}) => {
  const alice = await person(browser, server.url);
  // A fresh server: the first person creates the owner account.
  await expect(alice.getByRole('heading', { name: 'Create the owner account' })).toBeVisible();
  await expect(alice.getByText('E2E')).toBeVisible();
  await signUp(alice, 'alice', 'Alice Liddell');
  const bob = await person(browser, server.url);
  await expect(bob.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await bob.screenshot({ path: screenshotPath('sign-in') });
  await signUp(bob, 'bob', 'Bob Builder');

  await send(alice, 'Hello Bob!');
  await expect(bob.locator('.message', { hasText: 'Hello Bob!' }).locator('.author')).toHaveText(
    'Alice Liddell',
  );
  await send(bob, 'Hi Alice, a link: https://example.org/docs.');
  const received = alice.locator('.message', { hasText: 'Hi Alice' });
  await expect(received.locator('.author')).toHaveText('Bob Builder');
  await expect(received.getByRole('link', { name: 'https://example.org/docs' })).toHaveAttribute(
    'rel',
    'noopener noreferrer',
  );
  // Own messages are marked, and both people are online.
  await expect(alice.locator('.message.own', { hasText: 'Hello Bob!' })).toBeVisible();
  await expect(alice.getByText('2 online')).toBeVisible();
  await expect(alice.getByText('Signed in as')).toContainText('Alice Liddell');

  for (let i = 1; i <= 12; i++) await send(i % 2 ? alice : bob, `Busy room message ${i}`);
  await expect(shownTexts(alice).last()).toHaveText('Busy room message 12');
  await bob.getByRole('textbox', { name: /^Message / }).fill('typing...');
  await expect(alice.getByText('Bob Builder is typing…')).toBeVisible();
  await alice.screenshot({ path: screenshotPath('busy-room') });
  await alice.emulateMedia({ colorScheme: 'dark' });
  await alice.screenshot({ path: screenshotPath('busy-room-dark') });
});

test('a spoofed author in message:send is ignored: everyone sees alice', async ({
  browser,
  server,
}) => {
  const { alice, bob } = await twoPeople(browser, server.url);

  // From alice's page: log in again and speak the Socket.IO protocol by hand, claiming to be bob.
  const token = await loginInPage(alice, 'alice');
  const acked = await alice.evaluate(async (token) => {
    const ws = new WebSocket(`ws://${location.host}/socket.io/?EIO=4&transport=websocket`);
    return new Promise<string>((resolve) => {
      ws.onmessage = ({ data }) => {
        const frame = String(data);
        if (frame.startsWith('0{')) ws.send(`40${JSON.stringify({ token })}`);
        if (frame.startsWith('40')) {
          const claim = { id: 2, username: 'bob', displayName: 'Bob' };
          ws.send(
            `421${JSON.stringify(['message:send', { roomId: 1, text: 'I am totally bob', clientId: 'spoof', author: claim, user: claim }])}`,
          );
        }
        if (frame.startsWith('431')) resolve(frame);
      };
    });
  }, token);
  expect(acked).toContain('"ok":true');
  for (const page of [alice, bob]) {
    await expect(
      page.locator('.message', { hasText: 'I am totally bob' }).locator('.author'),
    ).toHaveText('Alice');
  }
});

test('hostile text stays text and runs no script', async ({ browser, server }) => {
  const { alice, bob } = await twoPeople(browser, server.url);
  const hostile =
    '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script> javascript:alert(1)';
  await send(alice, hostile);
  await expect(bob.locator('.message-text', { hasText: '<img src=x' })).toHaveText(hostile);
  expect(await bob.locator('.message-rows img, .message-rows script').count()).toBe(0);
  expect(await bob.locator('.message-rows a').count()).toBe(0);
  expect(
    await bob.evaluate(() => (window as unknown as { __pwned?: number }).__pwned),
  ).toBeUndefined();
});
