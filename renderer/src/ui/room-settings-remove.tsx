import { useEffect, useRef, useState } from 'react';
import type { UserRef } from '../../../server/protocol';
import type { ChatClient } from '../lib/chat-client';
import { shownName } from '../lib/names';

/**
 * "Remove from room" in the members panel, for admins: asks first, in place ("Remove Bob from
 * #x?"), then the member's sockets leave the room at once and they can no longer read it.
 */
export function RemoveMemberButton(props: {
  client: ChatClient;
  roomId: number;
  roomName: string;
  member: UserRef;
  onRemoved: () => void;
}) {
  const { client, member } = props;
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  // Cancel puts the "Remove from room" button back, with the focus on it.
  const removeButton = useRef<HTMLButtonElement>(null);
  const cancelled = useRef(false);
  useEffect(() => {
    if (asking || !cancelled.current) return;
    cancelled.current = false;
    removeButton.current?.focus();
  }, [asking]);
  const name = shownName(member.displayName) || member.username;
  const remove = async () => {
    setBusy(true);
    const answer = await client.roomAdmin.removeMember(props.roomId, member.id);
    setBusy(false);
    if (answer.ok) props.onRemoved();
    else setError(answer.error.message);
  };
  if (!asking)
    return (
      <button
        ref={removeButton}
        type="button"
        className="member-remove"
        aria-label={`Remove ${name} (@${member.username}) from room`}
        onClick={() => setAsking(true)}
      >
        Remove from room
      </button>
    );
  return (
    <span className="member-remove-confirm" role="group" aria-label={`Remove ${name}?`}>
      <span className="small">
        Remove <bdi>{name}</bdi> from #{props.roomName}?
      </span>{' '}
      <button
        type="button"
        className="danger"
        autoFocus
        disabled={busy}
        onClick={() => void remove()}
      >
        Remove
      </button>{' '}
      <button
        type="button"
        onClick={() => {
          cancelled.current = true;
          setAsking(false);
        }}
      >
        Cancel
      </button>
      {error && (
        <span className="field-error small" role="alert">
          {' '}
          {error}
        </span>
      )}
    </span>
  );
}
