import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import sharp from 'sharp';
import { CliServer } from '../cli-server';
import { expectAccessible } from './a11y';
import { attach, expect, screenshotPath, send, signUp, person, test, twoPeople } from './fixtures';

/**
 * Files in two browsers (issue 13): alice attaches through the paperclip, a paste and a drop;
 * bob sees image previews that take their size before they load, opens the lightbox, and
 * downloads a file from its card. Uploads show progress and can be cancelled.
 */

const composer = (page: Page) => page.getByRole('textbox', { name: /^Message / });
const uploads = (page: Page) => page.getByRole('list', { name: 'Files to send' });
const sendButton = (page: Page) => page.getByRole('button', { name: 'Send', exact: true });

/** A photo-like JPEG (noise compresses badly, so it is big enough to watch upload). */
function photo(width: number, height: number): Promise<Buffer> {
  return sharp({
    create: {
      width,
      height,
      channels: 3,
      background: '#3a7bd5',
      noise: { type: 'gaussian', mean: 128, sigma: 60 },
    },
  })
    .jpeg({ quality: 95 })
    .toBuffer();
}

/** Uploads crawl (about 150 KB/s) in this page, so that progress and cancel can be seen. */
async function slowUploads(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: 150 * 1024,
  });
}

test('an image: progress while it uploads, a preview of reserved size for bob, the lightbox', async ({
  browser,
  server,
}) => {
  // Two people, a throttled upload and three audits in two colour schemes: over a minute on CI.
  test.slow();
  const { alice, bob } = await twoPeople(browser, server.url);
  // bob's thumbnails wait until the test lets them through: the box must be there before.
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  await bob.route('**/files/*/thumb?*', async (route) => {
    await gate;
    await route.continue();
  });

  await slowUploads(alice);
  await attach(alice, [
    { name: 'harbour.jpg', mimeType: 'image/jpeg', buffer: await photo(800, 600) },
  ]);
  const progress = uploads(alice).getByRole('progressbar', { name: 'Uploading harbour.jpg' });
  await expect(progress).toBeVisible();
  await expect.poll(async () => Number(await progress.getAttribute('value'))).toBeGreaterThan(0);
  await expect(sendButton(alice)).toBeDisabled();
  await expect(sendButton(alice)).toHaveAccessibleDescription(/once every file has uploaded/);
  await expectAccessible(alice, 'composer with an upload under way', { include: '.composer' });
  await expect(uploads(alice).getByText('Uploaded')).toBeVisible({ timeout: 30_000 });
  // Files alone make a message: no text needed.
  await expect(sendButton(alice)).toBeEnabled();
  await sendButton(alice).click();
  await expect(uploads(alice)).toHaveCount(0);
  await expect(alice.getByRole('button', { name: 'harbour.jpg' }).locator('img')).toBeVisible();

  // 800×600 fits 360×300 at 0.45: the box is 360×270 before the thumbnail arrives, and after.
  const box = bob.locator('.image-preview');
  await expect(box).toHaveClass(/placeholder/);
  const before = await box.boundingBox();
  expect(before).toMatchObject({ width: 360, height: 270 });
  release();
  const preview = bob.getByRole('button', { name: 'harbour.jpg' });
  const image = preview.locator('img');
  await expect(image).toHaveJSProperty('complete', true);
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(400);
  expect(await preview.boundingBox()).toEqual(before);
  expect(await image.boundingBox()).toEqual(before);
  expect(await image.getAttribute('src')).toMatch(/^blob:/);

  // The lightbox: the full image, Escape closes it, the focus goes back to the preview.
  await preview.press('Enter');
  const dialog = bob.getByRole('dialog', { name: 'harbour.jpg' });
  const full = dialog.getByRole('img', { name: 'harbour.jpg' });
  await expect.poll(() => full.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(800);
  await expect(dialog.getByRole('button', { name: 'Download' })).toBeVisible();
  await bob.screenshot({ path: screenshotPath('lightbox') });
  await expectAccessible(bob, 'lightbox', { include: '.modal' });
  await bob.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(preview).toBeFocused();
  await expectAccessible(bob, 'a message with an image', { include: '.message-area' });
});

test('a file that is not an image: a card with its size and a download', async ({
  browser,
  server,
}) => {
  const { alice, bob } = await twoPeople(browser, server.url);
  const notes = Buffer.from('Agenda\n1. Files\n2. Search\n');
  await attach(alice, [{ name: 'agenda.txt', mimeType: 'text/plain', buffer: notes }]);
  await expect(uploads(alice).getByText('Uploaded')).toBeVisible();
  await send(alice, 'The agenda');
  const card = bob.locator('.file-card');
  await expect(card).toContainText('agenda.txt');
  await expect(card).toContainText(`${notes.length} bytes`);
  const download = bob.waitForEvent('download');
  await card.getByRole('button', { name: 'Download agenda.txt' }).click();
  const saved = await download;
  expect(saved.suggestedFilename()).toBe('agenda.txt');
  expect(await readFile(await saved.path())).toEqual(notes);
  await expectAccessible(bob, 'a file card', { include: '.message-area' });
});

test('paste and drop attach files; cancel stops an upload', async ({ browser, server }) => {
  const { alice, bob } = await twoPeople(browser, server.url);
  const pixel = (
    await sharp({ create: { width: 64, height: 48, channels: 3, background: '#c33' } })
      .png()
      .toBuffer()
  ).toString('base64');
  await composer(alice).evaluate((box, base64) => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const data = new DataTransfer();
    data.items.add(new File([bytes], 'pasted.png', { type: 'image/png' }));
    box.dispatchEvent(
      new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
    );
  }, pixel);
  await alice.locator('.room-view').evaluate((room) => {
    const data = new DataTransfer();
    data.items.add(new File(['dropped text\n'], 'dropped.txt', { type: 'text/plain' }));
    for (const type of ['dragenter', 'dragover', 'drop'])
      room.dispatchEvent(
        new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }),
      );
  });
  await expect(uploads(alice).getByRole('listitem')).toHaveText([
    /pasted\.png.*Uploaded/,
    /dropped\.txt.*Uploaded/,
  ]);
  await alice.screenshot({ path: screenshotPath('files-composer') });
  await expectAccessible(alice, 'composer with uploaded files', { include: '.composer' });
  await sendButton(alice).click();
  await expect(bob.getByRole('button', { name: 'pasted.png' }).locator('img')).toBeVisible();
  await expect(bob.locator('.file-card')).toContainText('dropped.txt');
  await bob.screenshot({ path: screenshotPath('files-message') });

  // A big upload, slowed down, cancelled with its ×: gone from the list, nothing to send.
  await slowUploads(alice);
  await attach(alice, [
    { name: 'big.jpg', mimeType: 'image/jpeg', buffer: await photo(1600, 1200) },
  ]);
  await expect(
    uploads(alice).getByRole('progressbar', { name: 'Uploading big.jpg' }),
  ).toBeVisible();
  await uploads(alice).getByRole('button', { name: 'Cancel big.jpg' }).click();
  await expect(uploads(alice)).toHaveCount(0);
  await expect(sendButton(alice)).toBeDisabled();
  await expect(composer(alice)).toHaveValue('');
});

test('a file over the server limit is refused at once, with the limit', async ({ browser }) => {
  const server = new CliServer(['--web', 'dist/renderer', '--name', 'E2E', '--max-file-mb', '1']);
  await server.start();
  try {
    const alice = await person(browser, server.url);
    await signUp(alice, 'alice', 'Alice');
    await attach(alice, [
      {
        name: 'huge.bin',
        mimeType: 'application/octet-stream',
        buffer: Buffer.alloc(2 * 1024 * 1024),
      },
    ]);
    await expect(alice.getByRole('alert')).toHaveText(
      'huge.bin is 2 MB; this server takes files up to 1 MB.',
    );
    await expect(uploads(alice)).toHaveCount(0);
  } finally {
    await server.dispose();
  }
});
