import { elementScroll, type Virtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type MutableRefObject, type RefObject } from 'react';
import { listenForReader } from './reader-input';

/** A scroll down by someone else than the list that ends this near the end follows again. */
const STICK_PX = 80;
/** The pixels below which the view counts as exactly at the end (fractional scroll offsets). */
const AT_END_PX = 2;
/** A scroll that lands this close to where the list last scrolled itself is the list's own. */
const OWN_PX = 1.5;
/** Scrolled up by more than this from where the list followed, by someone else: left. */
const UP_PX = 4;
/**
 * How long a wheel, key or finger going up keeps the list from following again, and how long
 * it has to move the list before it counts as not having scrolled it at all (see below).
 */
const INPUT_MS = 500;

/**
 * The virtualizer's scrollToFn, remembering where the list last scrolled itself (to the end, to
 * a message, a correction as it measures rows), so that a scroll event can be told apart from
 * the reader's or the browser's.
 */
export function recordingScroll(written: MutableRefObject<number | null>) {
  return (
    offset: number,
    options: { adjustments?: number; behavior?: ScrollBehavior },
    instance: Virtualizer<HTMLDivElement, Element>,
  ): void => {
    written.current = offset + (options.adjustments ?? 0);
    elementScroll(offset, options, instance);
  };
}

/**
 * Decides whether the message list follows new messages: only someone else than the list
 * leaves the end. The list's own scrolls (its steps to the end while rows below turn out taller
 * than estimated, its corrections as it measures rows above) never do: judging them by the
 * distance to the end once stopped a list mid-burst for good (the long-tasks bench found it
 * stuck at the 79th of 2,000 messages). Any other scroll more than UP_PX up from where the list
 * followed does: a wheel, keys, the scrollbar, a finger, focus moving to a row above, find in
 * page, a screen reader. Such a scroll down that ends within STICK_PX of the end, or any scroll
 * to the very end, follows again, but not within INPUT_MS of a wheel, key or finger going up.
 *
 * A wheel turned up, a key that scrolls up or a finger moving down leaves at the input itself:
 * a smooth scroll's first frame comes a frame later, and in a busy room a message in between
 * would pull the list back. If the list has not moved up INPUT_MS later (the input scrolled
 * something else: a dialog, an emoji grid, a button's Shift+Space), it follows again (`rejoin`).
 */
export function useFollowEnd(
  scroller: RefObject<HTMLDivElement | null>,
  /** Where the list last scrolled itself (recordingScroll; a direct write sets it too). */
  written: MutableRefObject<number | null>,
  on: { following: () => boolean; leave: () => void; rejoin: () => void },
): {
  /**
   * Whether the list follows after this scroll event, given whether it followed before and
   * whether it shows a window of older history with newer pages not loaded (nothing to follow).
   */
  judge: (element: HTMLDivElement, following: boolean, detached: boolean) => boolean;
} {
  const state = useRef({ lastTop: 0, followTop: 0, upAt: -Infinity, movedUp: false });
  const handlers = useRef(on);
  handlers.current = on;

  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    let check: ReturnType<typeof setTimeout> | undefined;
    const stop = listenForReader(element, (direction) => {
      const s = state.current;
      if (direction === 'down') return void (s.upAt = -Infinity);
      if (element.scrollTop <= 0) return;
      s.upAt = performance.now();
      // Reading further up already: nothing to leave, and nothing to come back to.
      if (!handlers.current.following()) return;
      s.movedUp = false;
      handlers.current.leave();
      clearTimeout(check);
      check = setTimeout(() => {
        if (!state.current.movedUp) handlers.current.rejoin();
      }, INPUT_MS);
    });
    // Following, and the list or the view changed size with no scroll (rows measured after
    // the scroll to the end settled, the composer grew): show the end again.
    const resized = new ResizeObserver(() => {
      const fromEnd = element.scrollHeight - element.scrollTop - element.clientHeight;
      if (handlers.current.following() && fromEnd > AT_END_PX) handlers.current.rejoin();
    });
    resized.observe(element);
    const list = element.querySelector('ol');
    if (list) resized.observe(list);
    return () => {
      clearTimeout(check);
      resized.disconnect();
      stop();
    };
  }, [scroller]);

  return {
    judge: (element, following, detached) => {
      const s = state.current;
      const top = element.scrollTop;
      const moved = top - s.lastTop;
      s.lastTop = top;
      const fromEnd = element.scrollHeight - top - element.clientHeight;
      const own = written.current !== null && Math.abs(top - written.current) <= OWN_PX;
      // Moved up by someone else than the list, not a clamp at the end: the input scrolled it.
      if (moved < 0 && !own && fromEnd > AT_END_PX) s.movedUp = true;
      if (detached) return false;
      const goingUp = performance.now() - s.upAt < INPUT_MS;
      const atEnd = fromEnd <= AT_END_PX && !goingUp;
      let next = following;
      if (own) next = following || atEnd;
      else if (following && top < s.followTop - UP_PX && fromEnd > AT_END_PX) next = false;
      else if (!following) next = atEnd || (moved > 0 && fromEnd < STICK_PX && !goingUp);
      // Small moves up by someone else add up: the reference moves only with the list's own
      // scrolls, scrolls down and the very end.
      if (next && (own || moved > 0 || fromEnd <= AT_END_PX)) s.followTop = top;
      return next;
    },
  };
}
