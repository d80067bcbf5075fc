import { useEffect, useRef, type RefObject } from 'react';

/** A reader's scroll down that ends within this many pixels of the end follows again. */
const STICK_PX = 80;
/**
 * How long after the reader's wheel, key or finger a scroll counts as theirs: longer than a
 * browser's smooth scroll of a key press or a wheel notch (about 150 to 300 ms in Chromium).
 */
const INPUT_MS = 500;
/** The pixels below which the view counts as exactly at the end (fractional scroll offsets). */
const AT_END_PX = 2;

type Direction = 'up' | 'down';

/**
 * Decides whether the message list follows new messages.
 *
 * Only the reader leaves the end. A wheel turned up, a key that scrolls up (Up, Page Up, Home,
 * Shift+Space) or a finger moving down on the list leaves it at once, at the input itself: a
 * smooth scroll's first frame comes a frame later, and in a busy room a message in between
 * would pull the list back. A drag of the scrollbar leaves it at its first move up. The
 * reader's scroll down (within INPUT_MS of their input, or a drag) that ends within STICK_PX of
 * the end follows again.
 *
 * Any other scroll is the page's own: the virtualizer shifting scrollTop as it measures rows,
 * or moving to the end in steps while rows below turn out taller than estimated. Judging those
 * by the distance to the end once stopped a list mid-burst for good (the long-tasks bench found
 * it stuck at the 79th of 2,000 messages), and judging them by scrollTop's direction misreads
 * the virtualizer's corrections, which also come while the reader scrolls. So such a scroll
 * changes nothing, with two exceptions: one that lands at the very end follows, and a jump up
 * by more than the view's height leaves (find in page, a screen reader moving far back, a
 * script). A smaller jump up leaves the list following: the next message brings the view back.
 */
export function useFollowEnd(
  scroller: RefObject<HTMLDivElement | null>,
  /** Called when the reader's wheel, key or finger goes up: the list stops following. */
  leave: () => void,
): {
  /** Whether the list follows after this scroll event, given whether it followed before. */
  judge: (element: HTMLDivElement, following: boolean, detached: boolean) => boolean;
} {
  const last = useRef<{ at: number; direction: Direction }>({ at: -Infinity, direction: 'up' });
  const holding = useRef(false);
  const lastTop = useRef(0);
  const onLeave = useRef(leave);
  onLeave.current = leave;

  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    return listenForReader(element, {
      input: (direction) => {
        last.current = { at: performance.now(), direction };
        if (direction === 'up' && element.scrollTop > 0) onLeave.current();
      },
      holding: (held) => {
        holding.current = held;
      },
    });
  }, [scroller]);

  return {
    judge: (element, following, detached) => {
      const top = element.scrollTop;
      const moved = top - lastTop.current;
      lastTop.current = top;
      const fromEnd = element.scrollHeight - top - element.clientHeight;
      // A window of older history with newer pages not loaded: there is no end to follow.
      if (detached) return false;
      const { at, direction } = last.current;
      const down = holding.current
        ? moved > 0
        : direction === 'down' && performance.now() - at < INPUT_MS;
      if (holding.current && moved < 0) return fromEnd <= AT_END_PX;
      if (down) return following || fromEnd < STICK_PX;
      if (fromEnd <= AT_END_PX) return true;
      if (moved < -element.clientHeight) return false;
      return following;
    },
  };
}

/** Keys that scroll a focused list, and which way. */
const KEYS: Record<string, Direction> = {
  ArrowUp: 'up',
  PageUp: 'up',
  Home: 'up',
  ArrowDown: 'down',
  PageDown: 'down',
  End: 'down',
};

/**
 * The reader's own input on the list, with the way it scrolls, and `holding` while a press on
 * the list itself (its scrollbar) lasts. Returns the cleanup.
 */
function listenForReader(
  element: HTMLDivElement,
  on: { input: (direction: Direction) => void; holding: (held: boolean) => void },
): () => void {
  let touchY: number | undefined;
  const wheel = (event: WheelEvent) => {
    if (event.ctrlKey || event.deltaY === 0) return; // with Ctrl it zooms
    on.input(event.deltaY < 0 ? 'up' : 'down');
  };
  const touch = (event: TouchEvent) => {
    const y = event.touches[0]?.clientY;
    // The finger moving down scrolls the list up.
    if (event.type === 'touchmove' && y !== undefined && touchY !== undefined && y !== touchY)
      on.input(y > touchY ? 'up' : 'down');
    touchY = y;
  };
  const key = (event: KeyboardEvent) => {
    // Typed into a message being edited in place, taken by a row's own control (a menu's
    // arrows), or a shortcut: no scroll.
    if ((event.target as Element | null)?.closest('input, textarea, [contenteditable="true"]'))
      return;
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    const direction = event.key === ' ' ? (event.shiftKey ? 'up' : 'down') : KEYS[event.key];
    if (direction) on.input(direction);
  };
  // A press on the list itself, not on a row in it: its scrollbar.
  const press = (event: PointerEvent) => {
    if (event.target === element) on.holding(true);
  };
  const release = () => on.holding(false);
  const options = { passive: true } as const;
  const listeners = [
    [element, 'wheel', wheel],
    [element, 'touchstart', touch],
    [element, 'touchmove', touch],
    [element, 'keydown', key],
    [element, 'pointerdown', press],
    [window, 'pointerup', release],
    [window, 'pointercancel', release],
  ] as const;
  for (const [target, type, listener] of listeners)
    target.addEventListener(type, listener as EventListener, options);
  return () => {
    for (const [target, type, listener] of listeners)
      target.removeEventListener(type, listener as EventListener);
  };
}
