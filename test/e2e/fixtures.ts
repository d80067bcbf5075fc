import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, type Browser, type Page } from '@playwright/test';

export const SCREENSHOTS = 'test-results/screenshots';

/** The real CLI server on a free port, serving the built web client, with a temp data dir. */
export class ServerProcess {
  private child: ChildProcess | undefined;
  url = '';
  private port = 0;
  readonly dataDir = mkdtempSync(join(tmpdir(), 'parley-e2e-'));

  async start(): Promise<void> {
    const child = spawn(process.execPath, [
      'dist/node/server/cli.js',
      '--port',
      String(this.port),
      '--data',
      this.dataDir,
      '--web',
      'dist/renderer',
      '--name',
      'E2E',
    ]);
    this.child = child;
    let out = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    const deadline = Date.now() + 15_000;
    while (!/\s+(http:\/\/\S+)\n/.test(out)) {
      if (child.exitCode !== null || Date.now() > deadline)
        throw new Error(`server did not start:\n${out}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    this.url = (/\s+(http:\/\/\S+?)\/?\n/.exec(out)?.[1] ?? '').replace(/\/$/, '');
    this.port = Number(new URL(this.url).port);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    child.kill('SIGINT');
    await once(child, 'exit');
  }

  /** Stops and starts again on the same port and data dir. */
  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

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
  options: { remember?: boolean } = {},
) {
  await page.getByRole('button', { name: 'New here? Create an account' }).click();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill('correct horse');
  await page.getByLabel('Display name (optional)').fill(displayName);
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

export const test = base.extend<{ server: ServerProcess }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture list from this pattern
  server: async ({}, use) => {
    const server = new ServerProcess();
    await server.start();
    await use(server);
    await server.dispose();
  },
});

export { expect };
export const screenshotPath = (name: string) => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return join(SCREENSHOTS, `${name}.png`);
};
