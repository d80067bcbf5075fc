import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test as base, expect, type Browser, type Page } from '@playwright/test';
import { CliServer } from '../cli-server';

export const SCREENSHOTS = 'test-results/screenshots';

/** A person in their own browser context. */
export async function person(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  await page.goto(url);
  return page;
}

/** Registers through the UI and waits for the chat to show. */
export async function signUp(
  page: Page,
  username: string,
  displayName: string,
  options: { remember?: boolean; setupCode?: string } = {},
) {
  // The first person on a fresh server is shown the owner's registration straight away.
  const heading = page.getByRole('heading', { name: /^(Sign in|Create the owner account)$/ });
  if ((await heading.textContent()) === 'Sign in') {
    await page.getByRole('button', { name: 'New here? Create an account' }).click();
  }
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill('correct horse');
  await page.getByLabel('Display name (optional)').fill(displayName);
  if (options.setupCode) await page.getByLabel('Setup code').fill(options.setupCode);
  if (options.remember) await page.getByLabel('Keep me signed in').check();
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { name: '#general' })).toBeVisible();
  await expect(page.getByText('Connection lost')).toHaveCount(0);
}

export async function send(page: Page, text: string) {
  const composer = page.getByRole('textbox', { name: /^Message / });
  await composer.fill(text);
  await composer.press('Enter');
}

/** The message texts shown in the open room, in order. */
export function shownTexts(page: Page) {
  return page.locator('.message-row .message-text');
}

export const test = base.extend<{ server: CliServer; closeContexts: void }>({
  /**
   * Owns every browser context a test opens (through `person()`, `browser.newContext()` or
   * Playwright's own `page`): all are closed when the test ends. The browser lives for the whole
   * worker, so a context left open keeps its pages running, reconnecting to servers that are gone
   * and slowing every later test; that is what made the tenth test of the suite time out.
   */
  closeContexts: [
    async ({ browser }, use) => {
      await use();
      await Promise.all(browser.contexts().map((context) => context.close()));
    },
    { auto: true },
  ],
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture list from this pattern
  server: async ({}, use) => {
    const server = new CliServer(['--web', 'dist/renderer', '--name', 'E2E']);
    await server.start();
    await use(server);
    await server.dispose();
  },
});

export { expect };
/**
 * Where a test's screenshot goes. The README shows the `web` project's; a spec that also runs in
 * another project (full-chromium) writes its own files, suffixed, since both may run at once.
 */
export const screenshotPath = (name: string) => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const project = test.info().project.name;
  return join(SCREENSHOTS, project === 'web' ? `${name}.png` : `${name}-${project}.png`);
};

/** alice and bob, each signed up in a browser context of their own. */
export async function twoPeople(browser: Browser, url: string, names = ['Alice', 'Bob']) {
  const alice = await person(browser, url);
  await signUp(alice, 'alice', names[0] ?? 'Alice');
  const bob = await person(browser, url);
  await signUp(bob, 'bob', names[1] ?? 'Bob');
  return { alice, bob };
}

/** Logs in from inside the page (a second session), as a script on the page could. */
export function loginInPage(page: Page, username: string): Promise<string> {
  return page.evaluate(async (name) => {
    const answer = await fetch('/api/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: name, password: 'correct horse' }),
    });
    return ((await answer.json()) as { token: string }).token;
  }, username);
}

/** Picks files with the paperclip, through the file chooser it opens. */
export async function attach(
  page: Page,
  files: Array<{ name: string; mimeType: string; buffer: Buffer }>,
) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Attach files' }).click();
  await (await chooser).setFiles(files);
}

/** Creates a room from the sidebar and waits until it is open. */
export async function createRoom(page: Page, name: string, kind: 'public' | 'private' = 'public') {
  await page.getByRole('button', { name: 'New room' }).click();
  await page.getByLabel('Room name').fill(name);
  if (kind === 'private') await page.getByLabel('Private: invited people only').check();
  await page.getByRole('button', { name: 'Create room' }).click();
  await expect(page.getByRole('heading', { name: `#${name}`, exact: true })).toBeVisible();
}

/** Joins a public room through "Browse rooms" and waits until it is open. */
export async function joinRoom(page: Page, name: string) {
  await page.getByRole('button', { name: 'Browse rooms' }).click();
  await page.getByRole('button', { name: `Join #${name}` }).click();
  await expect(page.getByRole('heading', { name: `#${name}`, exact: true })).toBeVisible();
}

/** Opens the server admin panel from the sidebar, on its Users tab; returns the dialog. */
export async function openAdminPanel(page: Page) {
  await page.getByRole('button', { name: 'Server admin' }).click();
  const panel = page.getByRole('dialog', { name: 'Server admin' });
  await expect(panel.getByRole('tab', { name: 'Users', selected: true })).toBeVisible();
  return panel;
}
