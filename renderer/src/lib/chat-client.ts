import { io } from 'socket.io-client';
import type {
  ClientToServerEvents,
  HandshakeAuth,
  Message,
  NotifyLevel,
  RoomListing,
  RoomsPage,
  SearchRequest,
} from '../../../server/protocol';
import { AdminApi } from './admin-api';
import { RoomAdmin } from './admin-rooms';
import { emptyRoom, mergeMessages, type ChatState, type RoomState } from './chat-state';
import { Invitations } from './invitations';
import { People } from './people';
import { withProfile } from './people-refs';
import { MessageActions } from './message-actions';
import { PendingSends, type SendOptions } from './pending-sends';
import { ReadState } from './read-state';
import { browseRooms, patiently, type Requester } from './room-directory';
import { RoomSync } from './room-sync';
import type { Session } from './session';
import { SocketKeeper } from './socket-keeper';
import {
  request,
  type ActionResult,
  type Answer,
  type ClientSocket,
  type Unreachable,
} from './socket-request';
import { StateStore } from './state-store';
import { Threads } from './threads';
import { TimelineWindow } from './timeline-window';
import { TypingTracker } from './typing-tracker';
import type { WakeReason } from './wake';

export type { ActionResult } from './socket-request';

/** Scrolling back fetches the most the server gives at once. */
const OLDER_PAGE = 100;

export interface ChatClientOptions {
  /** Whether the person can see the window; unseen messages count as unread. */
  isVisible?: () => boolean;
  /** A new message from someone else arrived live: for announcements and notifications. */
  onIncoming?: (message: Message, room: RoomState) => void;
  /** Socket.IO transports; the default lets Socket.IO choose. */
  transports?: string[];
}

/**
 * Everything a chat screen needs, without React. It wires the parts, each with one job: the
 * socket and its reconnects (SocketKeeper), rooms and catch-up (RoomSync), pending sends
 * (PendingSends), read state (ReadState), invitations and blocks (Invitations), typing; and it
 * holds the room actions. The UI subscribes to one immutable ChatState (StateStore).
 */
export class ChatClient {
  readonly socket: ClientSocket;
  private readonly store: StateStore;
  private readonly read: ReadState;
  private readonly rooms: RoomSync;
  private readonly sends: PendingSends;
  private readonly typing: TypingTracker;
  private readonly keeper: SocketKeeper;
  private readonly invitations: Invitations;
  private readonly actions: MessageActions;
  private readonly threads: Threads;
  /** A room opened at a search result, away from its newest messages. */
  readonly timeline: TimelineWindow;
  /** For what the client loads on its own: waits out rate limits instead of failing. */
  private readonly patient: Requester;
  /** The admin panel's requests (the server refuses them to anyone but admins). */
  readonly admin: AdminApi;
  /** Rename, topic, archive, delete, remove a member: for a room's creator and admins. */
  readonly roomAdmin: RoomAdmin;
  /** Profiles (current names, avatars, status, role) of the people shown, kept live. */
  readonly people: People;

  /** A catch-up asked for by the server (`server:resync`), waiting for its turn. */
  private resync: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly session: Session,
    options: ChatClientOptions = {},
  ) {
    const serverUrl = session.api.serverUrl;
    this.store = new StateStore({
      me: session.user,
      serverUrl,
      connection: { kind: 'connecting' },
      rooms: {},
      activeRoomId: null,
      invitations: [],
      blocked: [],
      thread: null,
    });
    this.typing = new TypingTracker((roomId, users) =>
      this.store.patchRoom(roomId, () => ({ typing: users })),
    );
    this.socket = io(serverUrl, {
      // A function, so that every reconnect sends the newest token. `batch`: a busy room's
      // messages come as one `messages` event, applied as one state update (one re-render).
      auth: (cb) => cb({ token: this.session.accessToken, batch: true } satisfies HandshakeAuth),
      reconnection: false,
      autoConnect: false,
      ...(options.transports ? { transports: options.transports } : {}),
    });
    const ask: Requester = (event, payload) => request(this.socket, event, payload);
    this.patient = patiently(ask);
    this.read = new ReadState(this.store, ask, options.isVisible);
    this.actions = new MessageActions(this.store, ask);
    this.people = new People(this.patient);
    this.admin = new AdminApi(ask, session);
    this.roomAdmin = new RoomAdmin(this.store, ask, (roomId, why) => this.forgetRoom(roomId, why));
    this.threads = new Threads(this.store, this.patient, {
      seen: (roomId) => {
        if (this.read.isLookingAt(roomId)) this.read.markRead(roomId);
      },
      pageRead: (roomId, changeSeq) => this.rooms.pageRead(roomId, changeSeq),
    });
    const online = () => this.socket.connected;
    // An acknowledged send counts as live: writing in a room reads it, here as on the server.
    this.sends = new PendingSends(this.store, ask, online, (m) => this.rooms.receive([m], true));
    this.rooms = new RoomSync(this.store, this.patient, this.read, {
      onIncoming: options.onIncoming,
      threads: this.threads,
      synced: () => {
        this.sends.resend();
        this.read.resend();
        void this.threads.catchUp();
      },
      online,
      detached: (message, sentHere) => this.timeline.liveWhileDetached(message, sentHere),
    });
    this.timeline = new TimelineWindow(this.store, this.patient, {
      pageRead: (roomId, changeSeq) => this.rooms.pageRead(roomId, changeSeq),
      catchUp: (roomId) => this.rooms.catchUp(roomId),
      seen: (roomId) => this.read.isLookingAt(roomId) && this.read.markRead(roomId),
    });
    this.invitations = new Invitations(ask, this.store.get, (patch) => this.store.update(patch));
    this.keeper = new SocketKeeper(this.socket, session, {
      status: (connection) => this.store.update({ connection }),
      connected: () => this.catchUpEverything(),
      ended: (code, message) => this.end(code, message),
    });
    this.bindSocket();
  }

  subscribe = (listener: () => void): (() => void) => this.store.subscribe(listener);
  getState = (): ChatState => this.store.get();

  start(): void {
    this.keeper.start();
  }

  /** Closes the socket for good; the session itself is left alone. */
  /** After a reconnect, or live events lost on the server's side: everything read afresh. */
  private catchUpEverything(): void {
    this.people.refreshAll();
    this.rereadServerName();
    void this.invitations.load();
    void this.rooms.sync();
  }

  stop(): void {
    clearTimeout(this.resync);
    this.keeper.stop();
    this.rooms.stop();
    this.typing.clear();
    this.people.stop();
  }

  async signOut(): Promise<void> {
    this.stop();
    forgetDrafts(this.getState().serverUrl, this.getState().me.id);
    await this.session.logout();
  }

  reconnectNow = (): void => this.keeper.reconnectNow();
  /** After a sleep or a change of network: reconnect at once and catch up (see SocketKeeper). */
  wake = (reason?: WakeReason): Promise<void> => this.keeper.wake(reason);

  // ---- rooms ----------------------------------------------------------------------------------

  selectRoom(roomId: number): void {
    const room = this.getState().rooms[roomId];
    if (!room) return;
    // The "New messages" divider marks where reading stopped when the room was opened; it stays
    // put while the room is open, though everything is read from then on.
    if (this.getState().activeRoomId !== roomId)
      this.store.patchRoom(roomId, () => ({
        dividerAfter: room.unread > 0 ? room.lastReadId : undefined,
      }));
    this.store.update({ activeRoomId: roomId });
    this.read.markRead(roomId);
    if (!this.getState().rooms[roomId]?.loaded) void this.rooms.catchUp(roomId);
  }

  /** One page of public rooms this user is not in; pass `nextCursor` as `after` for the next. */
  browseRooms(after?: number, query?: string): Promise<RoomsPage | undefined> {
    return browseRooms(this.patient, { after, query });
  }

  async createRoom(name: string, kind: 'public' | 'private'): Promise<ActionResult> {
    return this.enterRoom(await this.request('room:create', { name, kind }));
  }
  async joinRoom(roomId: number): Promise<ActionResult> {
    return this.enterRoom(await this.request('room:join', { roomId }));
  }
  /** The conversation of this user and these people (1 to 7), created on first use. */
  async openDirect(usernames: string[]): Promise<ActionResult> {
    return this.enterRoom(await this.request('dm:open', { usernames }));
  }
  /** One page of search results (see SearchRequest for the query language). */
  search = (payload: SearchRequest) => this.request('search', payload);
  /** One page of a room's members, online ones first; pass `nextCursor` as `after` for more. */
  members(roomId: number, after?: number): Promise<Answer<'room:members'> | Unreachable> {
    return this.request('room:members', { roomId, after });
  }
  /** Offers the room to someone; they join only if they accept. */
  async invite(roomId: number, username: string): Promise<ActionResult> {
    return this.request('room:invite', { roomId, username });
  }
  async acceptInvitation(roomId: number): Promise<ActionResult> {
    return this.enterRoom(await this.invitations.accept(roomId));
  }
  declineInvitation = (roomId: number): Promise<ActionResult> => this.invitations.decline(roomId);
  block = (username: string): Promise<ActionResult> => this.invitations.block(username);
  unblock = (username: string): Promise<ActionResult> => this.invitations.unblock(username);

  async leaveRoom(roomId: number): Promise<ActionResult> {
    const answer = await this.request('room:leave', { roomId });
    if (answer.ok) this.forgetRoom(roomId);
    return answer;
  }

  // ---- messages -------------------------------------------------------------------------------

  /** Shows the message as pending at once, then delivers it (as a reply or thread reply). */
  send(roomId: number, text: string, options: SendOptions = {}): void {
    this.setTyping(roomId, false);
    this.sends.send(roomId, text, options);
  }
  editMessage = (messageId: number, text: string): Promise<ActionResult> =>
    this.actions.edit(messageId, text);
  deleteMessage = (messageId: number): Promise<ActionResult> => this.actions.remove(messageId);
  react = (messageId: number, emoji: string, on: boolean): Promise<ActionResult> =>
    this.actions.react(messageId, emoji, on);
  /** all, mentions or none (muted); kept on the server, so every device follows it. */
  setNotify = (roomId: number, level: NotifyLevel): Promise<ActionResult> =>
    this.read.setNotify(roomId, level);

  // ---- threads --------------------------------------------------------------------------------

  openThread = (roomId: number, rootId: number): Promise<void> => this.threads.open(roomId, rootId);
  closeThread = (): void => this.threads.close();
  loadOlderInThread = (): Promise<void> => this.threads.loadOlder();
  /** Resends a failed message with the same clientId, so that the server stores it at most once. */
  retry = (roomId: number, clientId: string): void => this.sends.retry(roomId, clientId);
  discard = (roomId: number, clientId: string): void => this.sends.discard(roomId, clientId);

  async loadOlder(roomId: number): Promise<void> {
    const room = this.getState().rooms[roomId];
    const oldest = room?.messages[0];
    if (!room || !room.hasOlder || !oldest) return;
    const page = await this.request('message:history', {
      roomId,
      before: oldest.id,
      limit: OLDER_PAGE,
    });
    if (!page.ok) return;
    this.store.patchRoom(roomId, (r) => ({
      messages: mergeMessages(r.messages, page.messages),
      hasOlder: page.hasMore,
    }));
    this.rooms.pageRead(roomId, page.changeSeq);
  }

  /** Tells the room that this user is typing; throttled, and stopped by send. */
  setTyping(roomId: number, typing: boolean): void {
    const emit = (value: boolean) => this.socket.emit('typing', { roomId, typing: value });
    if (typing) this.typing.startOwn(roomId, emit);
    else this.typing.stopOwn(roomId, emit);
  }

  /** Call when the window becomes visible again. */
  seen(): void {
    const active = this.getState().activeRoomId;
    if (active !== null) this.read.markRead(active);
  }

  // ---- socket ---------------------------------------------------------------------------------

  /** The data events; the connection's own events belong to the SocketKeeper. */
  private bindSocket(): void {
    const s = this.socket;
    s.on('message', (message) => this.rooms.receive([message], true));
    // A batch may repeat our own acknowledged messages: receive merges by id.
    s.on('messages', (messages) => this.rooms.receive(messages, true));
    s.on('message:updated', (message) => this.actions.updated(message));
    s.on('read:updated', ({ roomId, read }) => this.read.apply(roomId, read));
    s.on('presence', ({ roomId, online, onlineCount }) =>
      this.store.patchRoom(roomId, () => ({ online, onlineCount: onlineCount ?? online.length })),
    );
    s.on('typing', ({ roomId, user, typing }) => {
      const { me, blocked } = this.getState();
      if (user.id !== me.id && !blocked.some((b) => b.id === user.id))
        this.typing.other(roomId, user, typing);
    });
    // Only members are sent a room's updates: an unknown room is one this user was just put in
    // (a direct conversation, or a join from another tab). It is added alone, never a full sync.
    s.on('room:updated', ({ room }) => {
      if (this.getState().rooms[room.id]) return this.roomAdmin.apply(room);
      this.addRoom({ ...room, joined: true });
      void this.rooms.catchUp(room.id);
    });
    s.on('room:left', ({ roomId, reason }) => this.forgetRoom(roomId, reason));
    // The server may have dropped live events while its nodes were cut off from each other.
    // Where each room must be read from is fixed now, before more arrives live; the reading is
    // spread over 2 s, as every socket of the cluster hears this at once.
    s.on('server:resync', ({ since }) => {
      this.rooms.behindSince(since);
      this.resync ??= setTimeout(() => {
        this.resync = undefined;
        this.catchUpEverything();
      }, Math.random() * 2000);
    });
    s.on('server:updated', ({ name, registration }) => {
      this.store.update({ serverName: name });
      this.admin.heard({ kind: 'server', name, registration });
    });
    // A role given or taken by the owner shows (or hides) the admin entry without a reload.
    s.on('user:updated', ({ user }) => {
      const { me } = this.getState();
      if (user.id === me.id && user.role !== me.role)
        this.store.update({ me: { ...me, role: user.role } });
    });
    // Names held in messages, lists and `me` follow a rename at once; avatars come from people.
    s.on('user:updated', ({ user }) => {
      this.people.apply(user);
      this.admin.heard({ kind: 'user', user });
      const patch = withProfile(this.getState(), user);
      if (patch) this.store.update(patch);
    });
    this.invitations.bind(s);
  }

  /** A rename missed while offline (`server:updated` is live only): `/api/info` has it. */
  private rereadServerName(): void {
    this.session.api
      .info()
      .then(({ name }) => {
        if (name !== this.getState().serverName) this.store.update({ serverName: name });
      })
      .catch(() => {
        // Kept as it was; the next reconnect or `server:updated` tells.
      });
  }

  private addRoom(listing: RoomListing): void {
    const known = this.getState().rooms[listing.id];
    const room = known ? { ...known, room: listing } : emptyRoom(listing);
    this.store.update({ rooms: { ...this.getState().rooms, [listing.id]: room } });
  }

  /** `reason` removed or deleted: the room is remembered as `departed`, to be announced. */
  private forgetRoom(roomId: number, reason?: 'left' | 'removed' | 'deleted'): void {
    const { rooms: held, activeRoomId } = this.getState();
    const gone = held[roomId];
    if (!gone) return;
    const rooms = { ...held };
    delete rooms[roomId];
    const next = Object.values(rooms).find((r) => r.room.joined)?.room.id ?? null;
    const departed =
      reason === 'removed' || reason === 'deleted'
        ? { departed: { roomId, name: gone.room.name, reason } }
        : {};
    this.store.update({
      rooms,
      activeRoomId: activeRoomId === roomId ? next : activeRoomId,
      ...departed,
    });
  }

  private end(code: string, message: string): void {
    this.stop();
    void this.session.forget();
    this.store.update({ ended: { code, message } });
  }

  private enterRoom(answer: Awaited<ReturnType<ChatClient['request']>> & object): ActionResult {
    if (!answer.ok || !('room' in answer)) return answer.ok ? { ok: true } : answer;
    this.addRoom({ ...answer.room, joined: true });
    this.selectRoom(answer.room.id);
    return { ok: true };
  }

  private request<E extends keyof ClientToServerEvents & Parameters<Requester>[0]>(
    event: E,
    payload: Parameters<ClientToServerEvents[E]>[0],
  ): Promise<Answer<E> | { ok: false; error: { code: 'unreachable'; message: string } }> {
    return request(this.socket, event, payload);
  }
}

/** Signing out leaves no unsent text of this account behind in the browser (drafts.ts keys). */
function forgetDrafts(serverUrl: string, userId: number): void {
  try {
    const prefix = `parley.draft.${serverUrl}.${userId}.`;
    const keys = Array.from({ length: localStorage.length }, (_, i) => localStorage.key(i));
    for (const key of keys) if (key?.startsWith(prefix)) localStorage.removeItem(key);
  } catch {
    // No storage here (or it is blocked): there are no drafts to forget either.
  }
}
