/**
 * The signs that a connection may have gone stale while the computer slept or the network
 * changed. Each session's SocketKeeper listens for them and reconnects at once (`wake()`).
 */

/** The window event the desktop shell dispatches when main reports `system:wake`. */
export const WAKE_EVENT = 'parley:wake';

/**
 * An access token with less than this left is refreshed before a wake's reconnect: a token that
 * expired during the sleep would only be refused at the handshake, costing a round trip, and
 * one about to expire would be cut off right after catching up.
 */
export const REFRESH_BEFORE_MS = 30_000;

/**
 * A socket connected less than this ago is taken as fresh: resume, unlock and `online` often
 * come together, and the first has already reconnected.
 */
export const FRESH_MS = 2_000;

/** Tells every session in this window that the computer woke or the network changed. */
export function announceWake(reason: string): void {
  window.dispatchEvent(new CustomEvent(WAKE_EVENT, { detail: reason }));
}

/**
 * Calls `wake` on each sign: the desktop app's wake (WAKE_EVENT: resume from sleep, unlocking
 * the screen, a change of network), the browser's `online`, and the Page Lifecycle `resume`
 * (a frozen page thawed: what a browser tab gets after being frozen in the background); and
 * `offline` on the browser's `offline`. Returns a function that stops listening. Where there is
 * no window (Node), there is nothing to hear.
 */
export function onWakeSigns(wake: () => void, offline: () => void): () => void {
  if (typeof window === 'undefined') return () => undefined;
  window.addEventListener(WAKE_EVENT, wake);
  window.addEventListener('online', wake);
  window.addEventListener('offline', offline);
  document.addEventListener('resume', wake);
  return () => {
    window.removeEventListener(WAKE_EVENT, wake);
    window.removeEventListener('online', wake);
    window.removeEventListener('offline', offline);
    document.removeEventListener('resume', wake);
  };
}
