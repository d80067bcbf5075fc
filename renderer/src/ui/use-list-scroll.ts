import type { Virtualizer } from '@tanstack/react-virtual';
import {
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type MutableRefObject,
  type RefObject,
} from 'react';
import type { ChatClient } from '../lib/chat-client';
import type { RoomState } from '../lib/chat-state';
import type { Row } from '../lib/format';
import { useFollowEnd } from './follow-end';

/** Closer than this to the top loads older history. */
const LOAD_OLDER_PX = 300;

/**
 * How the message list scrolls: it sticks to the bottom while the person is there (useFollowEnd
 * judges when they leave it), keeps their place when older history is prepended (loading it
 * near the top) or newer history appended to a detached window (loading it near the bottom),
 * and counts new rows that arrive while they read further up, for "Jump to latest".
 */
export function useListScroll(options: {
  client: ChatClient;
  room: RoomState;
  rows: Row[];
  scroller: RefObject<HTMLDivElement | null>;
  virtualizer: Virtualizer<HTMLDivElement, Element>;
  /** Where the list last scrolled itself (follow-end.ts, recordingScroll). */
  written: MutableRefObject<number | null>;
}) {
  const { client, room, rows, scroller, virtualizer, written } = options;
  const roomId = room.room.id;
  const atBottom = useRef(true);
  const loadingOlder = useRef(false);
  const prepend = useRef<{ firstKey: string; height: number; top: number } | null>(null);
  const [unseen, setUnseen] = useState(0);

  const lastKey = rows[rows.length - 1]?.key;
  const firstKey = rows[0]?.key;
  const ends = useRef({ firstKey, lastKey });
  const wasDetached = useRef(room.hasNewer === true);
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const before = ends.current;
    ends.current = { firstKey, lastKey };
    const detachedBefore = wasDetached.current;
    wasDetached.current = room.hasNewer === true;
    const saved = prepend.current;
    if (saved && saved.firstKey !== firstKey) {
      prepend.current = null;
      written.current = saved.top + (virtualizer.getTotalSize() - saved.height);
      element.scrollTop = written.current;
      return;
    }
    // Only older history came in (a jump to a quoted message loads it): nothing new to follow.
    if (before.lastKey === lastKey && before.firstKey !== firstKey) return;
    // A detached window (opened at a search result) grows below the reader as they scroll down,
    // up to the last newer page: there is nothing to follow. One replaced by the latest page
    // (Jump to latest, or one's own message sent) shows its end.
    if (room.hasNewer || (detachedBefore && before.firstKey === firstKey)) {
      atBottom.current = false;
      return;
    }
    if (detachedBefore) atBottom.current = true;
    const last = rows[rows.length - 1];
    const mine = last?.kind === 'pending' || (last?.kind === 'message' && last.own);
    if (atBottom.current || mine) {
      atBottom.current = true;
      virtualizer.scrollToEnd();
    } else {
      setUnseen((n) => n + 1);
    }
    // Only when the ends of the list change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [lastKey, firstKey]);

  const loadOlder = async () => {
    if (loadingOlder.current || !room.hasOlder || !scroller.current || !firstKey) return;
    loadingOlder.current = true;
    prepend.current = {
      firstKey,
      height: virtualizer.getTotalSize(),
      top: scroller.current.scrollTop,
    };
    await client.loadOlder(roomId);
    loadingOlder.current = false;
    // Nothing was prepended (an error, or nothing older): forget the saved place.
    if (client.getState().rooms[roomId]?.messages[0]?.id === room.messages[0]?.id)
      prepend.current = null;
  };

  useEffect(() => {
    // A short first page may not fill the view; then there is nothing to scroll, so load more.
    // Not while the list is not shown at all (another server in view on desktop): with no
    // height, every page "fits", and a hidden server would page back through its whole history.
    const element = scroller.current;
    if (!element || element.clientHeight === 0) return;
    if (room.loaded && room.hasOlder && element.scrollHeight <= element.clientHeight)
      void loadOlder();
    if (room.hasNewer && element.scrollHeight <= element.clientHeight)
      void client.timeline.loadNewer(roomId);
  });

  // Shown after being loaded out of sight: what sticking to the bottom did unseen is done now.
  const shown = useRef(false);
  useLayoutEffect(() => {
    const now = (scroller.current?.clientHeight ?? 0) > 0;
    if (now && !shown.current && atBottom.current && rows.length > 0) virtualizer.scrollToEnd();
    shown.current = now;
  });

  /** Stops sticking to the end, and any scroll to the end under way: it would land there. */
  const stopFollowing = () => {
    atBottom.current = false;
    virtualizer.cancelScroll();
  };

  const follow = useFollowEnd(scroller, written, {
    following: () => atBottom.current,
    leave: stopFollowing,
    rejoin: () => {
      if (room.hasNewer) return;
      atBottom.current = true;
      setUnseen(0);
      virtualizer.scrollToEnd();
    },
  });
  const onScroll = () => {
    const element = scroller.current;
    if (!element) return;
    const top = element.scrollTop;
    const fromBottom = element.scrollHeight - top - element.clientHeight;
    const following = follow.judge(element, atBottom.current, room.hasNewer === true);
    if (atBottom.current && !following) stopFollowing();
    else atBottom.current = following;
    if (atBottom.current) setUnseen(0);
    if (top < LOAD_OLDER_PX) void loadOlder();
    // Near the end of a detached window: the next newer page (the last one attaches it).
    if (room.hasNewer && fromBottom < LOAD_OLDER_PX) void client.timeline.loadNewer(roomId);
  };

  const jumpToLatest = () => {
    setUnseen(0);
    // The room's newest page replaces the window; the effect above then shows its end.
    if (room.hasNewer) return void client.timeline.toLatest(roomId);
    atBottom.current = true;
    virtualizer.scrollToEnd();
  };

  return { atBottom, unseen, onScroll, loadOlder, jumpToLatest };
}
