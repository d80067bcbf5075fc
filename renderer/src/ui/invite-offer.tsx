import type { Invite, ServerCheck } from '../../../main/ipc-channels';
import { Fingerprint } from './fingerprint';
import { Modal } from './modal';
import { NotEncryptedMark } from './not-encrypted';
import { useArmed } from './use-armed';

/** A server offered to be added: an invite, or (without code or expiry) a message link's. */
export type ServerOffer = Omit<Invite, 'expiresAt'> & { expiresAt?: number };

/**
 * An invite never adds a server by itself, nor does a message link to a server not saved: this
 * asks first, naming the server, its address and the certificate it would pin, and says so when a
 * saved server has a name that reads the same. Cancel comes first and has the focus, so a stray
 * Enter adds nothing.
 */
export function InviteOffer(props: {
  invite: ServerOffer;
  check: ServerCheck;
  /** What asks: an invite (the default), or a message link. */
  from?: 'invite' | 'link';
  onAccept: () => void;
  onCancel: () => void;
}) {
  const { invite, check } = props;
  const url = new URL(invite.serverUrl);
  const what = props.from === 'link' ? 'message link' : 'invite';
  // Off for a moment after it appears: a click then was meant for what was there before.
  const armed = useArmed();
  return (
    <Modal title="Add this server?" onClose={props.onCancel}>
      <p>
        {props.from === 'link'
          ? 'This message link is to a server you have not added. To open it, Parley would add this server:'
          : 'An invite asks Parley to add this server:'}
      </p>
      <dl className="invite-facts">
        <dt>Name</dt>
        <dd>{invite.name}</dd>
        <dt>Address</dt>
        <dd>
          <span className="mono">{invite.serverUrl}</span> <NotEncryptedMark url={url.href} />
        </dd>
        <dt>Certificate fingerprint (SHA-256)</dt>
        <dd>
          {invite.fingerprint ? (
            <Fingerprint hex={invite.fingerprint} />
          ) : url.protocol === 'https:' ? (
            'None: the system must vouch for its certificate.'
          ) : (
            'None: plain HTTP, nothing is encrypted.'
          )}
        </dd>
        {invite.expiresAt !== undefined && (
          <>
            <dt>Expires</dt>
            <dd>{new Date(invite.expiresAt).toLocaleString()}</dd>
          </>
        )}
      </dl>
      {invite.fingerprint && !check.saved && (
        <p>
          If you can, compare the fingerprint with the one on the host's screen: Parley will trust
          this certificate, and only this one, for <span className="mono">{url.hostname}</span>.
        </p>
      )}
      {check.lookalikes.map((other) => (
        <p key={other.url} className="lookalike" role="note">
          <strong>You already have a server named “{other.name}”</strong>, at{' '}
          <span className="mono">{other.url}</span>. This {what} is for another address: make sure
          it comes from someone you trust.
        </p>
      ))}
      {check.saved && (
        <p>
          This server is already in your list as “{check.saved.name}”; it stays as it is.
          {invite.code ? ' The invite code will be filled in for a new account.' : ''}
        </p>
      )}
      <div className="modal-buttons">
        {/* First, so that showModal() gives it the focus. */}
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
        <button type="button" className="primary" disabled={!armed} onClick={props.onAccept}>
          {check.saved ? 'Open it' : 'Add server'}
        </button>
      </div>
    </Modal>
  );
}
