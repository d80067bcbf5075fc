import type { Page } from '@playwright/test';
import { bridgeCalls, installBridge } from './desktop-bridge';
import { expect, screenshotPath, test } from './fixtures';

/**
 * What the desktop app trusts, and what it says before trusting: invite links ask first, one
 * that would pin a second certificate for a host is refused, and plain http to another computer
 * is marked. The bridge is a stand-in (main's side is unit-tested in test/main/pinning.test.ts).
 */
const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const inAWeek = () => Date.now() + 7 * 24 * 3600 * 1000;

/** What main sends when a parley:// link is opened while the app runs. */
function openLink(page: Page, invite: Record<string, unknown>) {
  return page.evaluate(
    (value) =>
      (window as unknown as { bridgeFire: (k: string, v: unknown) => void }).bridgeFire(
        'invite',
        value,
      ),
    { ok: true, invite: { expiresAt: inAWeek(), ...invite } },
  );
}

test('desktop: invite links ask first, say when a name is taken, and never pin a second certificate for a host', async ({
  browser,
  server,
}) => {
  const page = await (await browser.newContext()).newPage();
  const office = { name: 'Office', url: 'https://10.0.0.5:4443', fingerprint: A };
  await installBridge(page, {
    keepTokens: true,
    servers: [{ name: 'Guild', url: server.url }, office],
  });
  await page.goto(server.url);
  await expect(page.getByRole('heading', { name: 'Create the owner account' })).toBeVisible();

  // The attack: the same host on another port, with another certificate. Refused, with the
  // changed-certificate warning naming the pin it contradicts; nothing is offered or added.
  await openLink(page, { serverUrl: 'https://10.0.0.5:9999', name: 'Office', fingerprint: B });
  const warning = page.getByRole('alert').filter({ hasText: 'certificate has changed' });
  await expect(warning).toContainText('The pin was saved with https://10.0.0.5:4443');
  await expect(warning.locator('.fingerprint').first()).toHaveText(/^AAAA AAAA/);
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await page.screenshot({ path: screenshotPath('desktop-invite-refused') });
  await warning.getByRole('button', { name: 'Dismiss' }).click();
  await expect(warning).toHaveCount(0);

  // A link whose name is a saved server's name, at another address, over plain http: asked,
  // with both said plainly. Cancel adds nothing.
  await openLink(page, { serverUrl: 'http://10.0.0.9:4000', name: 'guild' });
  const offer = page.getByRole('dialog', { name: 'Add this server?' });
  await expect(offer.getByRole('note')).toContainText(
    `You already have a server named “Guild”, at ${server.url}`,
  );
  await expect(offer).toContainText('http://10.0.0.9:4000 ⚠ Not encrypted');
  await expect(offer).toContainText('None: plain HTTP, nothing is encrypted.');
  await page.screenshot({ path: screenshotPath('desktop-invite-lookalike') });
  await offer.getByRole('button', { name: 'Cancel' }).click();
  await expect(offer).toHaveCount(0);

  // A link for a server already saved: opened as it is (not renamed by the invite).
  await openLink(page, { serverUrl: server.url, name: 'Renamed by someone', code: 'abc123' });
  await expect(offer).toContainText('already in your list as “Guild”');
  await offer.getByRole('button', { name: 'Open it' }).click();
  await expect(page.getByRole('button', { name: 'Guild', exact: true })).toHaveAttribute(
    'aria-current',
    'page',
  );
  expect(await bridgeCalls(page, 'addServer')).toEqual([]);
  expect(await bridgeCalls(page, 'checkServer')).toHaveLength(3);
});

test('desktop: plain http to another computer is marked in the rail, and confirmed when typed', async ({
  browser,
  server,
}) => {
  const page = await (await browser.newContext()).newPage();
  await installBridge(page, {
    keepTokens: true,
    servers: [
      { name: 'E2E', url: server.url },
      { name: 'Remote', url: 'http://10.255.255.1:4000' },
    ],
  });
  await page.goto(server.url);
  const rail = page.getByRole('navigation', { name: 'Servers' });
  // In words for screen readers and in the tooltip, with an icon on the button: not colour.
  await expect(rail.getByRole('button', { name: 'Remote, not encrypted' })).toHaveAttribute(
    'title',
    /Not encrypted: this server is reached over plain HTTP/,
  );
  await expect(rail.getByRole('button', { name: 'E2E', exact: true })).toBeVisible();
  await expect(rail.locator('.rail-insecure')).toHaveCount(1);

  // Typed without a scheme: main gets the http form, which it probes over TLS first (see
  // test/main/tls-pinning.test.ts); a plain-http answer from another computer is said before
  // anything is added.
  await rail.getByRole('button', { name: 'Add a server' }).click();
  await page.getByLabel('Server address').fill('10.255.255.2:4000');
  await page.getByRole('button', { name: 'Add server' }).click();
  await expect(page.getByRole('heading', { name: 'This server is not encrypted' })).toBeVisible();
  expect(await bridgeCalls(page, 'inspectServer')).toContain('http://10.255.255.2:4000');
  await page.screenshot({ path: screenshotPath('desktop-plain-http') });
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('heading', { name: 'This server is not encrypted' })).toHaveCount(0);
  expect(await bridgeCalls(page, 'addServer')).toEqual([]);
});
