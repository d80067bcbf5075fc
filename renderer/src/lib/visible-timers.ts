/**
 * Timers that sleep while the window is hidden. A hidden window (minimised, or closed to the
 * tray while hosting) should cost no CPU: nothing in it needs a clock ticking or an indicator
 * expiring until someone can see it. Each timer here is disarmed on `visibilitychange` to hidden
 * and, back to visible, catches up at once (a tick, or a deadline that passed meanwhile) before
 * going on. Where there is no document (unit tests in Node), they are plain timers.
 */

/** What the timers read of the page: `document`, or a stand-in in tests. */
export interface Visibility {
  readonly hidden: boolean;
  addEventListener(type: 'visibilitychange', listener: () => void): void;
  removeEventListener(type: 'visibilitychange', listener: () => void): void;
}

const pageVisibility = (): Visibility | undefined =>
  typeof document === 'undefined' ? undefined : document;

/**
 * Calls `tick` every `ms` while the page is visible; none while hidden, then one at once when
 * it is shown again. Returns the function that stops it.
 */
export function visibleInterval(
  tick: () => void,
  ms: number,
  page: Visibility | undefined = pageVisibility(),
): () => void {
  let timer: ReturnType<typeof setInterval> | undefined;
  const arm = () => {
    clearInterval(timer);
    timer = page?.hidden ? undefined : setInterval(tick, ms);
  };
  const changed = () => {
    if (!page?.hidden) tick();
    arm();
  };
  arm();
  page?.addEventListener('visibilitychange', changed);
  return () => {
    clearInterval(timer);
    page?.removeEventListener('visibilitychange', changed);
  };
}

/**
 * Calls `fire` once, `ms` from now, but never while the page is hidden: a deadline that passes
 * while hidden is kept until the page is shown, and then met at once (in the
 * `visibilitychange` handler, without a timer). Returns the function that cancels it.
 */
export function visibleTimeout(
  fire: () => void,
  ms: number,
  page: Visibility | undefined = pageVisibility(),
  now: () => number = Date.now,
): () => void {
  const deadline = now() + ms;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const done = () => {
    cancel();
    fire();
  };
  const arm = () => {
    clearTimeout(timer);
    timer = undefined;
    if (!page?.hidden) timer = setTimeout(done, Math.max(0, deadline - now()));
  };
  const changed = () => {
    if (page?.hidden || deadline > now()) arm();
    else done();
  };
  const cancel = () => {
    clearTimeout(timer);
    page?.removeEventListener('visibilitychange', changed);
  };
  page?.addEventListener('visibilitychange', changed);
  arm();
  return cancel;
}
