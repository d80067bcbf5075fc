import { useState } from 'react';
import type { User } from '../../../server/protocol';
import type { ChatClient } from '../lib/chat-client';
import type { RoomState } from '../lib/chat-state';
import { BlockButton } from './block-button';
import { Composer } from './composer';
import { MessageList } from './message-list';
import { InviteDialog } from './room-dialogs';
import { roomTitle } from './room-title';

/** One room: header with who is online, the messages, who is typing, and the composer. */
export function RoomView(props: { client: ChatClient; room: RoomState; me: User }) {
  const { client, room, me } = props;
  const [inviting, setInviting] = useState(false);
  const title = roomTitle(room.room, me.id);
  const typing = room.typing.filter((u) => u.id !== me.id);

  return (
    <section className="room-view" aria-labelledby="room-title">
      <header className="room-header">
        <div>
          <h1 id="room-title">{title}</h1>
          <p className="muted small">
            <span className="online-dot" aria-hidden="true" /> {onlineLine(room)}
          </p>
        </div>
        <div className="room-actions">
          {room.room.kind === 'direct' && (
            <BlockButton client={client} room={room.room} meId={me.id} />
          )}
          {room.room.kind !== 'direct' && (
            <>
              <button type="button" onClick={() => setInviting(true)}>
                Invite
              </button>
              <button type="button" onClick={() => void client.leaveRoom(room.room.id)}>
                Leave
              </button>
            </>
          )}
        </div>
      </header>
      <MessageList client={client} room={room} meId={me.id} />
      <p className="typing" aria-live="polite">
        {typing.length === 1 && `${typing[0]?.displayName} is typing…`}
        {typing.length === 2 &&
          `${typing[0]?.displayName} and ${typing[1]?.displayName} are typing…`}
        {typing.length > 2 && 'Several people are typing…'}
      </p>
      <Composer client={client} roomId={room.room.id} label={`Message ${title}`} />
      {inviting && (
        <InviteDialog client={client} roomId={room.room.id} onClose={() => setInviting(false)} />
      )}
    </section>
  );
}

/** "3 online: Ann, Bob, Cy", or the first few names and a count in a big room. */
function onlineLine(room: RoomState): string {
  const shown = room.online.slice(0, 5).map((u) => u.displayName);
  if (shown.length === 0) return 'Nobody online';
  const more = room.onlineCount - shown.length;
  return `${room.onlineCount} online: ${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}
