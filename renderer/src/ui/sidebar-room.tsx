import type { RoomState } from '../lib/chat-state';
import { shownUnread } from '../lib/chat-state';
import { countText, mentionWords } from './badges';

/**
 * A room's accessible name: its title, then what its badges show in words ("#general, muted,
 * 1 mention"). The badges themselves are hidden from screen readers, which hear this instead of
 * bare numbers.
 */
export function roomLabel(title: string, room: RoomState): string {
  const unread = shownUnread(room);
  return [
    title,
    room.room.archived && 'archived',
    room.notify === 'none' && 'muted',
    unread > 0 && `${unread} unread`,
    room.mentions > 0 && mentionWords(room.mentions),
  ]
    .filter(Boolean)
    .join(', ');
}

/**
 * One room in the sidebar. Unread rooms are bold, with their unread count in a grey pill; mentions
 * of this user get a separate red badge marked "@" (told apart by more than colour), as Slack's
 * red badge is. A muted room is dimmed, shows a muted icon and no unread count: only mentions.
 */
export function SidebarRoom(props: {
  room: RoomState;
  title: string;
  active: boolean;
  onOpen: () => void;
}) {
  const { room, title, active } = props;
  const unread = shownUnread(room);
  const { mentions } = room;
  const muted = room.notify === 'none';
  const classes = [
    'room-button',
    active && 'active',
    (unread > 0 || mentions > 0) && 'has-unread',
    muted && 'is-muted',
    room.room.archived && 'is-archived',
  ];
  return (
    <button
      type="button"
      className={classes.filter(Boolean).join(' ')}
      aria-current={active ? 'page' : undefined}
      aria-label={roomLabel(title, room)}
      onClick={props.onOpen}
    >
      <span className="room-name">
        {room.room.kind === 'private' && <span aria-hidden="true">🔒 </span>}
        <bdi>{title}</bdi>
        {muted && (
          <span className="room-muted-icon" aria-hidden="true" title="Muted">
            {' '}
            🔕
          </span>
        )}
      </span>
      <span className="room-badges" aria-hidden="true">
        {unread > 0 && (
          <span className="room-unread" title={`${unread} unread`}>
            {countText(unread)}
          </span>
        )}
        {mentions > 0 && (
          <span className="room-mentions" title={mentionWords(mentions)}>
            @{countText(mentions)}
          </span>
        )}
      </span>
    </button>
  );
}
