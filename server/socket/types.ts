import type { Server, Socket } from 'socket.io';
import type { Identity } from '../auth/accounts.js';
import type { ClientToServerEvents, ServerToClientEvents } from '../protocol.js';

export interface SocketData {
  identity: Identity;
  /** Rooms to join on connect, loaded by the handshake middleware. */
  memberRoomIds?: number[];
  /** The timers that enforce the current token's expiry on this open socket. */
  expiryTimers?: { notice: NodeJS.Timeout; expire: NodeJS.Timeout };
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
export const userChannel = (userId: number): string => `u:${userId}`;
export const sessionChannel = (sessionId: string): string => `s:${sessionId}`;
