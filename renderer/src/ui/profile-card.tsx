import { useRef, useState } from 'react';
import type { UserRef } from '../../../server/protocol';
import type { ChatClient } from '../lib/chat-client';
import { shownName, type NameLabels } from '../lib/names';
import { useAnchoredDialog } from './anchored-dialog';
import { Avatar } from './avatar';
import { PersonName } from './person-name';
import { DELETED_USER_NAME, roleLabel, usePerson } from './use-people';
import { useDomId } from './dom-ids';

/** The card's size as the styles set it, to place it in view. */
const CARD_WIDTH = 288;
const CARD_HEIGHT = 260;

/**
 * Someone's profile card, opened from their name: avatar, display name, @username, status,
 * role, and "Message" (their direct conversation). A modal <dialog> in the top layer beside the
 * name, so that neither scrolling nor the message rows' transforms move or clip it. Escape or a
 * click outside closes it, and focus goes back to the name.
 */
export function ProfileCard(props: {
  client: ChatClient;
  user: UserRef;
  anchor: HTMLElement;
  onClose: () => void;
}) {
  const { client, anchor, onClose } = props;
  const ref = useRef<HTMLDialogElement>(null);
  const { user, profile } = usePerson(props.user);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const nameId = useDomId('profile-card-name');
  const me = client.getState().me;
  const deleted = profile?.deleted === true;
  const status = profile && (profile.status.emoji || profile.status.text) ? profile.status : null;

  useAnchoredDialog(ref, anchor, { width: CARD_WIDTH, height: CARD_HEIGHT, align: 'left' });

  const message = async () => {
    setBusy(true);
    const answer = await client.openDirect([user.username]);
    setBusy(false);
    if (answer.ok) onClose();
    else setError(answer.error.message);
  };

  const name = deleted ? DELETED_USER_NAME : shownName(user.displayName) || user.username;
  return (
    <dialog
      ref={ref}
      className="profile-card"
      aria-labelledby={nameId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      // Escape closes the card only, not a panel around its opener (the members panel's).
      onKeyDown={(event) => event.key === 'Escape' && event.stopPropagation()}
      // No padding on the dialog itself: a click on it is a click on the backdrop.
      onClick={(event) => event.target === ref.current && onClose()}
    >
      <div className="profile-card-body">
        <div className="profile-card-top">
          <Avatar user={user} size="large" />
          <div>
            <h2 id={nameId}>
              <bdi>{name}</bdi>
            </h2>
            {!deleted && <p className="muted profile-card-username">@{user.username}</p>}
          </div>
        </div>
        {status && (
          <p className="profile-card-status">
            {status.emoji && <span aria-hidden="true">{status.emoji} </span>}
            <span className="visually-hidden">Status: </span>
            {status.text ||
              (status.emoji && <span className="visually-hidden">{status.emoji}</span>)}
          </p>
        )}
        {profile && !deleted && <p className="muted small">{roleLabel(profile.role)}</p>}
        {!profile && <p className="muted small">Loading profile…</p>}
        {error && (
          <p className="field-error small" role="alert">
            {error}
          </p>
        )}
        <div className="modal-buttons">
          {!deleted && user.id !== me.id && (
            <button
              type="button"
              className="primary"
              disabled={busy}
              onClick={() => void message()}
            >
              Message
            </button>
          )}
          <button type="button" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
    </dialog>
  );
}

/**
 * A person's name as a button that opens their profile card (focus comes back to it on close).
 * A deleted account has no card: its name is plain text.
 */
export function PersonButton(props: {
  client: ChatClient;
  user: UserRef;
  /** Where two people in view look alike (message rows); without: the display name alone. */
  labels?: NameLabels;
  className?: string;
}) {
  const { user, profile } = usePerson(props.user);
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const name = props.labels ? (
    <PersonName user={props.user} labels={props.labels} />
  ) : (
    <bdi>{profile?.deleted ? DELETED_USER_NAME : shownName(user.displayName) || user.username}</bdi>
  );
  if (profile?.deleted) return <span className={props.className}>{name}</span>;
  return (
    <>
      <button
        type="button"
        className={`person-button ${props.className ?? ''}`}
        title={`@${user.username}`}
        aria-haspopup="dialog"
        onClick={(event) => setAnchor(event.currentTarget)}
      >
        {name}
      </button>
      {anchor && (
        <ProfileCard
          client={props.client}
          user={props.user}
          anchor={anchor}
          onClose={() => setAnchor(null)}
        />
      )}
    </>
  );
}
