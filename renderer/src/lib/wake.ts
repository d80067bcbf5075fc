/**
 * The signs that a connection may have gone stale while the computer slept or the network
 * changed. Each session's SocketKeeper listens for them and reconnects at once (`wake()`).
 */

import type { ClientSocket } from './socket-request';

/** The window event the desktop shell dispatches when main reports `system:wake`. */
export const WAKE_EVENT = 'parley:wake';

/**
 * Why a wake came: the desktop's `resume`, `unlock-screen` and `network`, the browser's
 * `online`, or the Page Lifecycle's `resume`.
 */
export type WakeReason = 'resume' | 'unlock-screen' | 'network' | 'online';

/**
 * Wakes after which a socket that reads as connected is probed before it is rebuilt: an unlock
 * or `online` usually follows no sleep, and rebuilding every healthy socket would flap presence
 * and run a full catch-up on every server. After a resume or a change of network the TCP
 * connection is likely dead, and a probe would only add its timeout to the wait.
 */
const PROBED = new Set<WakeReason>(['unlock-screen', 'online']);
export const probeFirst = (reason: WakeReason): boolean => PROBED.has(reason);

/** How long a probe waits for its answer: a live connection answers in milliseconds. */
export const PROBE_MS = 2_500;

/**
 * Whether the server answers on this socket within PROBE_MS: `blocks:list`, a small read that
 * takes one unit of the per-user event budget (20/s). Any answer, even a refusal, proves the
 * line alive.
 */
export async function probe(socket: ClientSocket): Promise<boolean> {
  try {
    await socket.timeout(PROBE_MS).emitWithAck('blocks:list', {});
    return true;
  } catch {
    return false;
  }
}

/**
 * An access token with less than this left is refreshed before a wake's reconnect: a token that
 * expired during the sleep would only be refused at the handshake, costing a round trip, and
 * one about to expire would be cut off right after catching up.
 */
export const REFRESH_BEFORE_MS = 30_000;

/**
 * A socket connected, or whose handshake started, less than this ago is taken as fresh: resume,
 * unlock and `online` often come together, and the first has already reconnected (or is busy
 * doing so: starting again would abort its handshake).
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
export function onWakeSigns(wake: (reason: WakeReason) => void, offline: () => void): () => void {
  if (typeof window === 'undefined') return () => undefined;
  const desktop = (event: Event) => {
    const { detail } = event as CustomEvent<unknown>;
    // Main sends one of its reasons; anything else is taken as the strongest sign, a resume.
    wake(detail === 'unlock-screen' || detail === 'network' ? detail : 'resume');
  };
  const online = () => wake('online');
  const resume = () => wake('resume');
  window.addEventListener(WAKE_EVENT, desktop);
  window.addEventListener('online', online);
  window.addEventListener('offline', offline);
  document.addEventListener('resume', resume);
  return () => {
    window.removeEventListener(WAKE_EVENT, desktop);
    window.removeEventListener('online', online);
    window.removeEventListener('offline', offline);
    document.removeEventListener('resume', resume);
  };
}
