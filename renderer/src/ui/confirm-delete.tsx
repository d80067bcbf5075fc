import { useState } from 'react';
import type { Message } from '../../../server/protocol';
import { Modal } from './modal';
import { failure, type RowActions } from './row-actions';

/**
 * "Delete message?": deleting cannot be undone, so it is asked first, in a modal dialog (focus
 * inside, Escape cancels). A refusal (not allowed, no connection) shows in the dialog.
 */
export function ConfirmDelete(props: {
  message: Message;
  actions: RowActions;
  /** Called just before the request: the row then keeps focus once its toolbar is gone. */
  onDeleting: (deleting: boolean) => void;
  onClose: () => void;
}) {
  const { message, actions } = props;
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const own = message.author.id === actions.me.id;

  const confirm = async () => {
    setBusy(true);
    props.onDeleting(true);
    const problem = await failure(actions.client.deleteMessage(message.id));
    if (problem === undefined) return props.onClose();
    props.onDeleting(false);
    setBusy(false);
    setError(problem);
  };

  return (
    <Modal title="Delete message?" onClose={props.onClose}>
      <p>
        {own ? 'Your message' : `This message by ${actions.labels.label(message.author)}`} will show
        as “message deleted” for everyone. This cannot be undone.
      </p>
      {error && (
        <p className="field-error" role="alert">
          Not deleted: {error}
        </p>
      )}
      <div className="modal-buttons">
        {/* Cancel first and focused: Enter on a dialog that just opened keeps the message. */}
        <button type="button" autoFocus onClick={props.onClose}>
          Cancel
        </button>
        <button type="button" className="danger" disabled={busy} onClick={() => void confirm()}>
          Delete
        </button>
      </div>
    </Modal>
  );
}
