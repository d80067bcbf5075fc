import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Message, ServerInfo } from '../../../server/protocol';
import { onAdminPanelRequest } from '../lib/admin-entry';
import { isAdmin } from '../lib/admin-rooms';
import { ChatClient } from '../lib/chat-client';
import { badgeCount, inRoomTimeline, wantsNotice, type RoomState } from '../lib/chat-state';
import { fullName, NameLabels, peopleInView } from '../lib/names';
import { SearchResults } from '../lib/search';
import type { Session } from '../lib/session';
import { AdminPanel } from './admin-panel';
import { titleCount } from './badges';
import { ConnectionBanner } from './connection-banner';
import { ComposerIdsProvider, useNewComposerIds } from './dom-ids';
import { roomTitle } from './room-title';
import { useRoomKeys } from './room-keys';
import { RoomView } from './room-view';
import { useSearchKeys } from './search-keys';
import { SearchPanel } from './search-panel';
import { ServerInviteDialog } from './server-invite';
import { Sidebar } from './sidebar';
import { ThreadPanel } from './thread-panel';
import { ProfileSettingsDialog } from './profile-settings';
import { PeopleContext } from './use-people';
import { useChatState } from './use-chat';
import { useMessageRequests } from './use-message-requests';
import { messageGist } from '../lib/file-format';

const ACCOUNT_DELETED = 'Your account was deleted.';
const ENDED: Record<string, string> = {
  banned: 'You were banned from this server.',
  token_revoked:
    'Your session ended (signed out elsewhere, or the server revoked it). Please sign in again.',
};

/** The signed-in app: owns the ChatClient for the session's lifetime. */
export function ChatScreen(props: {
  session: Session;
  info: ServerInfo;
  /** False while another server is in view on desktop. */
  visible: boolean;
  onUnread?: (count: number) => void;
  onEnded: (notice?: string) => void;
}) {
  const [announcement, setAnnouncement] = useState('');
  const [client, setClient] = useState<ChatClient | null>(null);
  const visible = useRef(props.visible);
  useEffect(() => {
    visible.current = props.visible;
    if (props.visible) client?.seen();
  }, [props.visible, client]);

  useEffect(() => {
    const inView = () =>
      visible.current && document.visibilityState === 'visible' && document.hasFocus();
    const created: ChatClient = new ChatClient(props.session, {
      isVisible: inView,
      onIncoming: (message, room) => {
        const active = visible.current && created.getState().activeRoomId === message.roomId;
        if (active) {
          const labels = new NameLabels(peopleInView(room, created.getState().me));
          // What shows in the room, briefly: a thread reply kept in its thread is not read out
          // over the room, and a long message is not read out whole.
          if (inRoomTimeline(message))
            setAnnouncement(`${labels.label(message.author)}: ${messageGist(message, 300)}`);
        }
        notify(created, message, room, active && inView());
      },
    });
    setClient(created);
    created.start();
    const seen = () => created.seen();
    window.addEventListener('focus', seen);
    document.addEventListener('visibilitychange', seen);
    const unsubscribe = window.parley?.onOpenRoom(({ serverUrl, roomId }) => {
      if (serverUrl === created.getState().serverUrl) created.selectRoom(roomId);
    });
    return () => {
      window.removeEventListener('focus', seen);
      document.removeEventListener('visibilitychange', seen);
      unsubscribe?.();
      created.stop();
    };
  }, [props.session]);

  // Names and avatars anywhere below come from the client's people cache.
  const people = useMemo(
    () => client && { people: client.people, serverUrl: client.session.api.serverUrl },
    [client],
  );
  // This chat's own composer ids: another server's chat may be mounted beside it (desktop).
  const composerIds = useNewComposerIds();
  if (!client) return null;
  return (
    <PeopleContext.Provider value={people}>
      <ComposerIdsProvider value={composerIds}>
        <ChatView
          client={client}
          info={props.info}
          session={props.session}
          visible={props.visible}
          onUnread={props.onUnread}
          onEnded={props.onEnded}
          announcement={announcement}
          onAnnounce={setAnnouncement}
        />
      </ComposerIdsProvider>
    </PeopleContext.Provider>
  );
}

/** Sidebar, the room in view, the connection banner and the live region. */
function ChatView(props: {
  client: ChatClient;
  info: ServerInfo;
  session: Session;
  visible: boolean;
  announcement: string;
  /** Says a line through the always-present live region. */
  onAnnounce: (text: string) => void;
  onUnread?: (count: number) => void;
  onEnded: (notice?: string) => void;
}) {
  const { client, onEnded, onUnread, visible, onAnnounce } = props;
  const state = useChatState(client);
  useRoomKeys(client, visible);

  const ended = state.ended;
  // Deleting the account also revokes this session: whichever comes first, the deletion is said.
  const accountDeleted = useRef(false);
  useEffect(() => {
    if (ended)
      onEnded(accountDeleted.current ? ACCOUNT_DELETED : (ENDED[ended.code] ?? ended.message));
  }, [ended, onEnded]);

  // Unread of unmuted rooms, and the mentions of muted ones (see titleCount for why).
  const unread = titleCount(state);
  // The desktop badge counts what asks for attention: mentions and direct messages.
  const badge = badgeCount(state);
  useEffect(() => onUnread?.(badge), [badge, onUnread]);
  // The name as an admin last changed it (server:updated), live on every client: in the title
  // and the sidebar's header only. On desktop the rail keeps the label the person saved the
  // server under: it is their own trust cue, which no server's admin may change.
  const serverName = state.serverName ?? props.info.name;
  useEffect(() => {
    if (!visible) return;
    document.title = unread > 0 ? `(${unread}) Parley · ${serverName}` : `Parley · ${serverName}`;
  }, [unread, serverName, visible]);

  // A notice shown until dismissed, and said through the live region that is always there (a
  // live region mounted already filled is not read out by many screen readers).
  const [banner, setBanner] = useState<string>();
  const say = useCallback(
    (text: string) => {
      setBanner(text);
      onAnnounce(text);
    },
    [onAnnounce],
  );
  // Messages that links ask for: opened at the message, or said why not.
  useMessageRequests(client, say);

  const [adminOpen, setAdminOpen] = useState(false);
  const admin = isAdmin(state.me);
  const adminNow = useRef(admin);
  adminNow.current = admin;
  // "Open admin panel" from the host screen: taken by this server's chat whatever the role, so
  // that no request waits to pop the panel open later; a member is told why nothing opens.
  useEffect(
    () =>
      onAdminPanelRequest(state.serverUrl, () =>
        adminNow.current ? setAdminOpen(true) : say('Only admins can open the admin panel'),
      ),
    [state.serverUrl, say],
  );
  // Put out of a room by an admin, or the room was deleted: said aloud and shown until dismissed.
  const departed = state.departed;
  useEffect(() => {
    if (!departed) return;
    say(
      departed.reason === 'removed'
        ? `You were removed from #${departed.name}`
        : `#${departed.name} was deleted`,
    );
  }, [departed, say]);

  const [inviting, setInviting] = useState(false);
  const [settings, setSettings] = useState(false);
  // Search takes the side panel; a change of its number focuses the field (Ctrl+K while open).
  const [searching, setSearching] = useState(0);
  const openSearch = useCallback(() => setSearching((n) => n + 1), []);
  const results = useMemo(() => new SearchResults((r) => client.search(r)), [client]);
  useSearchKeys(visible, openSearch);
  // A thread opened (from a result too) takes the side panel.
  const threadRoot = state.thread?.rootId;
  useEffect(() => {
    if (threadRoot !== undefined) setSearching(0);
  }, [threadRoot]);
  const bridge = window.parley;
  const canInvite = bridge && state.me.role === 'owner';
  const active = state.activeRoomId === null ? undefined : state.rooms[state.activeRoomId];
  return (
    <div className="chat-layout">
      <Sidebar
        client={client}
        state={state}
        serverName={serverName}
        onSearch={openSearch}
        onInvitePeople={canInvite ? () => setInviting(true) : undefined}
        onProfile={() => setSettings(true)}
        onAdmin={admin ? () => setAdminOpen(true) : undefined}
        onSignOut={async () => {
          await client.signOut();
          onEnded();
        }}
      />
      <main
        className="room-pane"
        aria-label={active ? roomTitle(active.room, state.me.id) : 'No room'}
      >
        <ConnectionBanner status={state.connection} onReconnect={client.reconnectNow} />
        {banner && (
          <p className="banner">
            {banner}.{' '}
            <button type="button" className="link" onClick={() => setBanner(undefined)}>
              Dismiss
            </button>
          </p>
        )}
        {active ? (
          <RoomView
            key={active.room.id}
            client={client}
            room={active}
            me={state.me}
            limits={props.info.limits}
          />
        ) : (
          <p className="empty">Pick a room on the left, or create one.</p>
        )}
      </main>
      {searching > 0 && (
        <SearchPanel
          client={client}
          state={state}
          results={results}
          focusRequest={searching}
          onClose={() => setSearching(0)}
        />
      )}
      {searching === 0 && state.thread && active?.room.id === state.thread.roomId && (
        <ThreadPanel
          key={state.thread.rootId}
          client={client}
          thread={state.thread}
          room={active}
          me={state.me}
          limits={props.info.limits}
        />
      )}
      {inviting && bridge && (
        <ServerInviteDialog
          bridge={bridge}
          session={props.session}
          info={props.info}
          onClose={() => setInviting(false)}
        />
      )}
      {adminOpen && admin && (
        <AdminPanel api={client.admin} me={state.me} onClose={() => setAdminOpen(false)} />
      )}
      {settings && (
        <ProfileSettingsDialog
          client={client}
          onClose={() => setSettings(false)}
          onAccountDeleted={() => {
            accountDeleted.current = true;
            client.stop();
            void props.session.forget();
            onEnded(ACCOUNT_DELETED);
          }}
        />
      )}
      <div className="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
        {props.announcement}
      </div>
    </div>
  );
}

/**
 * A desktop notification when the message is not in view; browsers get the title count only.
 * It always names the author with their username: out of context, a display name proves nothing.
 */
function notify(client: ChatClient, message: Message, room: RoomState, inView: boolean): void {
  const bridge = window.parley;
  if (!bridge || inView || !wantsNotice(room, message, client.getState().me.id)) return;
  const where =
    room.room.kind === 'direct'
      ? 'a direct message'
      : roomTitle(room.room, client.getState().me.id);
  void bridge.notify({
    serverUrl: client.getState().serverUrl,
    roomId: message.roomId,
    title: `${fullName(message.author)} in ${where}`,
    body: messageGist(message, 200),
  });
}
