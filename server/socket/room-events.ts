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
import { acked } from './dispatch.js';
import { roomChannel, socketsOfUser, type ChatSocket, type ServerContext } from './types.js';

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

const me = (socket: ChatSocket) => socket.data.user;

/** Brings every socket of the user into the room's channel and tells the room. */
async function admit({ io, store }: ServerContext, roomId: number, userId: number): Promise<Room> {
  for (const socket of socketsOfUser(io, userId)) void socket.join(roomChannel(roomId));
  const room = await requireRoom(store, roomId);
  io.to(roomChannel(roomId)).emit('room:updated', { room });
  return room;
}

/** rooms:list, room:create, room:join, room:leave, room:invite and dm:open. */
export const roomEvents = {
  'rooms:list': acked<'rooms:list', typeof emptyPayload>(
    emptyPayload,
    async (_input, socket, { store }) => ({
      rooms: await store.listRooms(me(socket).id),
    }),
  ),

  'room:create': acked<'room:create', typeof roomCreatePayload>(
    roomCreatePayload,
    async ({ name, kind }, socket, context) => {
      const room = await context.store.createRoom({ name, kind, createdBy: me(socket).id });
      if (!room) throw new ChatError(ErrorCode.nameTaken, `A room named ${name} exists already.`);
      return { room: await admit(context, room.id, me(socket).id) };
    },
  ),

  'room:join': acked<'room:join', typeof roomIdPayload>(
    roomIdPayload,
    async ({ roomId }, socket, context) => {
      const { store } = context;
      const room = await requireRoom(store, roomId);
      const member = await store.isMember(roomId, me(socket).id);
      if (!member && room.kind !== 'public') {
        throw new ChatError(ErrorCode.forbidden, 'This room is private; a member must invite you.');
      }
      if (!member) await store.addMember(roomId, me(socket).id);
      return { room: await admit(context, roomId, me(socket).id) };
    },
  ),

  'room:leave': acked<'room:leave', typeof roomIdPayload>(
    roomIdPayload,
    async ({ roomId }, socket, { io, store }) => {
      const room = await requireRoom(store, roomId);
      if (room.kind === 'direct')
        throw new ChatError(ErrorCode.forbidden, 'Direct conversations cannot be left.');
      if (!(await store.removeMember(roomId, me(socket).id))) {
        throw new ChatError(ErrorCode.notMember, 'You are not a member of this room.');
      }
      const mine = socketsOfUser(io, me(socket).id);
      for (const own of mine) void own.leave(roomChannel(roomId));
      const updated = await requireRoom(store, roomId);
      io.to(roomChannel(roomId)).emit('room:updated', { room: updated });
      for (const own of mine) own.emit('room:updated', { room: updated });
      return {};
    },
  ),

  'room:invite': acked<'room:invite', typeof roomInvitePayload>(
    roomInvitePayload,
    async ({ roomId, username }, socket, context) => {
      const { store } = context;
      const room = await requireRoom(store, roomId);
      if (room.kind === 'direct')
        throw new ChatError(ErrorCode.forbidden, 'Nobody can be added to a direct conversation.');
      await requireMember(store, roomId, me(socket).id);
      const invitee = await store.findUserByUsername(username);
      if (!invitee) throw new ChatError(ErrorCode.notFound, `No user named ${username}.`);
      if (await store.addMember(roomId, invitee.id)) await admit(context, roomId, invitee.id);
      return {};
    },
  ),

  'dm:open': acked<'dm:open', typeof dmOpenPayload>(
    dmOpenPayload,
    async ({ username }, socket, { io, store }) => {
      const other = await store.findUserByUsername(username);
      if (!other) throw new ChatError(ErrorCode.notFound, `No user named ${username}.`);
      if (other.id === me(socket).id)
        throw new ChatError(ErrorCode.invalidPayload, 'A direct conversation needs someone else.');
      const room = await store.openDirect(me(socket).id, other.id);
      for (const s of [...socketsOfUser(io, me(socket).id), ...socketsOfUser(io, other.id)])
        void s.join(roomChannel(room.id));
      for (const s of socketsOfUser(io, other.id)) s.emit('room:updated', { room });
      return { room };
    },
  ),
};
