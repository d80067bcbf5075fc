import type { Page } from '@playwright/test';

/** A timer callback that ran: what kind, the delay it was set with, and its source, in brief. */
export interface Fired {
  kind: 'timeout' | 'interval' | 'frame';
  ms: number;
  what: string;
}

interface Census {
  fired: Fired[];
  setHidden(hidden: boolean): void;
}

/**
 * Before the page's own scripts run: counts every setTimeout, setInterval and
 * requestAnimationFrame callback that actually runs (setting or clearing one is not counted,
 * so Socket.IO's ping watchdog, re-armed on each ping and never run, does not count), and
 * makes the page's visibility settable.
 *
 * Headless Chromium keeps every page visible: another tab brought to the front, a minimised
 * window (`Browser.setWindowBounds`), a frozen page (`Page.setWebLifecycleState`) all leave
 * `document.hidden` false here. So `document.hidden` and `visibilityState` are overridden and
 * `visibilitychange` dispatched, as the browser does when a window is hidden. Chromium itself
 * then throttles nothing, which makes the count stricter than a real hidden window's.
 */
export async function installTimerCensus(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const fired: Fired[] = [];
    let hidden = false;
    const what = (callback: unknown) => String(callback).replace(/\s+/g, ' ').slice(0, 160);
    const native = {
      setTimeout: window.setTimeout.bind(window),
      setInterval: window.setInterval.bind(window),
      requestAnimationFrame: window.requestAnimationFrame.bind(window),
    };
    const counted =
      (kind: Fired['kind'], callback: unknown, ms: number) =>
      (...args: unknown[]) => {
        fired.push({ kind, ms, what: what(callback) });
        if (typeof callback === 'function') (callback as (...a: unknown[]) => void)(...args);
      };
    window.setTimeout = ((callback: unknown, ms = 0, ...args: unknown[]) =>
      native.setTimeout(counted('timeout', callback, ms), ms, ...args)) as typeof setTimeout;
    window.setInterval = ((callback: unknown, ms = 0, ...args: unknown[]) =>
      native.setInterval(counted('interval', callback, ms), ms, ...args)) as typeof setInterval;
    window.requestAnimationFrame = (callback) =>
      native.requestAnimationFrame(counted('frame', callback, 0));
    Object.defineProperty(Document.prototype, 'hidden', { configurable: true, get: () => hidden });
    Object.defineProperty(Document.prototype, 'visibilityState', {
      configurable: true,
      get: () => (hidden ? 'hidden' : 'visible'),
    });
    const census: Census = {
      fired,
      setHidden(value) {
        hidden = value;
        document.dispatchEvent(new Event('visibilitychange'));
      },
    };
    Object.assign(window, { timerCensus: census });
  });
}

/** Hides or shows the page (see installTimerCensus), and starts the count afresh. */
export function setHidden(page: Page, hidden: boolean): Promise<void> {
  return page.evaluate((value) => {
    const census = (window as unknown as { timerCensus: Census }).timerCensus;
    census.fired.length = 0;
    census.setHidden(value);
  }, hidden);
}

/** The timer callbacks that ran since the page was last hidden or shown. */
export function firedSince(page: Page): Promise<Fired[]> {
  return page.evaluate(() =>
    (window as unknown as { timerCensus: Census }).timerCensus.fired.slice(),
  );
}
