import type { Page } from '@playwright/test';
import { CliServer } from '../cli-server';
import { expectAccessible } from './a11y';
import { bridgeCalls, bridgeFire, installBridge } from './desktop-bridge';
import { expect, screenshotPath, test } from './fixtures';
import { seedMessages } from './seed-room';

/**
 * Desktop message links (issue 17), with the stand-in bridge (main's parser and routing are
 * unit-tested in test/main) and real servers: the link the app started with opens its room at the
 * message once signed in; a link to a server not saved asks first and adds it only on yes; a
 * refused link and a room one is not in are said; "Copy link" asks main for the parley:// link.
 */

const NEEDLE = 'the linked message';

/** An owner registered over HTTP, and 120 messages of theirs in #general, the needle 10th. */
async function ownerWithHistory(server: CliServer, username: string) {
  const answer = await fetch(`${server.url}/api/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'correct horse' }),
  });
  expect(answer.ok).toBe(true);
  const texts = Array.from({ length: 120 }, (_, i) => (i === 9 ? NEEDLE : `seed ${i + 1}`));
  const ids = seedMessages(server.dataDir, { roomId: 1, authorId: 1, texts });
  return { serverUrl: server.url, roomId: 1, messageId: ids[9] ?? 0, sixtieth: ids[59] ?? 0 };
}

/**
 * Signs in on the server in view. Every saved server keeps its screens mounted (hidden), so the
 * fields are found by their labels inside the server in view.
 */
async function signIn(page: Page, username: string) {
  const shown = page.locator('.server-slot:not([hidden])');
  await expect(shown.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await shown.getByLabel('Username').fill(username);
  await shown.getByLabel('Password').fill('correct horse');
  await shown.getByRole('button', { name: 'Sign in' }).click();
}

/** #general open at the needle: focused, with the messages around it, not the newest. */
async function openAtNeedle(page: Page) {
  const needle = page.locator('.message', { hasText: NEEDLE });
  await expect(page.getByRole('heading', { name: '#general', exact: true })).toBeVisible();
  // First: the highlight lasts 2 s, which the checks below can outlast on a busy machine.
  await expect(needle).toHaveClass(/highlighted/);
  await expect(needle).toBeFocused();
  await expect(page.getByText('seed 9', { exact: true })).toBeAttached();
  await expect(page.getByText('seed 11', { exact: true })).toBeAttached();
  await expect(page.getByText('seed 120', { exact: true })).toHaveCount(0);
  return needle;
}

test('desktop: the link the app started with opens at the message after sign-in; Copy link asks main', async ({
  page,
  server,
}) => {
  const { sixtieth: _, ...target } = await ownerWithHistory(server, 'alice');
  await installBridge(page, {
    keepTokens: true,
    servers: [{ name: 'E2E', url: server.url }],
    pendingMessageLink: { ok: true, target },
  });
  await page.goto(server.url);
  await signIn(page, 'alice');
  const needle = await openAtNeedle(page);

  // Copy link: main makes the parley:// link and puts it on the clipboard.
  await needle.hover();
  const toolbar = needle.getByRole('toolbar', { name: 'Message actions' });
  await toolbar.getByRole('button', { name: 'Copy link' }).click();
  await expect(toolbar.getByRole('status')).toHaveText('Link copied');
  expect(await bridgeCalls(page, 'copyMessageLink')).toEqual([target]);
  // Copy web link: the form a browser opens, for someone without the app.
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await toolbar.getByRole('button', { name: 'Copy web link' }).click();
  await expect(toolbar.getByRole('status')).toHaveText('Web link copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
    `${server.url}/#room=${target.roomId}&message=${target.messageId}`,
  );

  // Refused by main: its words, as an alert; a room she is not in: said, not a blank screen.
  await bridgeFire(page, 'message', {
    ok: false,
    message: 'This message link names something twice.',
  });
  await expect(page.getByRole('alert').filter({ hasText: 'names something twice' })).toBeVisible();
  await bridgeFire(page, 'message', { ok: true, target: { ...target, roomId: 999 } });
  await expect(page.locator('.room-pane > .banner')).toContainText(/a room you are not in/);
  await expect(needle).toBeVisible();
  expect(await bridgeCalls(page, 'addServer')).toEqual([]);
});

test('desktop: a link to a server not saved asks first, and adds it only on yes', async ({
  page,
  server,
}) => {
  const guild = new CliServer(['--name', 'Guild', '--allow-origin', server.url]);
  await guild.start();
  try {
    const { sixtieth: _, ...target } = await ownerWithHistory(guild, 'guildmaster');
    await installBridge(page, { keepTokens: true, servers: [{ name: 'E2E', url: server.url }] });
    await page.goto(server.url);
    await expect(page.getByRole('heading', { name: 'Create the owner account' })).toBeVisible();

    // First only the link's address: nothing is contacted before Continue.
    await bridgeFire(page, 'message', { ok: true, target });
    const consent = page.getByRole('dialog', { name: 'Open this message?' });
    await expect(consent).toContainText(`Open a message on ${guild.url}?`);
    await expect(consent).toContainText('Parley has not connected to this server');
    await expect(consent.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await expectAccessible(page, 'message link consent', { include: 'dialog' });
    await page.keyboard.press('Escape');
    await expect(consent).toHaveCount(0);
    expect(await bridgeCalls(page, 'inspectServer')).toEqual([]);

    // Continue: main looks at it; named (by main only: its address, as main names no plain
    // http server), with what would be pinned; Cancel has the focus and adds nothing.
    const host = new URL(guild.url).host;
    await bridgeFire(page, 'message', { ok: true, target });
    await consent.getByRole('button', { name: 'Continue' }).click();
    expect(await bridgeCalls(page, 'inspectServer')).toEqual([guild.url]);
    const offer = page.getByRole('dialog', { name: 'Add this server?' });
    await expect(offer).toContainText('This message link is to a server you have not added');
    await expect(offer.locator('dd').first()).toHaveText(host);
    await expect(offer).toContainText(guild.url);
    await expect(offer).toContainText('None: plain HTTP, nothing is encrypted.');
    await expect(offer.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await expectAccessible(page, 'message link offer', { include: 'dialog' });
    await page.screenshot({ path: screenshotPath('desktop-message-link-offer') });
    await page.keyboard.press('Escape');
    await expect(offer).toHaveCount(0);
    expect(await bridgeCalls(page, 'addServer')).toEqual([]);

    // Yes: added, the rail switches to it, and after sign-in the room opens at the message.
    await bridgeFire(page, 'message', { ok: true, target });
    await consent.getByRole('button', { name: 'Continue' }).click();
    await offer.getByRole('button', { name: 'Add server' }).click();
    await expect
      .poll(() => bridgeCalls(page, 'addServer'))
      .toEqual([{ name: host, url: guild.url }]);
    await signIn(page, 'guildmaster');
    await openAtNeedle(page);
  } finally {
    await guild.dispose();
  }
});

test('desktop: a link to a server whose certificate differs from its pin is refused, with the warning', async ({
  page,
  server,
}) => {
  const lan = 'https://192.168.1.20:4443';
  const [pinned, presented] = ['ab'.repeat(32), 'cd'.repeat(32)];
  await installBridge(page, { keepTokens: true, servers: [{ name: 'E2E', url: server.url }] });
  // Main's inspection of that server, as it would answer (main/server-check.ts decides it and is
  // unit-tested there): its host is pinned to another certificate, by another port of it.
  await page.addInitScript(
    ([address, pin, shown]) => {
      const bridge = (window as unknown as { parley: Record<string, unknown> }).parley;
      const plain = bridge.inspectServer as (url: string) => Promise<unknown>;
      bridge.inspectServer = async (url: string) =>
        url !== address
          ? plain(url)
          : {
              url,
              tls: true,
              fingerprint: shown,
              mismatch: { pinned: pin, presented: shown, pinnedBy: 'https://192.168.1.20:4000' },
            };
    },
    [lan, pinned, presented],
  );
  await page.goto(server.url);
  await bridgeFire(page, 'message', {
    ok: true,
    target: { serverUrl: lan, roomId: 1, messageId: 5 },
  });
  await page
    .getByRole('dialog', { name: 'Open this message?' })
    .getByRole('button', { name: 'Continue' })
    .click();
  const warning = page.getByRole('alert').filter({ hasText: 'certificate has changed' });
  await expect(warning).toContainText('Someone may be impersonating it');
  await expect(warning).toContainText(lan);
  await expect(page.getByRole('dialog', { name: 'Add this server?' })).toHaveCount(0);
  expect(await bridgeCalls(page, 'addServer')).toEqual([]);
  await warning.getByRole('button', { name: 'Dismiss' }).click();
  await expect(warning).toHaveCount(0);
});

test('desktop: links that come while one is asked about wait their turn; a flood is cut and said', async ({
  page,
  server,
}) => {
  await installBridge(page, { keepTokens: true, servers: [{ name: 'E2E', url: server.url }] });
  await page.goto(server.url);
  await expect(page.getByRole('heading', { name: 'Create the owner account' })).toBeVisible();
  const at = (host: string) => ({
    ok: true,
    target: { serverUrl: `http://${host}:4000`, roomId: 1, messageId: 1 },
  });
  // The Continue button as it first appears: off (a click then was meant for something else).
  const firstState = page.evaluate(
    () =>
      new Promise<boolean>((resolve) => {
        const watch = new MutationObserver(() => {
          const button = [...document.querySelectorAll('dialog button')].find(
            (element) => element.textContent === 'Continue',
          );
          if (!(button instanceof HTMLButtonElement)) return;
          watch.disconnect();
          resolve(button.disabled);
        });
        watch.observe(document.body, { subtree: true, childList: true });
      }),
  );
  await bridgeFire(page, 'message', at('10.0.0.1'));
  expect(await firstState).toBe(true);
  const consent = page.getByRole('dialog', { name: 'Open this message?' });
  await expect(consent).toContainText('http://10.0.0.1:4000');
  await expect(consent.getByRole('button', { name: 'Continue' })).toBeEnabled();

  // A second link does not take the first one's place; it waits, and comes after Cancel.
  await bridgeFire(page, 'message', at('10.0.0.2'));
  await expect(consent).toContainText('http://10.0.0.1:4000');
  await consent.getByRole('button', { name: 'Cancel' }).click();
  await expect(consent).toContainText('http://10.0.0.2:4000');

  // Five more wait; any beyond that are dropped, and that is said (not as an alarm).
  for (let i = 3; i <= 9; i++) await bridgeFire(page, 'message', at(`10.0.0.${i}`));
  const notice = page.getByRole('status').filter({ hasText: 'they were ignored' });
  await expect(notice).toBeVisible();
  for (const i of [2, 3, 4, 5, 6, 7]) {
    await expect(consent.locator('.mono')).toHaveText(`http://10.0.0.${i}:4000`);
    await consent.getByRole('button', { name: 'Cancel' }).click();
  }
  await expect(consent).toHaveCount(0);
  expect(await bridgeCalls(page, 'inspectServer')).toEqual([]);
  await notice.getByRole('button', { name: 'Dismiss' }).click();
  await expect(notice).toHaveCount(0);
});

test("desktop: links to a saved server not in view switch to it; a newer waiting link replaces an older one, said; a saved server's web link in a message opens in the app", async ({
  page,
  server,
}) => {
  const guild = new CliServer(['--name', 'Guild', '--allow-origin', server.url]);
  await guild.start();
  try {
    const { sixtieth, ...target } = await ownerWithHistory(guild, 'guildmaster');
    await ownerWithHistory(server, 'alice');
    const saved = [
      { name: 'E2E', url: server.url },
      { name: 'Guild', url: guild.url },
    ];
    await installBridge(page, { keepTokens: true, servers: saved });
    await page.goto(server.url);
    await signIn(page, 'alice');
    await expect(page.getByRole('heading', { name: '#general', exact: true })).toBeVisible();

    // Guild is not in view and not signed in: the link waits for its sign-in; a newer one for
    // the same server takes its place, and that is said.
    await bridgeFire(page, 'message', { ok: true, target: { ...target, messageId: sixtieth } });
    await bridgeFire(page, 'message', { ok: true, target });
    await expect(
      page.getByRole('status').filter({ hasText: 'the newer link replaces it' }),
    ).toContainText(guild.url);
    await signIn(page, 'guildmaster');
    await openAtNeedle(page);

    // Back on E2E, Guild's web link in a message: Guild is shown at that message, in the app.
    const rail = page.getByRole('navigation', { name: 'Servers' });
    await rail.getByRole('button', { name: /^E2E/ }).click();
    const link = `${guild.url}/#room=1&message=${sixtieth}`;
    const shown = page.locator('.server-slot:not([hidden])');
    const composer = shown.getByRole('textbox', { name: /^Message / });
    await composer.fill(`Look: ${link}`);
    await composer.press('Enter');
    await shown.getByRole('link', { name: link }).click();
    await expect(page.locator('.message', { hasText: 'seed 60' })).toHaveClass(/highlighted/);
    await expect(page.locator('.message', { hasText: 'seed 60' })).toBeFocused();
    expect(await bridgeCalls(page, 'openExternal')).toEqual([]);
  } finally {
    await guild.dispose();
  }
});
