import { ChatError } from '../errors.js';
import { ErrorCode } from '../protocol.js';
import type { RoomAdminFacts } from '../storage/room-admin-store.js';
import type { ChatStore, StoredUser } from '../storage/store.js';
import { requireAdmin } from '../admin/require-role.js';

/** What a write to an archived room is told. */
export const roomArchived = () =>
  new ChatError(ErrorCode.roomArchived, 'This room is archived: it is read-only.');

/**
 * Refuses a write (send, edit, delete, reaction) to an archived room with `room_archived`. The
 * one check every write path shares; callers have checked membership first, so the answer says
 * nothing about rooms the user is not in.
 */
export async function requireNotArchived(store: ChatStore, roomId: number): Promise<void> {
  if (await store.isRoomArchived(roomId)) throw roomArchived();
}

/** The room and the acting user (fresh from the database) an administrative action works on. */
export interface RoomAdminTarget {
  room: RoomAdminFacts;
  actor: StoredUser;
}

const isAdmin = (user: StoredUser): boolean =>
  !user.banned && (user.role === 'admin' || user.role === 'owner');

/**
 * Loads the room for an administrative action. A private or direct room the actor is not in
 * answers `not_found`, admins included, exactly as room:join does: nobody learns a private
 * room exists by acting on its id. Direct rooms have no administration: `forbidden`.
 */
async function loadRoom(store: ChatStore, roomId: number, actorId: number) {
  const room = await store.roomAdminFacts(roomId);
  const member = room !== undefined && (await store.isMember(roomId, actorId));
  if (!room || (!member && room.kind !== 'public'))
    throw new ChatError(ErrorCode.notFound, 'No such room.');
  if (room.kind === 'direct')
    throw new ChatError(ErrorCode.forbidden, 'Direct conversations have no administration.');
  return { room, member };
}

/**
 * For rename, topic and archive: the room's creator (while a member) or an admin or the owner,
 * their role read fresh from the database; anyone else `forbidden`.
 */
export async function requireRoomManager(
  store: ChatStore,
  roomId: number,
  actorId: number,
): Promise<RoomAdminTarget> {
  const { room, member } = await loadRoom(store, roomId, actorId);
  const actor = await store.findUserById(actorId);
  if (actor && isAdmin(actor)) return { room, actor };
  if (actor && !actor.banned && member && room.createdBy === actorId) return { room, actor };
  throw new ChatError(ErrorCode.forbidden, 'Only the room’s creator or an admin can do this.');
}

/** For deleting a room and removing its members: admins and the owner only. */
export async function requireRoomAdmin(
  store: ChatStore,
  roomId: number,
  actorId: number,
): Promise<RoomAdminTarget> {
  // The role first: a member learns nothing about rooms from an admin event.
  const actor = await requireAdmin(store, actorId);
  const { room } = await loadRoom(store, roomId, actorId);
  return { room, actor };
}

/** The default room (`general`) is where every account starts: it stays open and in place. */
export function refuseDefaultRoom(room: RoomAdminFacts, what: 'archived' | 'deleted'): void {
  if (room.isDefault)
    throw new ChatError(ErrorCode.forbidden, `The default room cannot be ${what}.`);
}
