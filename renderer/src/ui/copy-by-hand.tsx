import { useEffect, useRef } from 'react';
import { useDomId } from './dom-ids';
import { Modal } from './modal';

/**
 * A link the page could not copy (a browser keeps the clipboard from pages over plain http, and
 * the old copy command may be refused too), shown selected in a read-only field with why, for the
 * person to copy with the keyboard or the field's own menu.
 */
export function CopyByHand(props: { link: string; onClose: () => void }) {
  const field = useRef<HTMLInputElement>(null);
  const why = useDomId('copy-by-hand-why');
  useEffect(() => field.current?.select(), []);
  return (
    <Modal title="Copy this link" onClose={props.onClose}>
      <p id={why}>
        This browser did not let Parley copy the link (a page reached over plain http may not use
        the clipboard). It is selected below: press Ctrl+C (⌘C on a Mac) to copy it.
      </p>
      <label>
        Link{' '}
        <input
          ref={field}
          className="mono"
          readOnly
          value={props.link}
          aria-describedby={why}
          onFocus={(event) => event.currentTarget.select()}
        />
      </label>
      <div className="modal-buttons">
        <button type="button" onClick={props.onClose}>
          Close
        </button>
      </div>
    </Modal>
  );
}
