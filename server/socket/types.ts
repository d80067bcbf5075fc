import type { Server, Socket } from 'socket.io';
import type { Accounts, Identity } from '../auth/accounts.js';
import type { BucketLimiter } from '../auth/rate-limit.js';
import type { Logger } from '../logger.js';
import type { ResolvedOptions } from '../options.js';
import type { ClientToServerEvents, ServerToClientEvents, User } from '../protocol.js';
import type { ChatStore } from '../storage/store.js';
import type { LiveSockets } from './live-sockets.js';
import type { Presence } from './presence.js';
import type { UserSockets } from './user-sockets.js';

/**
 * What the server keeps per socket. Kept deliberately small: with thousands of idle sockets,
 * every per-socket closure, timer and listener shows up in memory.
 */
export interface SocketData {
  /** Who the verified token names: the author of everything this socket sends. */
  user: User;
  /** The token's session and expiry: the socket lives only as long as both. */
  sessionId: number;
  /** In seconds, like the token's `exp`: a small integer V8 stores inline. */
  expiresAtSec: number;
  /** The server this socket belongs to; shared by all its sockets. */
  context: ServerContext;
}

/** Holds a socket to an identity (kept flat on the socket: one object less per socket). */
export function setIdentity(socket: ChatSocket, identity: Identity): void {
  socket.data.user = identity.user;
  socket.data.sessionId = identity.sessionId;
  socket.data.expiresAtSec = Math.floor(identity.expiresAt / 1000);
}

/** Everything the event handlers need, one object per server. */
export interface ServerContext {
  io: ChatIo;
  store: ChatStore;
  accounts: Accounts;
  live: LiveSockets;
  presence: Presence;
  options: ResolvedOptions;
  logger: Logger;
  limiters: { messages: BucketLimiter; events: BucketLimiter };
  userSockets: UserSockets;
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- one node, no inter-server events
type InterServerEvents = {};

export type ChatIo = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  SocketData
>;
export type ChatSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  SocketData
>;

/** Adapter room names. Membership of `roomChannel(id)` mirrors room membership in the store. */
export const roomChannel = (roomId: number): string => `r:${roomId}`;

/** The room id of a `roomChannel` name, or undefined for any other room. */
export function roomIdOf(channel: string): number | undefined {
  return channel.startsWith('r:') ? Number(channel.slice(2)) : undefined;
}

/**
 * The open sockets of one user. A scan rather than an index: it runs on rare events (joins,
 * invites, bans), and an index would cost memory on every socket all the time.
 */
export function socketsOfUser(io: ChatIo, userId: number): ChatSocket[] {
  const found: ChatSocket[] = [];
  for (const socket of io.of('/').sockets.values()) {
    if (socket.data.user?.id === userId) found.push(socket);
  }
  return found;
}
