import type { Browser, Page } from '@playwright/test';
import { announcements, expectAccessible, recordAnnouncements } from './a11y';
import { installBridge } from './desktop-bridge';
import { createRoom, expect, person, send, shownTexts, signUp, test, twoPeople } from './fixtures';

/**
 * Every screen of the client, audited with axe-core (WCAG 2.1 A and AA) in the light and the dark
 * colour scheme, and what a keyboard or screen-reader user does. A new screen or dialog gets an
 * `expectAccessible(page, '<name>')` once it shows, in the test that reaches it.
 */

// Each audit runs axe twice (light and dark), a few seconds each on a busy 2-core machine.
test.describe.configure({ timeout: 180_000 });

const composer = (page: Page) => page.getByRole('textbox', { name: /^Message / });

async function openRoom(page: Page, title: string) {
  await page
    .getByRole('navigation', { name: 'Rooms' })
    .getByRole('button', { name: title })
    .click();
  await expect(page.getByRole('heading', { name: title, exact: true })).toBeVisible();
}

/**
 * alice's screen in a busy #general: 32 messages from her and bob (one of hers with a link), bob
 * typing, an unread #random, a public #design she could join and an invitation to #plans.
 */
async function busyRoom(browser: Browser, url: string) {
  const { alice, bob } = await twoPeople(browser, url);
  await createRoom(bob, 'random');
  await createRoom(bob, 'design');
  await createRoom(bob, 'plans', 'private');
  await bob.getByRole('button', { name: 'Invite', exact: true }).click();
  await bob.getByLabel('Username').fill('alice');
  await bob.getByRole('button', { name: 'Invite', exact: true }).last().click();
  await alice.getByRole('button', { name: 'Browse rooms' }).click();
  await alice.getByRole('button', { name: 'Join #random' }).click();
  await expect(alice.getByRole('heading', { name: '#random' })).toBeVisible();
  await openRoom(alice, '#general');

  await openRoom(bob, '#random');
  await send(bob, 'over here, when you have a minute');
  await expect(alice.getByRole('button', { name: '#random, 1 unread' })).toBeVisible();
  await openRoom(bob, '#general');
  for (let i = 1; i <= 30; i++) await send(i % 2 ? alice : bob, `Busy room message ${i}`);
  await send(alice, 'The notes are at https://example.org/docs, have a look.');
  await send(bob, 'Thanks, reading them now.');
  await expect(shownTexts(alice).last()).toHaveText('Thanks, reading them now.');
  await expect(alice.getByRole('link', { name: 'https://example.org/docs' })).toBeVisible();
  // Every send acknowledged, so that the audit sees the same room however loaded the machine is.
  await expect(alice.locator('.message.pending')).toHaveCount(0);
  await composer(bob).fill('typing...');
  await expect(alice.getByText('Bob is typing…')).toBeVisible();
  return { alice, bob };
}

test('sign-in, owner creation and account creation screens', async ({ browser, server }) => {
  const owner = await person(browser, server.url);
  await expect(owner.getByRole('heading', { name: 'Create the owner account' })).toBeVisible();
  await expectAccessible(owner, 'owner creation');
  await signUp(owner, 'alice', 'Alice');

  const visitor = await person(browser, server.url);
  await expect(visitor.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expectAccessible(visitor, 'sign-in');
  await visitor.getByLabel('Username').fill('alice');
  await visitor.getByLabel('Password').fill('not the password');
  await visitor.getByRole('button', { name: 'Sign in' }).click();
  await expect(visitor.getByText('Wrong username or password.')).toBeVisible();
  await expectAccessible(visitor, 'sign-in with an error');
  await visitor.getByRole('button', { name: 'New here? Create an account' }).click();
  await expect(visitor.getByRole('heading', { name: 'Create an account' })).toBeVisible();
  await expectAccessible(visitor, 'account creation');
});

test('a busy room, and each dialog: audited, closed by Escape, focus back on its button', async ({
  browser,
  server,
}) => {
  const { alice } = await busyRoom(browser, server.url);
  await expectAccessible(alice, 'busy room');

  const dialogs = [
    ['Browse rooms', 'Browse rooms'],
    ['New room', 'New room'],
    ['New message', 'New direct message'],
    ['Invite', 'Invite to this room'],
  ] as const;
  for (const [button, title] of dialogs) {
    const opener = alice.getByRole('button', { name: button, exact: true });
    await opener.click();
    const dialog = alice.getByRole('dialog', { name: title });
    await expect(dialog).toBeVisible();
    if (button === 'Browse rooms')
      await expect(dialog.getByRole('button', { name: 'Join #design' })).toBeVisible();
    await expectAccessible(alice, `${title} dialog`, { include: 'dialog[open]' });
    await alice.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await expect(opener).toBeFocused();
  }
});

test('the keyboard: Tab reaches the room list and the composer; Alt+Up/Down move between rooms', async ({
  browser,
  server,
}) => {
  const { alice, bob } = await twoPeople(browser, server.url);
  await createRoom(alice, 'random');
  await bob.getByRole('button', { name: 'New message' }).click();
  await bob.getByLabel('Username').fill('alice');
  await bob.getByRole('button', { name: 'Open conversation' }).click();
  // Only once it is open: typing before goes to the room still shown.
  await expect(bob.getByRole('heading', { level: 1, name: /^Alice/ })).toBeVisible();
  await send(bob, 'hi');
  await openRoom(alice, '#general');

  // From the top of the page, Tab passes through the room list and on to the composer.
  await alice.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const visited: string[] = [];
  for (let i = 0; i < 30 && !visited.includes('composer'); i++) {
    await alice.keyboard.press('Tab');
    visited.push(
      await alice.evaluate(() => {
        const element = document.activeElement;
        if (element?.matches('.room-pane .composer textarea')) return 'composer';
        if (element?.classList.contains('room-button')) return `room ${element.textContent}`;
        return element?.tagName ?? '';
      }),
    );
  }
  expect(visited).toContain('room #general');
  expect(visited).toContain('room #random');
  expect(visited.at(-1)).toBe('composer');

  // Alt+Down and Alt+Up walk the sidebar's order (rooms, then direct messages) and stop at the
  // ends; the room opened has its composer focused, ready to write.
  const order = ['#general', '#random', 'Bob (@bob)'];
  const expectRoom = async (title: string) => {
    await expect(alice.getByRole('heading', { name: title, exact: true })).toBeVisible();
    await expect(composer(alice)).toBeFocused();
    await expect(composer(alice)).toHaveAccessibleName(`Message ${title}`);
  };
  for (const title of [...order.slice(1), 'Bob (@bob)']) {
    await alice.keyboard.press('Alt+ArrowDown');
    await expectRoom(title);
  }
  for (const title of [...order.slice(0, -1).reverse(), '#general']) {
    await alice.keyboard.press('Alt+ArrowUp');
    await expectRoom(title);
  }
  // Not while a dialog is open: the keys belong to the dialog.
  await alice.getByRole('button', { name: 'New room' }).click();
  await alice.keyboard.press('Alt+ArrowDown');
  await alice.keyboard.press('Escape');
  await expect(alice.getByRole('heading', { name: '#general', exact: true })).toBeVisible();
});

test('a new message is announced once, politely; typing is not announced per keystroke', async ({
  browser,
  server,
}) => {
  const { alice, bob } = await twoPeople(browser, server.url);
  for (let i = 1; i <= 40; i++) await send(bob, `Earlier message ${i}`);
  await expect(shownTexts(alice).last()).toHaveText('Earlier message 40');

  await recordAnnouncements(alice);
  await composer(bob).pressSequentially('Hello everyone, how are you', { delay: 60 });
  await expect(alice.getByText('Bob is typing…')).toBeVisible();
  expect((await announcements(alice)).length).toBeLessThanOrEqual(1);

  await recordAnnouncements(alice);
  await composer(bob).press('Enter');
  await expect(shownTexts(alice).last()).toHaveText('Hello everyone, how are you');
  await expect
    .poll(() => announcements(alice))
    .toContainEqual({
      politeness: 'polite',
      text: 'Bob: Hello everyone, how are you',
    });
  const heard = await announcements(alice);
  expect(heard.filter((a) => a.text.includes('how are you'))).toHaveLength(1);
  expect(heard.filter((a) => a.politeness === 'assertive')).toEqual([]);

  // Scrolling back brings older rows into the DOM: that is reading, and nothing is announced.
  await recordAnnouncements(alice);
  await alice.locator('.message-scroller').evaluate((element) => element.scrollTo({ top: 0 }));
  await expect(alice.getByText('Earlier message 1', { exact: true })).toBeVisible();
  expect(await announcements(alice)).toEqual([]);
});

test('desktop shell: add a server, host panel, the server rail, and the server invite dialog', async ({
  browser,
  server,
}) => {
  const page = await (await browser.newContext()).newPage();
  const serverId = (await (await fetch(`${server.url}/api/info`)).json()).serverId;
  // An invite to another server whose name reads like this one's: the offer warns of it.
  const invite = {
    serverUrl: 'https://192.0.2.7:8443',
    name: 'E2E',
    fingerprint: 'ab'.repeat(32),
    code: 'ABCD-EFGH',
    expiresAt: Date.now() + 7 * 24 * 3600 * 1000,
  };
  await installBridge(page, {
    keepTokens: true,
    lan: [{ name: 'E2E', url: server.url, serverId }],
    invite: { ok: true, invite },
  });
  await page.goto(server.url);
  await expect(page.getByRole('button', { name: 'Join E2E' })).toBeVisible();
  await expectAccessible(page, 'add a server');

  await page.getByRole('button', { name: 'Host a server', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Host a server' })).toBeVisible();
  await expectAccessible(page, 'host panel');

  await page.getByRole('button', { name: 'Add a server' }).click();
  await page.getByRole('button', { name: 'Join E2E' }).click();
  await signUp(page, 'host', 'Host');
  await send(page, 'Welcome, see https://example.org/rules.');
  await expect(page.getByRole('link', { name: 'https://example.org/rules' })).toBeVisible();
  await expect(page.locator('.message.pending')).toHaveCount(0);
  await expectAccessible(page, 'desktop shell with a server open');

  const opener = page.getByRole('button', { name: 'Invite people' });
  await opener.click();
  const dialog = page.getByRole('dialog', { name: 'Invite people' });
  await expect(dialog.getByLabel('Invite (link and text)')).toHaveValue(/parley:\/\/join/);
  await expectAccessible(page, 'server invite dialog', { include: 'dialog[open]' });
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(opener).toBeFocused();

  await page.getByRole('button', { name: 'Add a server' }).click();
  await page.getByLabel('Paste the invite link or text').fill('parley://join?…');
  const useInvite = page.getByRole('button', { name: 'Use invite' });
  await useInvite.click();
  const offer = page.getByRole('dialog', { name: 'Add this server?' });
  await expect(offer.getByRole('note')).toContainText('You already have a server named “E2E”');
  await expectAccessible(page, 'invite offer dialog', { include: 'dialog[open]' });
  await page.keyboard.press('Escape');
  await expect(offer).toHaveCount(0);
  await expect(useInvite).toBeFocused();
});
