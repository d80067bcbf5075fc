import type { UserRef } from '../protocol.js';
import { roomChannel, roomIdOf } from './room-channels.js';
import type { IdentifiedIo } from './socket-identity.js';

/**
 * The distinct users with a socket in the room on this node, in the order they are found: read
 * from the adapter's room, never from the store (presence is who is connected now).
 */
export function usersHere(io: IdentifiedIo, roomId: number): UserRef[] {
  const namespace = io.of('/');
  const users = new Map<number, UserRef>();
  for (const socketId of namespace.adapter.rooms.get(roomChannel(roomId)) ?? []) {
    const user = namespace.sockets.get(socketId)?.data.user;
    if (user && !users.has(user.id)) {
      users.set(user.id, { id: user.id, username: user.username, displayName: user.displayName });
    }
  }
  return [...users.values()];
}

/** The rooms with at least one socket on this node (the adapter drops a room left empty). */
export function roomsHere(io: IdentifiedIo): number[] {
  const rooms: number[] = [];
  for (const channel of io.of('/').adapter.rooms.keys()) {
    const roomId = roomIdOf(channel);
    if (roomId !== undefined) rooms.push(roomId);
  }
  return rooms;
}
