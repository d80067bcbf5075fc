import { useState } from 'react';
import { canManageRoom } from '../lib/admin-rooms';
import type { ChatClient } from '../lib/chat-client';
import { ErrorLine } from './admin-dialog';

/**
 * In place of the composer in an archived room: it is read-only. Its creator and admins get
 * Unarchive here (the server decides; this only offers it).
 */
export function ArchivedNotice(props: { client: ChatClient; roomId: number }) {
  const { client, roomId } = props;
  const { me, rooms } = client.getState();
  const room = rooms[roomId]?.room;
  const [error, setError] = useState<string>();
  const unarchive = async () => {
    const answer = await client.roomAdmin.archive(roomId, false);
    if (!answer.ok) setError(answer.error.message);
  };
  return (
    <div className="archived-notice">
      <p>This room is archived. It is read-only.</p>
      {room && canManageRoom(room, me) && (
        <button type="button" onClick={() => void unarchive()}>
          Unarchive
        </button>
      )}
      <ErrorLine error={error} />
    </div>
  );
}
