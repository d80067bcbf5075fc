import type { VirtualItem, Virtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import type { Row } from '../lib/format';

/**
 * Whether the message list's view moved toward older messages, judged by the content rather
 * than by scrollTop: the row that was at the view's top edge is looked up where it is now.
 * Rows measured above the view shift scrollTop by as much as they grew, and rows below only
 * lengthen the list, so neither counts; a reader's scroll (wheel, keys, scrollbar, touch, find
 * in page, a screen reader) does. Judging by the distance to the end alone once stopped a list
 * mid-burst for good: the long-tasks bench found it stuck at the 79th of 2,000 messages.
 */
export function useViewAnchor(
  rows: Row[],
  virtualizer: Virtualizer<HTMLDivElement, Element>,
): {
  /** Moved up by more than a pixel since the last `remember`; false before any, or if that row is gone. */
  movedUp: (top: number) => boolean;
  /** Takes the view at scrollTop `top` as the reference. */
  remember: (top: number) => void;
} {
  const anchor = useRef<{ key: VirtualItem['key']; offset: number } | null>(null);
  return {
    movedUp: (top) => {
      const before = anchor.current;
      if (!before) return false;
      const index = rows.findIndex((row) => row.key === before.key);
      virtualizer.getVirtualItemForOffset(top); // brings the measurements up to date
      const item = index < 0 ? undefined : virtualizer.measurementsCache[index];
      // That row is gone (deleted, or a new window of history: Jump to latest follows its own
      // scrolls): nothing to judge by, and the reader's next scroll event judges again.
      if (!item) return false;
      return top - item.start < before.offset - 1;
    },
    remember: (top) => {
      const here = virtualizer.getVirtualItemForOffset(top);
      anchor.current = here ? { key: here.key, offset: top - here.start } : null;
    },
  };
}
