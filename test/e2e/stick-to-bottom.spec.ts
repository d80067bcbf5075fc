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
    const following = async (step: string) => {
      await expect.poll(fromEnd, { message: `${step}: at the end` }).toBeLessThan(3);
      await expect(jump, `${step}: no Jump to latest`).toHaveCount(0);
    };
    /** Until the list's scroll position holds still for 200 ms. */
    const settled = () =>
      scroller.evaluate(async (el) => {
        for (let last = -1, i = 0; i < 50 && el.scrollTop !== last; i++) {
          last = el.scrollTop;
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      });
    /** A message came and the list stayed where the reader is, more than a row from the end. */
    const stayed = async (step: string) => {
      await expect(jump, `${step}: Jump to latest`).toBeVisible();
      expect(await fromEnd(), `${step}: not at the end`).toBeGreaterThan(60);
    };
    await expect(text('filler 30')).toBeInViewport();
    await following('at the start');

    // The last row grows by 400 px below the reader, as a batch of rows taller than estimated
    // does, and a scroll event comes while the list is that far short of its end (nothing moved
    // up): the list still follows, and shows its end again.
    const grown = await scroller.evaluate((el) => {
      const before = el.scrollHeight;
      const rows = el.querySelectorAll<HTMLElement>('.message-row');
      const last = rows[rows.length - 1];
      if (last) last.style.paddingBottom = '400px';
      const after = el.scrollHeight; // laid out now, before the list measures the row
      el.dispatchEvent(new Event('scroll'));
      return after - before;
    });
    expect(grown).toBeGreaterThanOrEqual(300);
    await following('growth below');
    // A row above the view shrinks by about 50 px: the list corrects scrollTop, up.
    const above = await scroller.evaluate((el) => {
      const row = el.querySelector<HTMLElement>('.message-row .message');
      const bottom = row?.closest('li')?.getBoundingClientRect().bottom ?? Infinity;
      if (row) Object.assign(row.style, { height: '20px', overflow: 'hidden' });
      return bottom <= el.getBoundingClientRect().top;
    });
    expect(above).toBe(true);
    await say(bobSocket, tall('after the growth'));
    await following('a row above shrank');

    // A wheel turned up that scrolls nothing (over a dialog's grid, say) leaves only for a
    // moment: the list follows again.
    await scroller.evaluate((el) => {
      el.dispatchEvent(new WheelEvent('wheel', { deltaY: -100, bubbles: true }));
    });
    await alice.waitForTimeout(700);
    await say(bobSocket, tall('after a wheel that scrolled nothing'));
    await following('a wheel that scrolled nothing');

    // The reader's wheel up, whose first frame moves 3 px (less than the 4 px by which someone
    // else's scroll leaves the end), and a message before the next: it left at the wheel.
    await scroller.evaluate((el) => {
      el.dispatchEvent(new WheelEvent('wheel', { deltaY: -3, bubbles: true }));
      el.scrollTop -= 3;
    });
    await say(bobSocket, tall('after a slow start'));
    await stayed('a wheel up of 3 px');

    // Back at the end it follows again; the real wheel, slowly, less than the 80 px within
    // which a scroll down counts as back at the end, leaves it.
    await jump.click();
    await following('back at the end');
    await scroller.hover();
    for (let i = 0; i < 15; i++) {
      await alice.mouse.wheel(0, -4);
      await alice.waitForTimeout(20);
    }
    await say(bobSocket, tall('while reading slowly'));
    await expect(jump, 'the slow wheel: Jump to latest').toBeVisible();
    await expect(text('while reading slowly')).not.toBeInViewport();

    // Page Up leaves it.
    await jump.click();
    await following('back after the slow wheel');
    await scroller.focus();
    await alice.keyboard.press('PageUp');
    await say(bobSocket, tall('after page up'));
    await stayed('Page Up');
    await settled(); // Page Up's smooth scroll, before Jump to latest

    // So does a script's scroll up, shorter than the view (find in page, a screen reader).
    await jump.click();
    await following('back after Page Up');
    await settled(); // Jump to latest's scroll
    await scroller.evaluate((el) => el.scrollBy({ top: -150 }));
    await say(bobSocket, tall('after a script'));
    await stayed("a script's scroll");

    // A burst at the end, rows measured as they come: it ends at the end.
    await jump.click();
    await following('back before the burst');
    await Promise.all(Array.from({ length: 40 }, (_, i) => say(bobSocket, tall(`burst ${i + 1}`))));
    await following('the burst');
  } finally {
    bobSocket.close();
    await server.dispose();
  }
});
