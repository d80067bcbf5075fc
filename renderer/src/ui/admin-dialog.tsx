import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useComposerIds } from './dom-ids';
import { focusIfLost } from './focus-lost';

/**
 * A modal <dialog> for the admin screens: focus moves in, Escape closes (the topmost dialog
 * only, when one opens over another), focus returns to where it was. Unlike Modal its title's id
 * is unique, so that a confirmation may open over the admin panel.
 */
export function AdminDialog(props: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  /** The admin panel: wide and tall, for tables. */
  wide?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const composer = useComposerIds().room;
  useEffect(() => {
    const dialog = ref.current;
    const before = document.activeElement as HTMLElement | null;
    dialog?.showModal();
    return () => {
      dialog?.close();
      if (before?.isConnected) return before.focus();
      // The opener went with what the dialog changed (a deleted room's "Room settings"): the
      // focus goes to the composer of the room now in view rather than to the page's top.
      focusIfLost(() => document.getElementById(composer));
    };
  }, [composer]);
  return (
    <dialog
      ref={ref}
      className={props.wide ? 'modal admin-dialog admin-wide' : 'modal admin-dialog'}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        event.stopPropagation();
        props.onClose();
      }}
    >
      <h2 id={titleId}>{props.title}</h2>
      {props.children}
    </dialog>
  );
}

/** An error line under what failed, read out when it appears. */
export function ErrorLine(props: { error?: string; id?: string }) {
  if (!props.error) return null;
  return (
    <p id={props.id} className="field-error" role="alert">
      {props.error}
    </p>
  );
}
