import type { Page } from '@playwright/test';
import { io, type Socket } from 'socket.io-client';
import { expect, loginInPage, test, twoPeople } from './fixtures';
import { burstServer } from './long-tasks-burst';

/**
 * The open room follows new messages while the reader is at its end, as Slack's does, and only
 * someone else than the list scrolling up stops that (the wheel, keys, a script, find in page).
 * A burst's rows measured taller than estimated once left the list short of its end when a
 * scroll event came, and the list then stopped following for good (the long-tasks bench found
 * it stuck at the 79th of 2,000 messages). The rule is renderer/src/ui/follow-end.ts. The
 * server takes 1,000 messages a second, so that the burst below is one.
 */

let sent = 0;
/** Sends as bob's own socket; a `rate_limited` answer waits the time it names and tries again. */
async function say(socket: Socket, text: string): Promise<void> {
  for (;;) {
    const answer = await socket
      .timeout(10_000)
      .emitWithAck('message:send', { roomId: 1, text, clientId: `stick-${++sent}` });
    if (answer.ok) return;
    if (answer.error.code !== 'rate_limited') throw new Error(answer.error.message);
    await new Promise((resolve) => setTimeout(resolve, answer.error.retryAfterMs ?? 500));
  }
}

async function socketOf(page: Page, url: string, username: string): Promise<Socket> {
  const socket = io(url, {
    auth: { token: await loginInPage(page, username) },
    transports: ['websocket'],
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return socket;
}

/** Three lines, so that 30 of them fill more than two views of the list. */
const tall = (label: string) => `${label}\nsecond line\nthird line`;

test('the list follows new messages through growth and its own scrolls; the reader scrolling up stops it', async ({
  browser,
}) => {
  const server = await burstServer();
  const { alice, bob } = await twoPeople(browser, server.url);
  const bobSocket = await socketOf(bob, server.url, 'bob');
  try {
    for (let i = 1; i <= 30; i++) await say(bobSocket, tall(`filler ${i}`));
    const scroller = alice.locator('.message-scroller');
    // A message's text, by its first line (`filler 3` is not `filler 30`).
    const text = (label: string) =>
      alice.locator('.message-text').filter({ hasText: new RegExp(`^${label}\\b`) });
    const jump = alice.getByRole('button', { name: /Jump to latest/ });
    const fromEnd = () =>
      scroller.evaluate((el) => Math.round(el.scrollHeight - el.scrollTop - el.clientHeight));
    /** The list shows its very end, and says nothing of newer messages. */
    const following = async () => {
      await expect.poll(fromEnd).toBeLessThan(3);
      await expect(jump).toHaveCount(0);
    };
    /** A message came and the list stayed where the reader is, more than a row from the end. */
    const stayed = async () => {
      await expect(jump).toBeVisible();
      expect(await fromEnd()).toBeGreaterThan(60);
    };
    await expect(text('filler 30')).toBeInViewport();
    await following();

    // The last row grows by 400 px below the reader, as a batch of rows taller than estimated
    // does, and once the list has measured it, a scroll event comes (nothing moved up).
    const grown = await scroller.evaluate(async (el) => {
      const before = el.scrollHeight;
      const rows = el.querySelectorAll<HTMLElement>('.message-row');
      const last = rows[rows.length - 1];
      if (last) last.style.paddingBottom = '400px';
      for (let i = 0; i < 250 && el.scrollHeight < before + 300; i++)
        await new Promise((resolve) => setTimeout(resolve, 20));
      el.dispatchEvent(new Event('scroll'));
      return el.scrollHeight - before;
    });
    expect(grown).toBeGreaterThanOrEqual(300); // the list measured the taller row
    await say(bobSocket, tall('after the growth'));
    await following();

    // A wheel turned up that scrolls nothing (over a dialog's grid, say) leaves only for a
    // moment: the list follows again.
    await scroller.evaluate((el) => {
      el.dispatchEvent(new WheelEvent('wheel', { deltaY: -100, bubbles: true }));
    });
    await alice.waitForTimeout(700);
    await say(bobSocket, tall('after a wheel that scrolled nothing'));
    await following();

    // The reader's wheel up, whose first frame still lands at the end: it left at the wheel.
    await scroller.evaluate(async (el) => {
      const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
      el.dispatchEvent(new WheelEvent('wheel', { deltaY: -1, bubbles: true }));
      el.scrollTop -= 1;
      await frame();
      el.scrollTop -= 150;
      await frame();
    });
    await say(bobSocket, tall('after a slow start'));
    await stayed();

    // Back at the end it follows again; the real wheel, slowly, less than the 80 px within
    // which a scroll down counts as back at the end, leaves it.
    await jump.click();
    await following();
    await scroller.hover();
    for (let i = 0; i < 15; i++) {
      await alice.mouse.wheel(0, -4);
      await alice.waitForTimeout(20);
    }
    await say(bobSocket, tall('while reading slowly'));
    await expect(jump).toBeVisible();
    await expect(text('while reading slowly')).not.toBeInViewport();

    // Page Up leaves it.
    await jump.click();
    await following();
    await scroller.focus();
    await alice.keyboard.press('PageUp');
    await say(bobSocket, tall('after page up'));
    await stayed();

    // So does a script's scroll up, shorter than the view (find in page, a screen reader).
    await jump.click();
    await following();
    await scroller.evaluate((el) => el.scrollBy({ top: -150 }));
    await say(bobSocket, tall('after a script'));
    await stayed();

    // A burst at the end, rows measured as they come: it ends at the end.
    await jump.click();
    await following();
    await Promise.all(Array.from({ length: 40 }, (_, i) => say(bobSocket, tall(`burst ${i + 1}`))));
    await following();
  } finally {
    bobSocket.close();
    await server.dispose();
  }
});
