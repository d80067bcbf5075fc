import { CliServer } from '../cli-server';
import { expect, send, signUp, test } from './fixtures';

/**
 * The web client over HTTPS and WSS from a server with its self-signed certificate. Chromium is
 * told to accept the certificate, as a person does at the browser's own warning after comparing
 * the fingerprint (README: "A browser and a self-signed server").
 */
test('two people chat through a TLS server, over HTTPS and WSS', async ({ browser }) => {
  const server = new CliServer(['--tls', '--web', 'dist/renderer', '--name', 'Secure']);
  await server.start();
  try {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const open = async () => {
      const context = await browser.newContext({ ignoreHTTPSErrors: true });
      const page = await context.newPage();
      const sockets: string[] = [];
      page.on('websocket', (socket) => sockets.push(socket.url()));
      await page.goto(server.url);
      return { page, sockets };
    };
    const alice = await open();
    await signUp(alice.page, 'alice', 'Alice');
    const bob = await open();
    await signUp(bob.page, 'bob', 'Bob');
    await send(alice.page, 'over TLS');
    await expect(bob.page.locator('.message', { hasText: 'over TLS' })).toBeVisible();
    expect(bob.sockets.length).toBeGreaterThan(0);
    for (const url of bob.sockets) expect(url).toMatch(/^wss:\/\/127\.0\.0\.1:/);
  } finally {
    await server.dispose();
  }
});
