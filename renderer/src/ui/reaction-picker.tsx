import { lazy, Suspense, useLayoutEffect, useRef } from 'react';

/** The picker and its emoji data load only when someone first opens it (first-load budget). */
const EmojiPicker = lazy(() => import('./emoji-picker'));

/** The picker's size as the styles set it (about 21em by 24em at 15px), to place it in view. */
const PICKER_WIDTH = 330;
const PICKER_HEIGHT = 380;
const MARGIN = 8;

/**
 * The emoji picker in a popover beside the button that opened it. A modal <dialog>: it sits in
 * the top layer, so neither the message list's scrolling nor the virtual rows' transforms clip
 * or move it; focus stays inside, Escape or a click outside closes it, and focus goes back to
 * the opener. Picking closes it too.
 */
export function ReactionPicker(props: {
  anchor: HTMLElement;
  onPick: (emoji: string) => void;
  onClose: () => void;
  /** The popover's name; "Add reaction" unless another use names it (a status emoji). */
  label?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const { anchor } = props;

  useLayoutEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const rect = anchor.getBoundingClientRect();
    // Below the opener when there is room, otherwise above it; right edges aligned, in view.
    const below = window.innerHeight - rect.bottom >= PICKER_HEIGHT + MARGIN;
    const top = below ? rect.bottom + 4 : Math.max(MARGIN, rect.top - PICKER_HEIGHT - 4);
    const left = Math.min(
      Math.max(MARGIN, rect.right - PICKER_WIDTH),
      window.innerWidth - PICKER_WIDTH - MARGIN,
    );
    dialog.style.top = `${top}px`;
    dialog.style.left = `${Math.max(MARGIN, left)}px`;
    dialog.showModal();
    return () => {
      dialog.close();
      // The opener may be gone (the row scrolled away or was deleted): then focus stays put.
      if (anchor.isConnected) anchor.focus();
    };
  }, [anchor]);

  return (
    <dialog
      ref={ref}
      className="reaction-popover"
      aria-label={props.label ?? 'Add reaction'}
      onCancel={(event) => {
        event.preventDefault();
        props.onClose();
      }}
      // The dialog has no padding: a click on the dialog itself is a click on the backdrop.
      onClick={(event) => event.target === ref.current && props.onClose()}
    >
      <Suspense fallback={<p className="emoji-status">Loading emoji…</p>}>
        <EmojiPicker
          onPick={(emoji) => {
            props.onPick(emoji);
            props.onClose();
          }}
          onClose={props.onClose}
        />
      </Suspense>
    </dialog>
  );
}
