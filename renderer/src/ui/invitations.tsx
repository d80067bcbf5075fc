import { useState } from 'react';
import type { Invitation } from '../../../server/protocol';
import type { ChatClient } from '../lib/chat-client';

/** Rooms this user was invited to: each joins only when accepted. Nothing shows without any. */
export function InvitationList(props: { client: ChatClient; invitations: Invitation[] }) {
  const { client } = props;
  const [error, setError] = useState<string>();
  if (props.invitations.length === 0) return null;
  const act = async (run: () => Promise<{ ok: boolean; error?: { message: string } }>) => {
    setError(undefined);
    const result = await run();
    if (!result.ok) setError(result.error?.message);
  };
  return (
    <section aria-label="Invitations">
      <h2 className="sidebar-heading">Invitations</h2>
      <ul className="invitation-list">
        {props.invitations.map(({ room, inviter }) => (
          <li key={room.id}>
            <span className="invitation-text">
              {room.kind === 'private' && <span aria-hidden="true">🔒 </span>}#{room.name}
              <span className="small">
                {' '}
                from <bdi>{inviter.displayName}</bdi> (@{inviter.username})
              </span>
            </span>
            <span className="invitation-buttons">
              <button
                type="button"
                aria-label={`Accept the invitation to #${room.name}`}
                onClick={() => void act(() => client.acceptInvitation(room.id))}
              >
                Accept
              </button>
              <button
                type="button"
                aria-label={`Decline the invitation to #${room.name}`}
                onClick={() => void act(() => client.declineInvitation(room.id))}
              >
                Decline
              </button>
            </span>
          </li>
        ))}
      </ul>
      {error && (
        <p className="field-error small" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
