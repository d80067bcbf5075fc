import type { Virtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import type { ChatClient } from '../lib/chat-client';
import type { RoomState } from '../lib/chat-state';
import type { Row } from '../lib/format';

/** Within this many pixels of the bottom counts as "at the bottom": new messages keep it there. */
const STICK_PX = 80;
/** Closer than this to the top loads older history. */
const LOAD_OLDER_PX = 300;

/**
 * How the message list scrolls: it sticks to the bottom while the person is there, keeps their
 * place when older history is prepended (loading it near the top), and counts new rows that
 * arrive while they read further up, for "Jump to latest".
 */
export function useListScroll(options: {
  client: ChatClient;
  room: RoomState;
  rows: Row[];
  scroller: RefObject<HTMLDivElement | null>;
  virtualizer: Virtualizer<HTMLDivElement, Element>;
}) {
  const { client, room, rows, scroller, virtualizer } = options;
  const roomId = room.room.id;
  const atBottom = useRef(true);
  const loadingOlder = useRef(false);
  const prepend = useRef<{ firstKey: string; height: number; top: number } | null>(null);
  const [unseen, setUnseen] = useState(0);

  const lastKey = rows[rows.length - 1]?.key;
  const firstKey = rows[0]?.key;
  const ends = useRef({ firstKey, lastKey });
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const before = ends.current;
    ends.current = { firstKey, lastKey };
    const saved = prepend.current;
    if (saved && saved.firstKey !== firstKey) {
      prepend.current = null;
      element.scrollTop = saved.top + (virtualizer.getTotalSize() - saved.height);
      return;
    }
    // Only older history came in (a jump to a quoted message loads it): nothing new to follow.
    if (before.lastKey === lastKey && before.firstKey !== firstKey) return;
    const last = rows[rows.length - 1];
    const mine = last?.kind === 'pending' || (last?.kind === 'message' && last.own);
    if (atBottom.current || mine) {
      atBottom.current = true;
      virtualizer.scrollToIndex(rows.length - 1, { align: 'end' });
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
    const element = scroller.current;
    if (element && room.loaded && room.hasOlder && element.scrollHeight <= element.clientHeight)
      void loadOlder();
  });

  const onScroll = () => {
    const element = scroller.current;
    if (!element) return;
    atBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < STICK_PX;
    if (atBottom.current) setUnseen(0);
    if (element.scrollTop < LOAD_OLDER_PX) void loadOlder();
  };

  const jumpToLatest = () => {
    atBottom.current = true;
    setUnseen(0);
    virtualizer.scrollToIndex(rows.length - 1, { align: 'end' });
  };

  return { atBottom, unseen, onScroll, loadOlder, jumpToLatest };
}
