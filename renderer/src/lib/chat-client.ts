import { io } from 'socket.io-client';
import type {
  ClientToServerEvents,
  Message,
  RoomListing,
  RoomsPage,
} from '../../../server/protocol';
import {
  countUnread,
  emptyRoom,
  lastSeenId,
  mergeMessages,
  settlePending,
  type ChatState,
  type PendingMessage,
  type RoomState,
} from './chat-state';
import { Invitations } from './invitations';
import { ReadMarkers } from './reconnect';
import { browseRooms, inPool, loadJoinedRooms, patiently, type Requester } from './room-directory';
import type { Session } from './session';
import { SocketKeeper } from './socket-keeper';
import {
  request,
  type AckedEvent,
  type ActionResult,
  type Answer,
  type ClientSocket,
  type Unreachable,
} from './socket-request';

export type { ActionResult } from './socket-request';
import { TypingTracker } from './typing-tracker';

const PAGE = 50;
/** Rooms caught up at once after a connect, so that many rooms do not exhaust the rate budget. */
const CATCH_UP_WIDTH = 4;
/** Scrolling back fetches the most the server gives at once. */
const OLDER_PAGE = 100;

export interface ChatClientOptions {
  /** Whether the person can see the window; unseen messages count as unread. */
  isVisible?: () => boolean;
  /** A new message from someone else arrived live: for announcements and notifications. */
  onIncoming?: (message: Message, room: RoomState) => void;
  readMarkers?: ReadMarkers;
  /** Socket.IO transports; the default lets Socket.IO choose. */
  transports?: string[];
}

/**
 * Everything a chat screen needs, without React: the socket and its reconnects, token refresh
 * on the open socket, catch-up after every reconnect, rooms, messages, pending sends and
 * unread counts. The UI subscribes to an immutable ChatState.
 */
export class ChatClient {
  private state: ChatState;
  private readonly listeners = new Set<() => void>();
  readonly socket: ClientSocket;
  private readonly readMarkers: ReadMarkers;
  private readonly typing: TypingTracker;
  private readonly inFlight = new Set<string>();
  private readonly keeper: SocketKeeper;
  private readonly invitations: Invitations;
  /** For what the client loads on its own: waits out rate limits instead of failing. */
  private readonly patient: Requester;

  constructor(
    readonly session: Session,
    private readonly options: ChatClientOptions = {},
  ) {
    const serverUrl = session.api.serverUrl;
    this.state = {
      me: session.user,
      serverUrl,
      connection: { kind: 'connecting' },
      rooms: {},
      activeRoomId: null,
      invitations: [],
      blocked: [],
    };
    this.readMarkers = options.readMarkers ?? new ReadMarkers(`${serverUrl}.${session.user.id}`);
    this.typing = new TypingTracker((roomId, users) =>
      this.patchRoom(roomId, () => ({ typing: users })),
    );
    this.socket = io(serverUrl, {
      // A function, so that every reconnect sends the newest token.
      auth: (cb) => cb({ token: this.session.accessToken }),
      reconnection: false,
      autoConnect: false,
      ...(options.transports ? { transports: options.transports } : {}),
    });
    this.keeper = new SocketKeeper(this.socket, session, {
      status: (connection) => this.update({ connection }),
      connected: () => void this.sync(),
      ended: (code, message) => this.end(code, message),
    });
    const request: Requester = (event, payload) => this.request(event, payload);
    this.patient = patiently(request);
    this.invitations = new Invitations(request, this.getState, (patch) => this.update(patch));
    this.bindSocket();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
  getState = (): ChatState => this.state;

  start(): void {
    this.keeper.start();
  }

  /** Closes the socket for good; the session itself is left alone. */
  stop(): void {
    this.keeper.stop();
    this.typing.clear();
  }

  async signOut(): Promise<void> {
    this.stop();
    await this.session.logout();
  }

  reconnectNow = (): void => this.keeper.reconnectNow();

  // ---- rooms ----------------------------------------------------------------------------------

  selectRoom(roomId: number): void {
    if (!this.state.rooms[roomId]) return;
    this.update({ activeRoomId: roomId });
    this.markRead(roomId);
    if (!this.state.rooms[roomId]?.loaded) void this.catchUp(roomId);
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
  async openDirect(username: string): Promise<ActionResult> {
    return this.enterRoom(await this.request('dm:open', { username }));
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

  /** Shows the message as pending at once, then delivers it. */
  send(roomId: number, text: string): void {
    const pending: PendingMessage = {
      clientId: newClientId(),
      text,
      status: 'sending',
      createdAt: Date.now(),
    };
    this.patchRoom(roomId, (room) => ({ pending: [...room.pending, pending] }));
    this.setTyping(roomId, false);
    void this.deliver(roomId, pending);
  }

  /** Resends a failed message with the same clientId, so that the server stores it at most once. */
  retry(roomId: number, clientId: string): void {
    const pending = this.state.rooms[roomId]?.pending.find((p) => p.clientId === clientId);
    if (!pending) return;
    this.setPending(roomId, clientId, { status: 'sending', error: undefined });
    void this.deliver(roomId, pending);
  }

  discard(roomId: number, clientId: string): void {
    this.patchRoom(roomId, (room) => ({
      pending: room.pending.filter((p) => p.clientId !== clientId),
    }));
  }

  async loadOlder(roomId: number): Promise<void> {
    const room = this.state.rooms[roomId];
    const oldest = room?.messages[0];
    if (!room || !room.hasOlder || !oldest) return;
    const page = await this.request('message:history', {
      roomId,
      before: oldest.id,
      limit: OLDER_PAGE,
    });
    if (!page.ok) return;
    this.patchRoom(roomId, (r) => ({
      messages: mergeMessages(r.messages, page.messages),
      hasOlder: page.hasMore,
    }));
  }

  /** Tells the room that this user is typing; throttled, and stopped by send. */
  setTyping(roomId: number, typing: boolean): void {
    const emit = (value: boolean) => this.socket.emit('typing', { roomId, typing: value });
    if (typing) this.typing.startOwn(roomId, emit);
    else this.typing.stopOwn(roomId, emit);
  }

  /** Call when the window becomes visible again. */
  seen(): void {
    if (this.state.activeRoomId !== null) this.markRead(this.state.activeRoomId);
  }

  // ---- socket ---------------------------------------------------------------------------------

  /** The data events; the connection's own events belong to the SocketKeeper. */
  private bindSocket(): void {
    const s = this.socket;
    s.on('message', (message) => this.receive([message], true));
    s.on('presence', ({ roomId, online, onlineCount }) =>
      this.patchRoom(roomId, () => ({ online, onlineCount: onlineCount ?? online.length })),
    );
    s.on('typing', ({ roomId, user, typing }) => {
      const blocked = this.state.blocked.some((b) => b.id === user.id);
      if (user.id !== this.state.me.id && !blocked) this.typing.other(roomId, user, typing);
    });
    // Only members are sent a room's updates: an unknown room is one this user was just put in
    // (a direct conversation, or a join from another tab). It is added alone, never a full sync.
    s.on('room:updated', ({ room }) => {
      const known = this.state.rooms[room.id];
      if (known) return this.patchRoom(room.id, (r) => ({ room: { ...r.room, ...room } }));
      this.update({
        rooms: { ...this.state.rooms, [room.id]: emptyRoom({ ...room, joined: true }) },
      });
      void this.catchUp(room.id);
    });
    s.on('room:left', ({ roomId }) => this.forgetRoom(roomId));
    this.invitations.bind(s);
  }

  private forgetRoom(roomId: number): void {
    if (!this.state.rooms[roomId]) return;
    const rooms = { ...this.state.rooms };
    delete rooms[roomId];
    const next = Object.values(rooms).find((r) => r.room.joined)?.room.id ?? null;
    this.update({
      rooms,
      activeRoomId: this.state.activeRoomId === roomId ? next : this.state.activeRoomId,
    });
  }

  private end(code: string, message: string): void {
    this.stop();
    void this.session.forget();
    this.update({ ended: { code, message } });
  }

  // ---- sync and catch-up ----------------------------------------------------------------------

  /** After every connect: the room list, then whatever each joined room missed. */
  private async sync(): Promise<void> {
    void this.invitations.load();
    const joined = await loadJoinedRooms(this.patient);
    if (!joined) return;
    const rooms: Record<number, RoomState> = {};
    for (const listing of joined) {
      const known = this.state.rooms[listing.id];
      rooms[listing.id] = known ? { ...known, room: listing } : emptyRoom(listing);
    }
    const active = this.state.activeRoomId;
    const activeRoomId = active !== null && rooms[active] ? active : (joined[0]?.id ?? null);
    this.update({ rooms, activeRoomId });
    // The room in view first, then the rest a few at a time.
    const ids = Object.keys(rooms).map(Number);
    const order =
      activeRoomId === null ? ids : [activeRoomId, ...ids.filter((id) => id !== activeRoomId)];
    await inPool(order, CATCH_UP_WIDTH, (id) => this.catchUp(id));
    for (const room of Object.values(this.state.rooms)) {
      for (const pending of room.pending) {
        if (pending.status === 'sending' && !this.inFlight.has(pending.clientId))
          void this.deliver(room.room.id, pending);
      }
    }
  }

  /** Loads the newest page once, then only what came after the newest message seen. */
  private async catchUp(roomId: number): Promise<void> {
    const room = this.state.rooms[roomId];
    if (!room) return;
    if (!room.loaded) {
      const page = await this.patient('message:history', { roomId, limit: PAGE });
      if (!page.ok) return;
      const readUpTo = this.readMarkers.get(roomId);
      this.patchRoom(roomId, (r) => {
        // Counted over everything held, so that messages that arrived live meanwhile count once.
        const messages = mergeMessages(r.messages, page.messages);
        const unread = this.isLookingAt(roomId)
          ? 0
          : countUnread(messages, readUpTo, this.state.me.id);
        return this.withSettled({ ...r, messages, hasOlder: page.hasMore, loaded: true, unread });
      });
      return;
    }
    for (let after = lastSeenId(room); ;) {
      const page = await this.patient('message:history', { roomId, after, limit: 100 });
      if (!page.ok) return;
      this.receive(page.messages, false);
      const last = page.messages[page.messages.length - 1];
      if (!page.hasMore || !last) return;
      after = last.id;
    }
  }

  // ---- internals ------------------------------------------------------------------------------

  private receive(messages: Message[], live: boolean): void {
    for (const message of messages) {
      const room = this.state.rooms[message.roomId];
      if (!room) {
        void this.sync(); // a room we were just added to
        return;
      }
      if (message.id <= lastSeenId(room) && room.messages.some((m) => m.id === message.id))
        continue;
      const fromOther = message.author.id !== this.state.me.id;
      this.patchRoom(message.roomId, (r) =>
        this.withSettled({
          ...r,
          messages: mergeMessages(r.messages, [message]),
          unread: fromOther && !this.isLookingAt(message.roomId) ? r.unread + 1 : r.unread,
        }),
      );
      if (this.isLookingAt(message.roomId)) this.markRead(message.roomId);
      const updated = this.state.rooms[message.roomId];
      if (live && fromOther && updated) this.options.onIncoming?.(message, updated);
    }
  }

  private async deliver(roomId: number, pending: PendingMessage): Promise<void> {
    if (!this.socket.connected || this.inFlight.has(pending.clientId)) return; // sent on reconnect
    this.inFlight.add(pending.clientId);
    const answer = await this.request('message:send', {
      roomId,
      text: pending.text,
      clientId: pending.clientId,
    });
    this.inFlight.delete(pending.clientId);
    if (answer.ok) return this.receive([answer.message], false);
    if (answer.error.code === 'unreachable' && !this.socket.connected) return; // retried on reconnect
    const wait = 'retryAfterMs' in answer.error ? answer.error.retryAfterMs : undefined;
    const error = wait
      ? `${answer.error.message} Try again in ${Math.ceil(wait / 1000)} s.`
      : answer.error.message;
    this.setPending(roomId, pending.clientId, { status: 'failed', error });
  }

  /** The room with every pending message that is now stored taken out, in the same update. */
  private withSettled(room: RoomState): RoomState {
    return room.pending.length === 0
      ? room
      : { ...room, pending: settlePending(room, this.state.me.id) };
  }

  private enterRoom(answer: Awaited<ReturnType<ChatClient['request']>> & object): ActionResult {
    if (!answer.ok || !('room' in answer)) return answer.ok ? { ok: true } : answer;
    const listing: RoomListing = { ...answer.room, joined: true };
    const known = this.state.rooms[listing.id];
    this.update({
      rooms: {
        ...this.state.rooms,
        [listing.id]: known ? { ...known, room: listing } : emptyRoom(listing),
      },
    });
    this.selectRoom(listing.id);
    return { ok: true };
  }

  private setPending(roomId: number, clientId: string, patch: Partial<PendingMessage>): void {
    this.patchRoom(roomId, (r) => ({
      pending: r.pending.map((p) => (p.clientId === clientId ? { ...p, ...patch } : p)),
    }));
  }

  private isLookingAt(roomId: number): boolean {
    return this.state.activeRoomId === roomId && (this.options.isVisible?.() ?? true);
  }

  private markRead(roomId: number): void {
    const room = this.state.rooms[roomId];
    if (!room) return;
    this.readMarkers.set(roomId, Math.max(lastSeenId(room), room.room.lastMessageId));
    if (room.unread !== 0) this.patchRoom(roomId, () => ({ unread: 0 }));
  }

  private request<E extends AckedEvent>(
    event: E,
    payload: Parameters<ClientToServerEvents[E]>[0],
  ): Promise<Answer<E> | Unreachable> {
    return request(this.socket, event, payload);
  }

  private patchRoom(roomId: number, patch: (room: RoomState) => Partial<RoomState>): void {
    const room = this.state.rooms[roomId];
    if (!room) return;
    this.update({ rooms: { ...this.state.rooms, [roomId]: { ...room, ...patch(room) } } });
  }

  private update(patch: Partial<ChatState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }
}

function newClientId(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}
