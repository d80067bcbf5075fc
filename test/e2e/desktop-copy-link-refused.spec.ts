import { expectAccessible } from './a11y';
import { bridgeCalls, installBridge } from './desktop-bridge';
import { expect, send, signUp, test } from './fixtures';

/**
 * "Copy link" when main refuses to make the link (issue 17, review M2): main throws for a server
 * nobody else can reach (hosted for this computer only), with words for people. The page says
 * them at the message, as an alert, without Electron's "Error invoking remote method" prefix,
 * and never "Link copied". Main's refusal itself is unit-tested in
 * test/main/message-link-copy.test.ts; here the stand-in bridge refuses as a throwing handler
 * does.
 */
test('desktop: a message link main refuses is said at the message, in its words', async ({
  browser,
  server,
}) => {
  const page = await (await browser.newContext()).newPage();
  await installBridge(page, {
    keepTokens: true,
    servers: [{ name: 'Desk', url: server.url }],
    fail: { copyMessageLink: 'message-link:copy' },
  });
  await page.goto(server.url);
  await signUp(page, 'erin', 'Erin');
  await send(page, 'a message worth linking');
  const row = page.locator('article.message').filter({ hasText: 'a message worth linking' });
  await expect(row).toHaveAttribute('data-message-id', /^[1-9]\d*$/);

  await row.hover();
  const toolbar = row.getByRole('toolbar', { name: 'Message actions' });
  await toolbar.getByRole('button', { name: 'Copy link' }).click();

  const alert = row.getByRole('alert');
  await expect(alert).toHaveText(
    'Could not copy the link: message-link:copy: refused in this test',
  );
  await expect(toolbar.getByRole('status')).not.toHaveText('Link copied');
  expect(await bridgeCalls(page, 'copyMessageLink')).toHaveLength(1);
  await expectAccessible(page, 'copy link refused');
});
