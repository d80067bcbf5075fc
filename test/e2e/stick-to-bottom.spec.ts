import type { Page } from '@playwright/test';
import { io, type Socket } from 'socket.io-client';
import { expect, loginInPage, test, twoPeople } from './fixtures';

/**
 * The open room follows new messages while the reader is at its end, as Slack's does, and only
 * the reader scrolling up (wheel, keys, a jump by find in page or a script) stops that. A
 * burst's rows measured taller than estimated once left the list short of its end when a
 * scroll event came, and the list then stopped following for good (the long-tasks bench found
 * it stuck at the 79th of 2,000 messages). The rule is renderer/src/ui/follow-end.ts.
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
  server,
}) => {
  const { alice, bob } = await twoPeople(browser, server.url);
  const bobSocket = await socketOf(bob, server.url, 'bob');
  try {
    for (let i = 1; i <= 30; i++) await say(bobSocket, tall(`filler ${i}`));
    const scroller = alice.locator('.message-scroller');
    // A message's text, by its first line (`filler 3` is not `filler 30`).
    const shows = (label: string) =>
      alice.locator('.message-text').filter({ hasText: new RegExp(`^${label}\\b`) });
    const jump = alice.getByRole('button', { name: /Jump to latest/ });
    await expect(shows('filler 30')).toBeInViewport();
    const fits = await scroller.evaluate((el) => el.scrollHeight > 2 * el.clientHeight);
    expect(fits).toBe(true); // the jump below is longer than the view

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
    await expect(shows('after the growth')).toBeInViewport();
    await expect(jump).toHaveCount(0);

    // A scroll of the page's own, shorter than the view and with no input: still following.
    await scroller.evaluate((el) => el.scrollBy({ top: -150 }));
    await say(bobSocket, tall('after a small shift'));
    await expect(shows('after a small shift')).toBeInViewport();
    await expect(jump).toHaveCount(0);

    // The reader scrolls up slowly with the wheel, less than the 80 px that counts as the end:
    // the next message no longer pulls the list down, and says so instead.
    await scroller.hover();
    for (let i = 0; i < 15; i++) {
      await alice.mouse.wheel(0, -4);
      await alice.waitForTimeout(20);
    }
    await say(bobSocket, tall('while reading slowly'));
    await expect(jump).toBeVisible();
    await expect(shows('while reading slowly')).not.toBeInViewport();

    // Back at the end it follows again; Page Up leaves it.
    await jump.click();
    await expect(jump).toHaveCount(0);
    await say(bobSocket, tall('following again'));
    await expect(shows('following again')).toBeInViewport();
    await scroller.focus();
    await alice.keyboard.press('PageUp');
    await say(bobSocket, tall('after page up'));
    await expect(jump).toBeVisible();
    await expect(shows('after page up')).not.toBeInViewport();

    // A jump up by more than the view, with no input (find in page, a script), leaves it too.
    await jump.click();
    await say(bobSocket, tall('following once more'));
    await expect(shows('following once more')).toBeInViewport();
    await scroller.evaluate((el) => el.scrollTo({ top: 0 }));
    await expect(shows('filler 1')).toBeInViewport();
    await say(bobSocket, tall('while reading back'));
    await expect(jump).toBeVisible();
    await expect(shows('filler 1')).toBeInViewport();

    // A burst at the end, rows measured as they come: it ends showing the room's last row,
    // whichever message the server put last.
    await jump.click();
    await expect(jump).toHaveCount(0);
    const rowsBefore = Number(
      await scroller.locator('.message-row').first().getAttribute('aria-setsize'),
    );
    await Promise.all(Array.from({ length: 40 }, (_, i) => say(bobSocket, tall(`burst ${i + 1}`))));
    const lastRow = () =>
      scroller.evaluate((el) => {
        const rows = [...el.querySelectorAll('.message-row')];
        const last = rows.find((row) => row.ariaPosInSet === row.ariaSetSize);
        if (!last) return 'not rendered';
        const view = el.getBoundingClientRect();
        const box = last.getBoundingClientRect();
        const shown = box.top < view.bottom && box.bottom > view.top;
        return `${last.ariaSetSize} rows, the last ${shown ? 'in view' : 'out of view'}`;
      });
    await expect.poll(lastRow).toBe(`${rowsBefore + 40} rows, the last in view`);
    await expect(jump).toHaveCount(0);
  } finally {
    bobSocket.close();
  }
});
