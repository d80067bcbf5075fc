import { useLayoutEffect, type RefObject } from 'react';

const MARGIN = 8;

/**
 * Opens a modal <dialog> as a popover beside the element that opened it: below it when there is
 * room, else above; its left edges (or right edges, `align: 'right'`) lined up, kept in view.
 * Modal, so it sits in the top layer where neither scrolling nor the message rows' transforms
 * move or clip it. On close, focus goes back to the opener if it is still there (the row may
 * have scrolled away, been deleted, or a room switch removed it).
 */
export function useAnchoredDialog(
  ref: RefObject<HTMLDialogElement | null>,
  anchor: HTMLElement,
  size: { width: number; height: number; align: 'left' | 'right' },
): void {
  const { width, height, align } = size;
  useLayoutEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const rect = anchor.getBoundingClientRect();
    const below = window.innerHeight - rect.bottom >= height + MARGIN;
    const top = below ? rect.bottom + 4 : Math.max(MARGIN, rect.top - height - 4);
    const edge = align === 'left' ? rect.left : rect.right - width;
    const left = Math.min(Math.max(MARGIN, edge), window.innerWidth - width - MARGIN);
    dialog.style.top = `${top}px`;
    dialog.style.left = `${Math.max(MARGIN, left)}px`;
    dialog.showModal();
    return () => {
      dialog.close();
      if (anchor.isConnected) anchor.focus();
    };
  }, [ref, anchor, width, height, align]);
}
