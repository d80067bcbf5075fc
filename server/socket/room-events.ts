import { ChatError } from '../errors.js';
import { ErrorCode, type Room } from '../protocol.js';
import {
  dmOpenPayload,
  emptyPayload,
  roomCreatePayload,
  roomIdPayload,
  roomInvitePayload,
} from '../schemas.js';
import type { ChatStore } from '../storage/store.js';
import { onAcked, type EventContext } from './acked-events.js';
import type { Presence } from './presence.js';
import { roomChannel, userChannel, type ChatIo, type ChatSocket } from './types.js';

export interface RoomDeps {
  io: ChatIo;
  store: ChatStore;
  presence: Presence;
  events: EventContext;
}

/** Loads a room or answers `not_found`. */
export async function requireRoom(store: ChatStore, roomId: number): Promise<Room> {
  const room = await store.getRoom(roomId);
  if (!room) throw new ChatError(ErrorCode.notFound, `No room ${roomId}.`);
  return room;
}

/** Answers `not_member` unless the user is in the room. The store is the authority. */
export async function requireMember(
  store: ChatStore,
  roomId: number,
  userId: number,
): Promise<void> {
  if (!(await store.isMember(roomId, userId))) {
    throw new ChatError(ErrorCode.notMember, 'You are not a member of this room.');
  }
}

/** rooms:list, room:create, room:join, room:leave, room:invite and dm:open. */
export function bindRoomEvents(socket: ChatSocket, deps: RoomDeps): void {
  const { io, store, presence, events } = deps;
  const me = () => socket.data.identity.user;

  /** Brings every socket of the user into the room's channel and tells the room. */
  const admit = async (roomId: number, userId: number): Promise<Room> => {
    io.in(userChannel(userId)).socketsJoin(roomChannel(roomId));
    const room = await requireRoom(store, roomId);
    io.to(roomChannel(roomId)).emit('room:updated', { room });
    presence.changed([roomId]);
    return room;
  };

  onAcked(socket, 'rooms:list', emptyPayload, events, async () => ({
    rooms: await store.listRooms(me().id),
  }));

  onAcked(socket, 'room:create', roomCreatePayload, events, async ({ name, kind }) => {
    const room = await store.createRoom({ name, kind, createdBy: me().id });
    if (!room) throw new ChatError(ErrorCode.nameTaken, `A room named ${name} exists already.`);
    return { room: await admit(room.id, me().id) };
  });

  onAcked(socket, 'room:join', roomIdPayload, events, async ({ roomId }) => {
    const room = await requireRoom(store, roomId);
    const member = await store.isMember(roomId, me().id);
    if (!member && room.kind !== 'public') {
      throw new ChatError(ErrorCode.forbidden, 'This room is private; a member must invite you.');
    }
    if (!member) await store.addMember(roomId, me().id);
    return { room: await admit(roomId, me().id) };
  });

  onAcked(socket, 'room:leave', roomIdPayload, events, async ({ roomId }) => {
    const room = await requireRoom(store, roomId);
    if (room.kind === 'direct')
      throw new ChatError(ErrorCode.forbidden, 'Direct conversations cannot be left.');
    if (!(await store.removeMember(roomId, me().id))) {
      throw new ChatError(ErrorCode.notMember, 'You are not a member of this room.');
    }
    io.in(userChannel(me().id)).socketsLeave(roomChannel(roomId));
    const updated = await requireRoom(store, roomId);
    io.to([roomChannel(roomId), userChannel(me().id)]).emit('room:updated', { room: updated });
    presence.changed([roomId]);
    return {};
  });

  onAcked(socket, 'room:invite', roomInvitePayload, events, async ({ roomId, username }) => {
    const room = await requireRoom(store, roomId);
    if (room.kind === 'direct')
      throw new ChatError(ErrorCode.forbidden, 'Nobody can be added to a direct conversation.');
    await requireMember(store, roomId, me().id);
    const invitee = await store.findUserByUsername(username);
    if (!invitee) throw new ChatError(ErrorCode.notFound, `No user named ${username}.`);
    if (await store.addMember(roomId, invitee.id)) await admit(roomId, invitee.id);
    return {};
  });

  onAcked(socket, 'dm:open', dmOpenPayload, events, async ({ username }) => {
    const other = await store.findUserByUsername(username);
    if (!other) throw new ChatError(ErrorCode.notFound, `No user named ${username}.`);
    if (other.id === me().id)
      throw new ChatError(ErrorCode.invalidPayload, 'A direct conversation needs someone else.');
    const room = await store.openDirect(me().id, other.id);
    io.in([userChannel(me().id), userChannel(other.id)]).socketsJoin(roomChannel(room.id));
    io.to(userChannel(other.id)).emit('room:updated', { room });
    presence.changed([room.id]);
    return { room };
  });
}
