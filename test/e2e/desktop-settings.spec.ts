import type { Page } from '@playwright/test';
import { expectAccessible } from './a11y';
import { bridgeCalls, installBridge, type BridgeOptions } from './desktop-bridge';
import { expect, screenshotPath, test } from './fixtures';

/**
 * The desktop Settings dialog (start at sign-in, spell-check languages, updates), in Chromium
 * with the stand-in bridge: what it sends main, the policy's locks, keyboard use and axe.
 * Main's side (the login item, the autostart file, the session) is unit-tested in test/main.
 */

const DEFAULTS = {
  startAtLogin: false,
  startHidden: false,
  spellcheck: true,
  spellcheckLanguages: null,
};

async function openSettings(page: Page, url: string, options: Partial<BridgeOptions> = {}) {
  await installBridge(page, { keepTokens: true, ...options });
  await page.goto(url);
  const opener = page.getByRole('button', { name: 'Settings', exact: true });
  await opener.click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await expect(dialog.getByRole('checkbox', { name: 'Check spelling' })).toBeVisible();
  return { dialog, opener };
}

test('settings: every change goes to main as a whole settings object, by keyboard only', async ({
  page,
  server,
}) => {
  await installBridge(page, { keepTokens: true });
  await page.goto(server.url);
  const opener = page.getByRole('button', { name: 'Settings', exact: true });
  await opener.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  const atLogin = dialog.getByRole('checkbox', { name: 'Open Parley when I sign in' });
  const hidden = dialog.getByRole('checkbox', { name: 'Start minimised to the tray' });
  await expect(atLogin).toBeFocused();
  await expect(hidden).toBeDisabled();
  await expect(hidden).toHaveAccessibleDescription(/waits in the tray/);

  await page.keyboard.press('Space');
  await expect(atLogin).toBeChecked();
  await expect(hidden).toBeEnabled();
  await page.keyboard.press('Tab');
  await expect(hidden).toBeFocused();
  await page.keyboard.press('Space');
  await expect(hidden).toBeChecked();
  await expect(dialog.getByRole('status')).toHaveText('Saved.');
  expect(await bridgeCalls(page, 'setAppSettings')).toEqual([
    { ...DEFAULTS, startAtLogin: true },
    { ...DEFAULTS, startAtLogin: true, startHidden: true },
  ]);

  // The system's languages (the stand-in's system speaks en-US), then a choice of my own.
  const system = dialog.getByRole('radio', {
    name: "Use my system's languages (English (United States))",
  });
  await expect(system).toBeChecked();
  await page.keyboard.press('Tab'); // Check spelling
  await page.keyboard.press('Tab'); // the languages' radio group
  await expect(system).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(dialog.getByRole('radio', { name: 'Choose the languages' })).toBeChecked();
  const list = dialog.getByRole('list', { name: 'Spell-check languages' });
  await expect(list.getByRole('checkbox', { name: 'English (United States) en-US' })).toBeChecked();
  await page.keyboard.press('Tab');
  // Sorted by name: English (United Kingdom) comes first.
  const british = list.getByRole('checkbox', { name: 'English (United Kingdom) en-GB' });
  await expect(british).toBeFocused();
  await page.keyboard.press('Space');
  const mine = { ...DEFAULTS, startAtLogin: true, startHidden: true };
  await expect
    .poll(async () => (await bridgeCalls(page, 'setAppSettings')).at(-1))
    .toEqual({ ...mine, spellcheckLanguages: ['en-US', 'en-GB'] });
  await page.screenshot({ path: screenshotPath('desktop-settings') });
  await expectAccessible(page, 'settings dialog', { include: 'dialog[open]' });

  // Unticking every language is refused here, with why; nothing is sent.
  await list.getByRole('checkbox', { name: 'en-US' }).press('Space');
  const sent = (await bridgeCalls(page, 'setAppSettings')).length;
  await british.press('Space');
  await expect(dialog.getByRole('alert')).toHaveText(/Keep at least one language/);
  await expect(british).toBeChecked();
  expect(await bridgeCalls(page, 'setAppSettings')).toHaveLength(sent);

  // Spell-check off: the languages go, and main hears it.
  await dialog.getByRole('checkbox', { name: 'Check spelling' }).press('Space');
  await expect(list).toHaveCount(0);
  await expect
    .poll(async () => (await bridgeCalls(page, 'setAppSettings')).at(-1))
    .toMatchObject({ spellcheck: false, spellcheckLanguages: ['en-GB'] });

  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(opener).toBeFocused();
});

test('settings under a policy: a lock and words, not a control that fails', async ({
  page,
  server,
}) => {
  const { dialog } = await openSettings(page, server.url, {
    policy: {
      file: '/etc/parley/policy.json',
      locks: { servers: false, hosting: false, startAtLogin: true, updates: true },
      updateChannel: 'off',
    },
  });
  const atLogin = dialog.getByRole('checkbox', { name: 'Open Parley when I sign in' });
  await expect(atLogin).toBeDisabled();
  await expect(atLogin).not.toBeChecked();
  await expect(atLogin).toHaveAccessibleDescription('Set by your organisation');
  await expect(dialog.getByRole('checkbox', { name: 'Start minimised' })).toBeDisabled();
  await expect(dialog.getByText('Updates are turned off by your organisation.')).toBeVisible();
  // What the policy leaves alone still works.
  await dialog.getByRole('checkbox', { name: 'Check spelling' }).click();
  await expect
    .poll(() => bridgeCalls(page, 'setAppSettings'))
    .toEqual([{ ...DEFAULTS, spellcheck: false }]);
  await page.screenshot({ path: screenshotPath('desktop-settings-locked') });
  await expectAccessible(page, 'settings dialog, locked', { include: 'dialog[open]' });
});

test('settings: a refused change goes back and says why; no sign-in start where none exists', async ({
  page,
  server,
}) => {
  const { dialog } = await openSettings(page, server.url, {
    fail: { setAppSettings: 'app-settings:set' },
  });
  const atLogin = dialog.getByRole('checkbox', { name: 'Open Parley when I sign in' });
  await atLogin.click();
  await expect(dialog.getByRole('alert')).toHaveText('app-settings:set: refused in this test');
  await expect(atLogin).not.toBeChecked();

  const store = await page.context().newPage();
  const other = await openSettings(store, server.url, { loginItemSupported: false });
  await expect(other.dialog.getByRole('checkbox', { name: /sign in/ })).toHaveCount(0);
  await expect(other.dialog.getByText(/no way to open by itself when you sign in/)).toBeVisible();
  await expectAccessible(store, 'settings dialog, no login item', { include: 'dialog[open]' });
});

test('settings: a refusal after an accepted change goes back to what main accepted, not before it', async ({
  page,
  server,
}) => {
  await installBridge(page, { keepTokens: true });
  // Main's answers held until the test lets them go, in order: the first change is accepted,
  // the second (asked before the first was answered) refused.
  await page.addInitScript(() => {
    type Bridge = { setAppSettings: (next: unknown) => Promise<unknown> };
    const bridge = (window as unknown as { parley: Bridge }).parley;
    const plain = bridge.setAppSettings.bind(bridge);
    const held: (() => Promise<void>)[] = [];
    bridge.setAppSettings = (next) =>
      new Promise((resolve, reject) => {
        const refuse = held.length === 1;
        held.push(async () => {
          if (refuse) reject(new Error('refused in this test'));
          else resolve(await plain(next));
        });
      });
    (window as unknown as { release: () => Promise<void> }).release = async () => {
      for (const answer of held.splice(0)) {
        await answer();
        await new Promise((done) => setTimeout(done, 0));
      }
    };
  });
  await page.goto(server.url);
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  const atLogin = dialog.getByRole('checkbox', { name: 'Open Parley when I sign in' });
  const spelling = dialog.getByRole('checkbox', { name: 'Check spelling' });
  await atLogin.click();
  await spelling.click();
  await expect(spelling).not.toBeChecked();
  await page.evaluate(() => (window as unknown as { release: () => Promise<void> }).release());
  await expect(dialog.getByRole('alert')).toContainText('refused in this test');
  // Main applied the first change: it stays shown, and the next change keeps it.
  await expect(atLogin).toBeChecked();
  await expect(spelling).toBeChecked();
  await dialog.getByRole('checkbox', { name: 'Start minimised to the tray' }).click();
  await page.evaluate(() => (window as unknown as { release: () => Promise<void> }).release());
  await expect(dialog.getByRole('status')).toHaveText('Saved.');
  expect((await bridgeCalls(page, 'setAppSettings')).at(-1)).toEqual({
    ...DEFAULTS,
    startAtLogin: true,
    startHidden: true,
  });
});
