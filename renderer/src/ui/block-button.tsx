import { useState } from 'react';
import type { Room } from '../../../server/protocol';
import type { ChatClient } from '../lib/chat-client';
import { useChatState } from './use-chat';

/**
 * Block or unblock the other person of a direct conversation. Blocked, they cannot write to
 * this user or invite them anywhere; neither can write here until the block is lifted.
 */
export function BlockButton(props: { client: ChatClient; room: Room; meId: number }) {
  const { client } = props;
  const { blocked } = useChatState(client);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const other = props.room.members?.find((m) => m.id !== props.meId);
  if (!other) return null;
  const isBlocked = blocked.some((u) => u.id === other.id);
  const toggle = async () => {
    setBusy(true);
    setError(undefined);
    const result = await (isBlocked ? client.unblock : client.block)(other.username);
    setBusy(false);
    if (!result.ok) setError(result.error.message);
  };
  return (
    <>
      {isBlocked && <span className="muted small">Blocked: neither of you can write here.</span>}
      <button
        type="button"
        disabled={busy}
        aria-label={`${isBlocked ? 'Unblock' : 'Block'} @${other.username}`}
        onClick={() => void toggle()}
      >
        {isBlocked ? 'Unblock' : 'Block'}
      </button>
      {error && (
        <span className="field-error small" role="alert">
          {error}
        </span>
      )}
    </>
  );
}
