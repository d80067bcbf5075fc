import type {
  Attachment,
  Invitation,
  Message,
  NotifyLevel,
  RoomListing,
  User,
  UserRef,
} from '../../../server/protocol';

export type ConnectionStatus =
  | { kind: 'connecting' }
  | { kind: 'connected' }
  /** `reason`: the server's words when it refused the last handshake for a while (a full cap). */
  | { kind: 'reconnecting'; retryAt: number; attempt: number; reason?: string }
  | { kind: 'offline' };

/** A message the server has not acknowledged yet, or refused. */
export interface PendingMessage {
  clientId: string;
  text: string;
  /** What it answers, and in which thread it goes (see SendRequest). */
  replyTo?: number;
  threadId?: number;
  alsoToRoom?: boolean;
  /** Uploaded files it carries (the text may then be ''); sent as `fileIds`. */
  attachments?: Attachment[];
  status: 'sending' | 'failed';
  error?: string;
  createdAt: number;
}

export interface RoomState {
  room: RoomListing;
  /**
   * A contiguous run of the room's messages, oldest first, ending at the newest one seen (unless
   * `hasNewer`).
   */
  messages: Message[];
  pending: PendingMessage[];
  /** Whether older messages exist before `messages[0]`. */
  hasOlder: boolean;
  /** Whether the newest page has been fetched at least once. */
  loaded: boolean;
  /**
   * The window is detached from the newest messages (opened at a search result): newer ones
   * exist after the last of `messages` that the client does not hold yet. Live messages stay out
   * of a detached window (they would follow it after a gap); see timeline-window.ts.
   */
  hasNewer?: boolean;
  /** A message to bring into view, highlight and focus; a new object for every request. */
  focus?: { id: number };
  /** Messages by others after the read position (the server's count, kept current live). */
  unread: number;
  /** Of the unread: the ones that mention this user (or `@room`). */
  mentions: number;
  /** The server's read position for this user (the same on every device). */
  lastReadId: number;
  notify: NotifyLevel;
  /** This client's position in the room's change feed: changes up to it are applied. */
  changeSeq: number;
  /** Where the "New messages" divider goes: after this id, as read when the room was opened. */
  dividerAfter?: number;
  online: UserRef[];
  /** How many are online; more than `online.length` in big rooms, where the list is capped. */
  onlineCount: number;
  typing: UserRef[];
}

export interface ChatState {
  me: User;
  serverUrl: string;
  connection: ConnectionStatus;
  /** By room id. */
  rooms: Record<number, RoomState>;
  activeRoomId: number | null;
  /** Invitations waiting for this user to accept or decline, oldest first. */
  invitations: Invitation[];
  /** People this user blocked. */
  blocked: UserRef[];
  /** The thread open in the side panel, if any. */
  thread: ThreadState | null;
  /** Set once the session ended: the reason to show on the sign-in screen. */
  ended?: { code: string; message: string };
  /** The server's name as `server:updated` last gave it (before that, `/api/info`'s). */
  serverName?: string;
  /** The last room this user was put out of: an admin removed them, or it was deleted. */
  departed?: { roomId: number; name: string; reason: 'removed' | 'deleted' };
  /** The rooms this user is in have been listed once: a room missing now is not theirs. */
  listed?: true;
}

/** A thread in the side panel: its root and a contiguous run of its replies, oldest first. */
export interface ThreadState {
  roomId: number;
  rootId: number;
  /** The root as last seen (undefined until loaded when opened from elsewhere). */
  root?: Message;
  messages: Message[];
  hasOlder: boolean;
  loaded: boolean;
}

export function emptyRoom(room: RoomListing): RoomState {
  return {
    room,
    messages: [],
    pending: [],
    hasOlder: false,
    loaded: false,
    unread: room.read?.unread ?? 0,
    mentions: room.read?.mentions ?? 0,
    lastReadId: room.read?.lastReadId ?? 0,
    notify: room.read?.notify ?? (room.kind === 'direct' ? 'all' : 'mentions'),
    changeSeq: room.changeSeq,
    online: [],
    onlineCount: 0,
    typing: [],
  };
}

/** Merges messages by id: sorted, each once. Fast path for the usual append of newer ones. */
export function mergeMessages(existing: Message[], incoming: Message[]): Message[] {
  if (incoming.length === 0) return existing;
  const last = existing[existing.length - 1];
  const sortedIncoming = [...incoming].sort((a, b) => a.id - b.id);
  const first = sortedIncoming[0];
  if (!last || (first && first.id > last.id)) return dedupeSorted([...existing, ...sortedIncoming]);
  return dedupeSorted([...existing, ...sortedIncoming].sort((a, b) => a.id - b.id));
}

function dedupeSorted(messages: Message[]): Message[] {
  return messages.filter((m, i) => i === 0 || messages[i - 1]?.id !== m.id);
}

/** The newest message id in a room's window, 0 if none. */
export function lastSeenId(room: RoomState): number {
  return room.messages[room.messages.length - 1]?.id ?? 0;
}

/** Whether the message mentions this user, by name or with `@room`, and is not their own. */
export function mentionsMe(message: Message, meId: number): boolean {
  return (
    message.author.id !== meId &&
    message.deletedAt === undefined &&
    (message.mentionsRoom === true || (message.mentions?.includes(meId) ?? false))
  );
}

/**
 * Whether a new message asks for a desktop notification, by the room's level: every message
 * (`all`, direct rooms' default), mentions of me only (`mentions`, rooms' default), or nothing.
 */
export function wantsNotice(room: RoomState, message: Message, meId: number): boolean {
  if (room.notify === 'none' || message.author.id === meId) return false;
  return room.notify === 'all' || mentionsMe(message, meId);
}

/** Whether the message shows in its room's timeline (not a thread reply kept in its thread). */
export const inRoomTimeline = (message: Message): boolean =>
  message.threadId === undefined || message.alsoToRoom === true;

/** Drops pending entries that the server has stored (same clientId among our own messages). */
export function settlePending(room: RoomState, meId: number): PendingMessage[] {
  if (room.pending.length === 0) return room.pending;
  const stored = new Set(room.messages.filter((m) => m.author.id === meId).map((m) => m.clientId));
  return room.pending.filter((p) => !stored.has(p.clientId));
}

/** The unread count a room shows: none when muted (only its mentions show then). */
export const shownUnread = (room: RoomState): number => (room.notify === 'none' ? 0 : room.unread);

/** The desktop badge, as in Slack: mentions everywhere, and unread direct messages. */
export function badgeCount(state: ChatState): number {
  return Object.values(state.rooms).reduce((sum, r) => {
    if (!r.room.joined) return sum;
    return sum + (r.room.kind === 'direct' ? Math.max(shownUnread(r), r.mentions) : r.mentions);
  }, 0);
}
