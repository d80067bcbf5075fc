import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { build } from 'esbuild';

/**
 * The emoji picker in Chromium, mounted alone (reactions, which will open it in the app, come
 * later): test/e2e/emoji-picker-harness.ts bundled with esbuild, code-split as the app's build
 * is, and served from a temporary folder.
 */
const dir = mkdtempSync(join(tmpdir(), 'parley-emoji-picker-'));
let server: Server;
let url = '';
const requested: string[] = [];

test.beforeAll(async () => {
  await build({
    entryPoints: { harness: 'test/e2e/emoji-picker-harness.ts' },
    bundle: true,
    splitting: true,
    format: 'esm',
    outdir: dir,
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Emoji picker</title>' +
      '<link rel="stylesheet" href="harness.css"><script type="module" src="harness.js"></script>' +
      '</head><body><div id="root"></div></body></html>',
  );
  const types: Record<string, string> = {
    '.html': 'text/html',
    '.js': 'text/javascript',
    '.css': 'text/css',
  };
  server = createServer((request, response) => {
    const path = normalize(new URL(request.url ?? '/', 'http://x').pathname).replace(/^\/+/, '');
    const file = path || 'index.html';
    requested.push(file);
    try {
      const body = readFileSync(join(dir, file));
      const type = types[extname(file)] ?? 'application/octet-stream';
      response.writeHead(200, { 'content-type': type }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
});

test.afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

async function openPicker(page: Page) {
  await page.getByRole('button', { name: 'Add reaction' }).click();
  await expect(page.getByRole('searchbox', { name: 'Search emoji' })).toBeFocused();
  await expect(page.getByRole('grid', { name: 'Smileys & emotion' })).toBeVisible();
}

test('opens lazily, searches, moves by arrow keys, picks with Enter and remembers', async ({
  page,
}) => {
  await page.goto(url);
  const before = requested.length;
  await expect(page.getByRole('button', { name: 'Add reaction' })).toBeVisible();
  // The emoji data (the file that names "thumbs up") comes when the picker opens, not before.
  const hasData = (files: string[]) =>
    files.some(
      (file) => file.endsWith('.js') && readFileSync(join(dir, file), 'utf8').includes('thumbs up'),
    );
  expect(hasData(requested.slice(0, before))).toBe(false);
  await openPicker(page);
  expect(hasData(requested.slice(before))).toBe(true);

  await page.keyboard.type('thumbs');
  const results = page.getByRole('grid', { name: 'Search results' });
  await expect(results.getByRole('button', { name: 'thumbs up', exact: true })).toBeVisible();
  await page.keyboard.press('ArrowDown');
  const first = results.getByRole('gridcell').first().getByRole('button');
  await expect(first).toBeFocused();
  await expect(first).toHaveAttribute('tabindex', '0');
  await page.keyboard.press('ArrowRight');
  await expect(results.getByRole('gridcell').nth(1).getByRole('button')).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Enter');
  const picked = await page.getByLabel('Picked').textContent();
  expect(picked).toMatch(/^(👍|👎)$/);
  await expect(page.getByRole('button', { name: 'Add reaction' })).toBeFocused();

  // Opened again: the picked emoji comes first, under "Recently used".
  await openPicker(page);
  const recent = page.getByRole('grid', { name: 'Recently used' });
  await expect(recent.getByRole('gridcell').first()).toHaveText(picked ?? '');
  expect(await page.evaluate(() => localStorage.getItem('parley.emoji.recent'))).toBe(
    JSON.stringify([picked]),
  );
  // Down from the recent row lands in the category; Up from the top row goes to the search box.
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(
    page.getByRole('grid', { name: 'Smileys & emotion' }).getByRole('button').first(),
  ).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await expect(page.getByRole('searchbox', { name: 'Search emoji' })).toBeFocused();

  // Escape closes, from the grid as from the search box, and focus returns to the opener.
  await page.keyboard.press('Escape');
  await expect(page.getByRole('searchbox', { name: 'Search emoji' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Add reaction' })).toBeFocused();
});

test('changes category by its button, and passes axe in light and dark', async ({ page }) => {
  test.slow(); // two axe audits: 10 s or more each on a busy 2-core machine
  await page.goto(url);
  await openPicker(page);
  await page.getByRole('button', { name: 'Flags', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Flags', exact: true })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  const flags = page.getByRole('grid', { name: 'Flags' });
  await expect(flags.getByRole('button', { name: 'flag: United Kingdom' })).toBeVisible();
  // Only one category is rendered at once.
  expect(await page.getByRole('gridcell').count()).toBeLessThan(450);
  // Audited with a search shown (status line, section title, category buttons, cells): axe
  // over the hundreds of buttons of a category takes most of a minute on a busy machine.
  await page.getByRole('searchbox', { name: 'Search emoji' }).fill('heart');
  await expect(page.getByText(/^\d+ emoji found$/)).toBeVisible();
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const audit = await new AxeBuilder({ page })
      .include('.emoji-picker')
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    expect(
      audit.violations.map((v) => `${scheme}: ${v.id} ${v.nodes.map((n) => n.target).join(' ')}`),
    ).toEqual([]);
  }
});
