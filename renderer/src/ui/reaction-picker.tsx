import { lazy, Suspense, useRef } from 'react';
import { useAnchoredDialog } from './anchored-dialog';

/** The picker and its emoji data load only when someone first opens it (first-load budget). */
const EmojiPicker = lazy(() => import('./emoji-picker'));

/** The picker's size as the styles set it (about 21em by 24em at 15px), to place it in view. */
const PICKER_WIDTH = 330;
const PICKER_HEIGHT = 380;

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

  useAnchoredDialog(ref, anchor, { width: PICKER_WIDTH, height: PICKER_HEIGHT, align: 'right' });

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
