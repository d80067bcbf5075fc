import { useMemo, useState } from 'react';
import type { ChatClient } from '../lib/chat-client';
import type { ChatState, RoomState } from '../lib/chat-state';
import { NameLabels, shownName } from '../lib/names';
import { NotEncryptedMark } from './not-encrypted';
import { Avatar } from './avatar';
import { BrowseRoomsDialog } from './browse-rooms';
import { InvitationList } from './invitations';
import { CreateRoomDialog, OpenDirectDialog } from './room-dialogs';
import { roomTitle } from './room-title';
import { SidebarRoom } from './sidebar-room';
import { useConfusables } from './person-name';
import { SEARCH_SHORTCUTS } from './search-keys';

type Dialog = 'browse' | 'create' | 'direct' | null;

/** The joined rooms as the sidebar lists them: rooms first, then direct messages. */
export function sidebarRooms(state: ChatState): { channels: RoomState[]; directs: RoomState[] } {
  const rooms = Object.values(state.rooms).filter((r) => r.room.joined);
  return {
    channels: rooms.filter((r) => r.room.kind !== 'direct'),
    directs: rooms.filter((r) => r.room.kind === 'direct'),
  };
}

/** Rooms and direct messages with unread and mention badges, room actions, and who is signed in. */
export function Sidebar(props: {
  client: ChatClient;
  state: ChatState;
  serverName: string;
  /** Opens the search panel. */
  onSearch: () => void;
  /** Desktop, owner only: invite people to this server. */
  onInvitePeople?: () => void;
  /** Opens "Profile & account". */
  onProfile?: () => void;
  /** Admins and the owner: opens the server's admin panel. */
  onAdmin?: () => void;
  onSignOut: () => void;
}) {
  const { client, state } = props;
  const [dialog, setDialog] = useState<Dialog>(null);
  const { channels, directs } = sidebarRooms(state);
  // The people of the direct conversations, named apart where their names look alike.
  const people = directs.flatMap((r) => r.room.members ?? []);
  const peopleKey = people.map((p) => `${p.id}:${p.displayName}`).join('|');
  const confusables = useConfusables();
  const labels = useMemo(
    () => new NameLabels([state.me, ...people]),
    // Rebuilt only when the set of people or their names change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [peopleKey, state.me, confusables],
  );

  const section = (title: string, list: RoomState[], empty: string) => (
    <section aria-label={title}>
      <h2 className="sidebar-heading">{title}</h2>
      {list.length === 0 && <p className="muted small">{empty}</p>}
      <ul className="room-list">
        {list.map((room) => (
          <li key={room.room.id}>
            <SidebarRoom
              room={room}
              title={roomTitle(room.room, state.me.id, labels.label)}
              active={room.room.id === state.activeRoomId}
              onOpen={() => client.selectRoom(room.room.id)}
            />
          </li>
        ))}
      </ul>
    </section>
  );

  return (
    <nav className="sidebar" aria-label="Rooms">
      <header className="sidebar-server">
        <span className="server-name">{props.serverName}</span>
        <NotEncryptedMark url={state.serverUrl} />
      </header>
      <div className="sidebar-actions">
        <button type="button" onClick={props.onSearch} aria-keyshortcuts={SEARCH_SHORTCUTS}>
          Search{' '}
          <kbd className="muted small" aria-hidden="true">
            Ctrl+K
          </kbd>
        </button>
        <button type="button" onClick={() => setDialog('browse')}>
          Browse rooms
        </button>
        <button type="button" onClick={() => setDialog('create')}>
          New room
        </button>
        <button type="button" onClick={() => setDialog('direct')}>
          New message
        </button>
        {props.onInvitePeople && (
          <button type="button" onClick={props.onInvitePeople}>
            Invite people
          </button>
        )}
      </div>
      <InvitationList client={client} invitations={state.invitations} />
      {section('Rooms', channels, 'No rooms yet.')}
      {section('Direct messages', directs, 'No conversations yet.')}
      <footer className="sidebar-me">
        <span className="sidebar-me-name">
          <Avatar user={state.me} />
          Signed in as{' '}
          <strong>
            <bdi>{shownName(state.me.displayName) || state.me.username}</bdi>
          </strong>{' '}
          <span className="muted">@{state.me.username}</span>
        </span>
        {props.onProfile && (
          <button type="button" onClick={props.onProfile}>
            Profile &amp; account
          </button>
        )}
        {props.onAdmin && (
          <button type="button" onClick={props.onAdmin}>
            Server admin
          </button>
        )}
        <button type="button" onClick={props.onSignOut}>
          Sign out
        </button>
      </footer>
      {dialog === 'browse' && <BrowseRoomsDialog client={client} onClose={() => setDialog(null)} />}
      {dialog === 'create' && <CreateRoomDialog client={client} onClose={() => setDialog(null)} />}
      {dialog === 'direct' && <OpenDirectDialog client={client} onClose={() => setDialog(null)} />}
    </nav>
  );
}
