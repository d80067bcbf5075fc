import { expect, type Browser, type Page } from '@playwright/test';
import { signUp } from './fixtures';
import { BURST, burstServer, sendBurst, senderSocket } from './long-tasks-burst';

/** One burst into the open room, as the page lived through it. */
export interface BurstFigures {
  /** The server's batch window: 0 means every message was its own `message` event. */
  batchWindowMs: number | 'default';
  /** The longest main-thread task while the burst was arriving, in ms (0: none over 50 ms). */
  longestMs: number;
  /** Tasks of 50 ms or more (the Long Tasks API's threshold). */
  count: number;
  /** Their durations added up, in ms. */
  totalMs: number;
  /** Messages sent, and how many the open room's list holds at the end (aria-setsize). */
  sent: number;
  delivered: number;
  /** From the first message sent until the last one showed, in ms. */
  burstMs: number;
  /** From the first message sent until the server had acknowledged them all, in ms. */
  ackedMs: number;
  /** What a socket that asked for batches received: `messages` events and `message` events. */
  batches: number;
  singles: number;
}

declare global {
  interface Window {
    parleyLongTasks?: Array<{ start: number; duration: number }>;
  }
}

/** Starts collecting long tasks in the page, including those since it loaded (`buffered`). */
function observeLongTasks(page: Page): Promise<void> {
  return page.evaluate(() => {
    const tasks: Array<{ start: number; duration: number }> = [];
    window.parleyLongTasks = tasks;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries())
        tasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
}

/**
 * A fresh server (`batchWindowMs` as given, else its default), alice signed in to the web client
 * with #general open, then 4 others send BURST.perSecond messages a second into it over real
 * sockets. The long tasks counted are those that started between the first message sent and the
 * last one shown; the list must then hold every message once.
 */
export async function measureBurst(
  browser: Browser,
  batchWindowMs?: number,
): Promise<BurstFigures> {
  const server = await burstServer(batchWindowMs);
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
    await page.goto(server.url);
    await signUp(page, 'alice', 'Alice');
    const senders = await Promise.all(
      Array.from({ length: BURST.senders }, (_, i) => senderSocket(server.url, `sender${i + 1}`)),
    );
    const watcher = await senderSocket(server.url, 'watcher', true);
    const heard = { batches: 0, singles: 0 };
    watcher.on('messages', () => heard.batches++);
    watcher.on('message', () => heard.singles++);
    await observeLongTasks(page);
    // The joins and presence changes above have settled before the burst starts.
    await page.waitForTimeout(1000);
    const from = await page.evaluate(() => performance.now());
    const { sent, refused } = await sendBurst(senders);
    const acked = await page.evaluate(() => performance.now());
    expect(refused).toBe(0);
    const last = `end of burst ${Date.now()}`;
    await senders[0]?.emitWithAck('message:send', { roomId: 1, text: last, clientId: 'burst-end' });
    await expect(page.locator('.message-row .message-text').getByText(last)).toBeVisible({
      timeout: 60_000,
    });
    const until = await page.evaluate(() => performance.now());
    const rows = page.locator('.message-row').last();
    await expect(rows).toHaveAttribute('aria-setsize', String(sent + 1));
    const delivered = Number(await rows.getAttribute('aria-setsize'));
    const tasks = await page.evaluate(
      ([a, b]) => (window.parleyLongTasks ?? []).filter((t) => t.start >= a && t.start <= b),
      [from, until] as const,
    );
    for (const socket of [...senders, watcher]) socket.disconnect();
    const durations = tasks.map((t) => Math.round(t.duration));
    return {
      batchWindowMs: batchWindowMs ?? 'default',
      longestMs: Math.max(0, ...durations),
      count: durations.length,
      totalMs: durations.reduce((sum, d) => sum + d, 0),
      sent: sent + 1,
      delivered,
      burstMs: Math.round(until - from),
      ackedMs: Math.round(acked - from),
      ...heard,
    };
  } finally {
    await context.close();
    await server.dispose();
  }
}
