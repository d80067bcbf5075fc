import { useCallback, useMemo, useRef, useState, type ReactNode } from 'react';
import type { Message, ServerLimits, User, UserRef } from '../../../server/protocol';
import { canManageRoom } from '../lib/admin-rooms';
import type { ChatClient } from '../lib/chat-client';
import type { RoomState } from '../lib/chat-state';
import { NameLabels, peopleInView } from '../lib/names';
import { BlockButton } from './block-button';
import { Composer } from './composer';
import { useFileDrop } from './file-drop';
import { MembersPanel } from './members-panel';
import { MessageList } from './message-list';
import { NotifyButton } from './notify-level';
import { PersonName, useConfusables } from './person-name';
import { InviteDialog, OpenDirectDialog } from './room-dialogs';
import { RoomSettingsDialog } from './room-settings';
import { directOthers, isGroupDirect, roomTitle } from './room-title';
import { withoutThreadOnlyPending } from './thread-panel';
import { filesOf } from './use-files';
import { useDomId } from './dom-ids';

/** One room: header with who is online, the messages, who is typing, and the composer. */
export function RoomView(props: {
  client: ChatClient;
  room: RoomState;
  me: User;
  limits: ServerLimits;
}) {
  const { client, room, me } = props;
  const [inviting, setInviting] = useState(false);
  const [showMembers, setShowMembers] = useState(false);
  const [adding, setAdding] = useState(false);
  const [settings, setSettings] = useState(false);
  const membersButton = useRef<HTMLButtonElement>(null);
  const titleId = useDomId('room-title');
  const closeMembers = () => {
    setShowMembers(false);
    membersButton.current?.focus();
  };
  const group = isGroupDirect(room.room);
  const title = roomTitle(room.room, me.id);
  const typing = room.typing.filter((u) => u.id !== me.id);
  // Usernames show wherever two people in view have names that look alike.
  const confusables = useConfusables();
  const labels = useMemo(
    () => new NameLabels(peopleInView(room, me)),
    // The room state is a new object on every change (unread, pending sends); names need only these.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [room.messages, room.online, room.typing, room.room.members, me, confusables],
  );
  const name = (user: UserRef) => <PersonName user={user} labels={labels} />;
  // Editing in place and answering: the list shows the editor, the composer the reply banner.
  const [editingId, setEditingId] = useState<number | null>(null);
  const [replyTo, setReplyTo] = useState<Message | null>(null);
  const onReply = useCallback((message: Message) => setReplyTo(message), []);
  // The up-arrow in an empty composer edits my newest message still standing, as in Slack.
  const editLast = () => {
    const mine = room.messages.findLast((m) => m.author.id === me.id && m.deletedAt === undefined);
    if (mine) setEditingId(mine.id);
  };
  // Files dropped anywhere on the room join the room composer's uploads.
  const drop = useFileDrop((files) =>
    filesOf(client).queue({ roomId: room.room.id }, props.limits).add(files),
  );

  return (
    <section
      className={room.room.archived ? 'room-view is-archived' : 'room-view'}
      aria-labelledby={titleId}
      {...drop.handlers}
    >
      {drop.overlay}
      <header className="room-header">
        <div>
          <h1 id={titleId}>{title}</h1>
          {room.room.topic && (
            <p className="room-topic">
              <bdi>{room.room.topic}</bdi>
            </p>
          )}
          <p className="muted small">
            <span className="online-dot" aria-hidden="true" /> {onlineLine(room, name)}
          </p>
        </div>
        <div className="room-actions">
          <NotifyButton client={client} room={room} title={title} />
          <button
            type="button"
            ref={membersButton}
            aria-expanded={showMembers}
            onClick={() => (showMembers ? closeMembers() : setShowMembers(true))}
          >
            Members
          </button>
          {group && (
            <button type="button" onClick={() => setAdding(true)}>
              Add people
            </button>
          )}
          {/* A block is between two people: a group conversation has no one "other" to block. */}
          {room.room.kind === 'direct' && !group && (
            <BlockButton client={client} room={room.room} meId={me.id} />
          )}
          {room.room.kind !== 'direct' && (
            <button type="button" onClick={() => setInviting(true)}>
              Invite
            </button>
          )}
          {canManageRoom(room.room, me) && (
            <button type="button" onClick={() => setSettings(true)}>
              Room settings
            </button>
          )}
          {/* A group conversation can be left; a pair cannot (blocking is the tool there). */}
          {(room.room.kind !== 'direct' || group) && (
            <button type="button" onClick={() => void client.leaveRoom(room.room.id)}>
              Leave
            </button>
          )}
        </div>
      </header>
      {showMembers && <MembersPanel client={client} room={room} onClose={closeMembers} />}
      {adding && (
        <OpenDirectDialog
          client={client}
          members={directOthers(room.room, me.id).map((m) => m.username)}
          onClose={() => setAdding(false)}
        />
      )}
      <MessageList
        client={client}
        room={withoutThreadOnlyPending(room)}
        me={me}
        labels={labels}
        editingId={editingId}
        onEdit={setEditingId}
        onReply={onReply}
      />
      <p className="typing" aria-live="polite">
        {typing[0] && typing.length === 1 && <>{name(typing[0])} is typing…</>}
        {typing[0] && typing[1] && typing.length === 2 && (
          <>
            {name(typing[0])} and {name(typing[1])} are typing…
          </>
        )}
        {typing.length > 2 && 'Several people are typing…'}
      </p>
      <Composer
        client={client}
        roomId={room.room.id}
        label={`Message ${title}`}
        maxLength={props.limits.maxTextLength}
        limits={props.limits}
        replyTo={replyTo}
        onCancelReply={() => setReplyTo(null)}
        onEditLast={editLast}
      />
      {settings && (
        <RoomSettingsDialog
          client={client}
          room={room.room}
          me={me}
          onClose={() => setSettings(false)}
        />
      )}
      {inviting && (
        <InviteDialog client={client} roomId={room.room.id} onClose={() => setInviting(false)} />
      )}
    </section>
  );
}

/** "3 online: Ann, Bob, Cy", or the first few names and a count in a big room. */
function onlineLine(room: RoomState, name: (user: UserRef) => ReactNode): ReactNode {
  const shown = room.online.slice(0, 5);
  if (shown.length === 0) return 'Nobody online';
  const more = room.onlineCount - shown.length;
  return (
    <>
      {room.onlineCount} online:{' '}
      {shown.map((user, i) => (
        <span key={user.id}>
          {i > 0 && ', '}
          {name(user)}
        </span>
      ))}
      {more > 0 && ` and ${more} more`}
    </>
  );
}
