import { ChatError } from '../errors.js';
import { ErrorCode, type Room, type User } from '../protocol.js';
import type { ChatStore } from '../storage/store.js';
import { roomChannel, userChannel } from './room-channels.js';
import type { ChatSocket, ServerContext } from './types.js';

/**
 * What a non-member is told about a private or direct room: exactly what they are told about a
 * room that does not exist, so that nobody learns a room exists by asking for it.
 */
export const noSuchRoom = () => new ChatError(ErrorCode.notFound, 'No such room.');

/** Loads a room or answers `not_found`. */
export async function requireRoom(store: ChatStore, roomId: number): Promise<Room> {
  const room = await store.getRoom(roomId);
  if (!room) throw noSuchRoom();
  return room;
}

/** The one answer to "not in this room", whether or not the room exists. */
export const notMember = (): ChatError =>
  new ChatError(ErrorCode.notMember, 'You are not a member of this room.');

/**
 * Answers `not_member` unless the user is in the room, whether or not the room exists (so that
 * the answer says nothing about rooms the user is not in). The store is the authority.
 */
export async function requireMember(
  store: ChatStore,
  roomId: number,
  userId: number,
): Promise<void> {
  if (!(await store.isMember(roomId, userId))) {
    throw notMember();
  }
}

/**
 * `requireMember` answered from memory: the socket's room channel. The room events keep every
 * socket's channels in step with the store in the same turn as the change commits (join, leave,
 * removal and room deletion move all of the user's sockets at once; a socket still in its
 * handshake rereads its rooms, connection.ts), so no send can run between the two. For socket
 * events only; any other path asks the store (`requireMember`).
 */
export function requireChannel(socket: ChatSocket, roomId: number): void {
  if (!socket.rooms.has(roomChannel(roomId))) {
    throw notMember();
  }
}

/** The verified user of a socket. */
export const me = (socket: ChatSocket): User => socket.data.user;

/** Brings every socket of the user into the room's channel and tells the room. */
export async function admit(context: ServerContext, roomId: number, userId: number): Promise<Room> {
  const { io, store } = context;
  context.membership.add(userId, true);
  // Messages held for the room were written before this user joined: not theirs to get live.
  context.batches.flushRoom(roomId);
  io.in(userChannel(userId)).socketsJoin(roomChannel(roomId));
  const room = await requireRoom(store, roomId);
  io.to(roomChannel(roomId)).emit('room:updated', { room });
  return room;
}

/** The user's other open sockets (their other tabs and devices), on every node. */
export function otherSocketsOf(socket: ChatSocket) {
  return socket.to(userChannel(socket.data.user.id));
}
