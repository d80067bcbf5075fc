import type { Browser } from '@playwright/test';
import sharp from 'sharp';
import { CliServer } from '../cli-server';
import { expectAccessible } from './a11y';
import { bridgeCalls, installBridge } from './desktop-bridge';
import { attach, expect, screenshotPath, signUp, test } from './fixtures';

/**
 * Files in the desktop renderer (issue 13): previews and downloads must work there as in the
 * browser. The bridge is a stand-in (see desktop-bridge.ts). As in the app, whose page is
 * `app://parley`, the page's origin is not the chat server's: the page comes from the fixture's
 * web server and the chat runs on a second server that trusts that origin (`--allow-origin`),
 * so uploads and image fetches are cross-origin and go through the server's CORS on /files.
 */

/** A desktop window (renderer + stand-in bridge) from `appUrl`, signed in to `chat`. */
async function desktop(browser: Browser, appUrl: string, chat: CliServer, username: string) {
  const page = await (await browser.newContext()).newPage();
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  await installBridge(page, { keepTokens: true, servers: [{ name: 'Chat', url: chat.url }] });
  await page.goto(appUrl);
  await signUp(page, username, username[0]?.toUpperCase() + username.slice(1));
  return page;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

test('desktop: an image preview from a cross-origin server, and a download through the bridge', async ({
  browser,
  server,
}) => {
  // Two windows, two uploads and an audit in two colour schemes.
  test.slow();
  const chat = new CliServer(['--name', 'Chat', '--allow-origin', server.url]);
  await chat.start();
  try {
    const alice = await desktop(browser, server.url, chat, 'alice');
    const bob = await desktop(browser, server.url, chat, 'bob');
    expect(await bob.evaluate(() => location.origin)).toBe(server.url);
    const downloads: string[] = [];
    bob.on('download', (download) => downloads.push(download.suggestedFilename()));

    const picture = await sharp({
      create: { width: 640, height: 480, channels: 3, background: '#2a9d8f' },
    })
      .png()
      .toBuffer();
    const report = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n');
    await attach(alice, [
      { name: 'harbour.png', mimeType: 'image/png', buffer: picture },
      { name: 'report.pdf', mimeType: 'application/pdf', buffer: report },
    ]);
    const uploads = alice.getByRole('list', { name: 'Files to send' });
    await expect(uploads.getByRole('listitem')).toHaveText([/Uploaded/, /Uploaded/]);
    // bob's thumbnail comes from the chat server to a page of another origin: only CORS lets
    // the renderer read it into a blob.
    const thumb = bob.waitForResponse((answer) => /\/files\/[^/?]+\/thumb\?/.test(answer.url()));
    await alice.getByRole('button', { name: 'Send', exact: true }).click();

    const answer = await thumb;
    expect(answer.url().startsWith(`${chat.url}/files/`)).toBe(true);
    expect(answer.status()).toBe(200);
    expect(await answer.headerValue('access-control-allow-origin')).toBe(server.url);
    const image = bob.getByRole('button', { name: 'harbour.png' }).locator('img');
    await expect(image).toHaveAttribute('src', /^blob:/);
    await expect
      .poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth))
      .toBeGreaterThan(0);

    // Download: main is asked (with an absolute signed URL it can fetch), the browser is not.
    const card = bob.locator('.file-card');
    await expect(card).toContainText('report.pdf');
    await card.getByRole('button', { name: 'Download report.pdf' }).click();
    await expect(card).toContainText('Saved to Downloads as report.pdf.');
    const asked = await bridgeCalls(bob, 'downloadFile');
    expect(asked).toHaveLength(1);
    const url = String(asked[0]);
    const signed = new RegExp(
      `^${escape(chat.url)}/files/[\\w-]{22}\\?u=\\d+&e=\\d+&s=[\\w-]+&dl=1$`,
    );
    expect(url).toMatch(signed);
    const saved = await fetch(url);
    expect(saved.headers.get('content-disposition')).toMatch(/^attachment/);
    expect(Buffer.from(await saved.arrayBuffer())).toEqual(report);
    expect(downloads).toEqual([]);

    await bob.screenshot({ path: screenshotPath('desktop-files') });
    await expectAccessible(bob, 'desktop room with an image and a file');
  } finally {
    await chat.dispose();
  }
});
