import { Modal } from './modal';
import { NotEncryptedMark } from './not-encrypted';
import { useArmed } from './use-armed';

/**
 * The first question a message link to a server not saved asks, before Parley contacts that
 * server at all (contacting it tells it this computer's address and that the app runs). It names
 * only the address the link carries: nothing else is known yet. Cancel comes first and has the
 * focus; Continue is off for a moment after the dialog appears.
 */
export function LinkConsent(props: {
  serverUrl: string;
  onContinue: () => void;
  onCancel: () => void;
}) {
  const armed = useArmed();
  return (
    <Modal title="Open this message?" onClose={props.onCancel}>
      <p>
        Open a message on <span className="mono">{props.serverUrl}</span>?{' '}
        <NotEncryptedMark url={props.serverUrl} />
      </p>
      <p>Parley has not connected to this server; it will connect to check its certificate.</p>
      <div className="modal-buttons">
        {/* First, so that showModal() gives it the focus. */}
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
        <button type="button" className="primary" disabled={!armed} onClick={props.onContinue}>
          Continue
        </button>
      </div>
    </Modal>
  );
}
