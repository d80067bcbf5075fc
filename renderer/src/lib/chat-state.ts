import type { Invitation, Message, RoomListing, User, UserRef } from '../../../server/protocol';

export type ConnectionStatus =
  | { kind: 'connecting' }
  | { kind: 'connected' }
  | { kind: 'reconnecting'; retryAt: number; attempt: number }
  | { kind: 'offline' };

/** A message the server has not acknowledged yet, or refused. */
export interface PendingMessage {
  clientId: string;
  text: string;
  status: 'sending' | 'failed';
  error?: string;
  createdAt: number;
}

export interface RoomState {
  room: RoomListing;
  /** A contiguous run of the room's messages, ending at the newest one seen. Oldest first. */
  messages: Message[];
  pending: PendingMessage[];
  /** Whether older messages exist before `messages[0]`. */
  hasOlder: boolean;
  /** Whether the newest page has been fetched at least once. */
  loaded: boolean;
  unread: number;
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
  /** Set once the session ended: the reason to show on the sign-in screen. */
  ended?: { code: string; message: string };
}

export function emptyRoom(room: RoomListing): RoomState {
  return {
    room,
    messages: [],
    pending: [],
    hasOlder: false,
    loaded: false,
    unread: 0,
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

/** Unread messages by others after `readUpTo`. */
export function countUnread(messages: Message[], readUpTo: number, meId: number): number {
  return messages.filter((m) => m.id > readUpTo && m.author.id !== meId).length;
}

/** Drops pending entries that the server has stored (same clientId among our own messages). */
export function settlePending(room: RoomState, meId: number): PendingMessage[] {
  if (room.pending.length === 0) return room.pending;
  const stored = new Set(room.messages.filter((m) => m.author.id === meId).map((m) => m.clientId));
  return room.pending.filter((p) => !stored.has(p.clientId));
}

/** Sum of unread counts, for the tab title and the desktop badge. */
export function totalUnread(state: ChatState): number {
  return Object.values(state.rooms).reduce((sum, r) => sum + (r.room.joined ? r.unread : 0), 0);
}
