import { useCallback, useState, useSyncExternalStore } from 'react';
import { canManageRoom } from '../lib/admin-rooms';
import type { ChatClient } from '../lib/chat-client';
import { ErrorLine } from './admin-dialog';

/**
 * In place of the composer in an archived room: it is read-only. Its creator and admins get
 * Unarchive here (the server decides; this only offers it).
 */
export function ArchivedNotice(props: { client: ChatClient; roomId: number }) {
  const { client, roomId } = props;
  // Followed live (a role given meanwhile offers Unarchive at once), but only this one answer:
  // the notice is not re-rendered by every other change.
  const mayUnarchive = useSyncExternalStore(
    client.subscribe,
    useCallback(() => {
      const { me, rooms } = client.getState();
      const room = rooms[roomId]?.room;
      return room !== undefined && canManageRoom(room, me);
    }, [client, roomId]),
  );
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const unarchive = async () => {
    setBusy(true);
    const answer = await client.roomAdmin.archive(roomId, false);
    setBusy(false);
    if (!answer.ok) setError(answer.error.message);
  };
  return (
    <div className="archived-notice">
      <p>This room is archived. It is read-only.</p>
      {mayUnarchive && (
        <button type="button" disabled={busy} onClick={() => void unarchive()}>
          Unarchive
        </button>
      )}
      <ErrorLine error={error} />
    </div>
  );
}
