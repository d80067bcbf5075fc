import type { Server, Socket } from 'socket.io';
import type { Identity } from '../auth/accounts.js';
import type {
  ClientToServerEvents,
  ErrorCode,
  Profile,
  ServerToClientEvents,
  User,
} from '../protocol.js';

/**
 * Who holds a socket: the part of its data that the layers below the event handlers (token
 * expiry, presence, the per-user socket cap) read. Kept apart from `SocketData` in types.ts,
 * whose `context` names those layers: typing them against this instead keeps server/ free of
 * import cycles.
 */
export interface SocketIdentity {
  /** Who the verified token names: the author of everything this socket sends. */
  user: User;
  /** The token's session and expiry: the socket lives only as long as both. */
  sessionId: number;
  /** In seconds, like the token's `exp`: a small integer V8 stores inline. */
  expiresAtSec: number;
}

/** Events between the nodes of a cluster (`io.serverSideEmit`, through the adapter). */
export type InterServerEvents = {
  /** Sessions or a user revoked on another node: cut off this node's sockets of them too. */
  'parley:revoke': (kind: 'session' | 'user', ids: number[], code: ErrorCode) => void;
  /** A profile changed on another node: this node's sockets of that user take it. */
  'parley:profile': (profile: Profile) => void;
  /** Who is online in these rooms changed on another node: tell this node's sockets in them. */
  'parley:presence': (roomIds: number[]) => void;
  /** A node's link to Redis dropped at `since` and is back: its broadcasts then may be lost. */
  'parley:resync': (since: number) => void;
};

/** A socket seen only through its identity; any `ChatSocket` is one. */
export type IdentifiedSocket<Data extends SocketIdentity = SocketIdentity> = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  Data
>;
/** The server seen only through its sockets' identities; any `ChatIo` is one. */
export type IdentifiedIo<Data extends SocketIdentity = SocketIdentity> = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  Data
>;

/** Holds a socket to an identity (kept flat on the socket: one object less per socket). */
export function setIdentity(socket: IdentifiedSocket, identity: Identity): void {
  socket.data.user = identity.user;
  socket.data.sessionId = identity.sessionId;
  socket.data.expiresAtSec = Math.floor(identity.expiresAt / 1000);
}
