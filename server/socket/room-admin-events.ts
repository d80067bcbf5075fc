import { ChatError } from '../errors.js';
import { outranks } from '../admin/require-role.js';
import { ErrorCode } from '../protocol.js';
import type { AckedTable } from './dispatch.js';
import { acked } from './dispatch.js';
import { auditRoom, endInvitations, evict } from './room-admin-notify.js';
import {
  refuseDefaultRoom,
  requireRoomAdmin,
  requireRoomManager,
  roomArchived,
} from './room-admin-rules.js';
import {
  roomArchivePayload,
  roomDeletePayload,
  roomRemoveMemberPayload,
  roomUpdatePayload,
} from './room-admin-schemas.js';
import { me, requireRoom } from './room-access.js';
import { roomChannel } from './room-channels.js';

/**
 * room:update and room:archive (the room's creator, admins, the owner); room:delete and
 * room:remove-member (admins and the owner). Roles are read fresh from the database; each change
 * is told to the room's channel and recorded in the audit log once it has committed.
 */
export const roomAdminEvents: Partial<AckedTable> = {
  'room:update': acked<'room:update', typeof roomUpdatePayload>(
    roomUpdatePayload,
    async ({ roomId, name, topic }, socket, context) => {
      const { store, io } = context;
      const { room, actor } = await requireRoomManager(store, roomId, me(socket).id);
      // Read-only means the room's name and topic too, until it is unarchived.
      if (room.archived) throw roomArchived();
      const outcome = await store.updateRoom({ roomId, actorId: actor.id, name, topic });
      if (!outcome.ok) {
        if (outcome.reason === 'name_taken')
          throw new ChatError(
            ErrorCode.nameTaken,
            'A room with this name, or one that looks like it, exists already.',
          );
        throw new ChatError(ErrorCode.notFound, 'No such room.'); // deleted meanwhile
      }
      const updated = await requireRoom(store, roomId);
      if (outcome.changed) {
        io.to(roomChannel(roomId)).emit('room:updated', { room: updated });
        const changes = [
          // A private room's old name is no more for every admin to read than its new one.
          ...(updated.name !== room.name
            ? [room.kind === 'public' ? `renamed from #${room.name}` : 'renamed']
            : []),
          ...(topic !== undefined ? [topic === '' ? 'topic cleared' : 'topic set'] : []),
        ];
        await auditRoom(context, actor.id, 'room.update', updated, changes.join('; '));
      }
      return { room: updated };
    },
  ),

  'room:archive': acked<'room:archive', typeof roomArchivePayload>(
    roomArchivePayload,
    async ({ roomId, archived }, socket, context) => {
      const { store, io } = context;
      const { room, actor } = await requireRoomManager(store, roomId, me(socket).id);
      if (archived) refuseDefaultRoom(room, 'archived');
      const changed = await store.setRoomArchived(roomId, archived, Date.now());
      const updated = await requireRoom(store, roomId);
      if (changed) {
        io.to(roomChannel(roomId)).emit('room:updated', { room: updated });
        await auditRoom(context, actor.id, archived ? 'room.archive' : 'room.unarchive', updated);
      }
      return { room: updated };
    },
  ),

  'room:delete': acked<'room:delete', typeof roomDeletePayload>(
    roomDeletePayload,
    async ({ roomId, name }, socket, context) => {
      const { room, actor } = await requireRoomAdmin(context.store, roomId, me(socket).id);
      refuseDefaultRoom(room, 'deleted');
      // The confirmation: whoever deletes a room names it, so that no stale id deletes another.
      if (name !== room.name)
        throw new ChatError(ErrorCode.invalidPayload, 'name: must repeat the room’s name exactly');
      const deleted = await context.store.deleteRoom(roomId);
      if (!deleted) throw new ChatError(ErrorCode.notFound, 'No such room.');
      evict(context, roomId, deleted.members, 'deleted');
      endInvitations(context, roomId, deleted.invitees);
      const count = deleted.members.length;
      await auditRoom(
        context,
        actor.id,
        'room.delete',
        { id: roomId, name: room.name, kind: room.kind },
        `${room.kind}, ${count} member${count === 1 ? '' : 's'}`,
      );
      return {};
    },
  ),

  'room:remove-member': acked<'room:remove-member', typeof roomRemoveMemberPayload>(
    roomRemoveMemberPayload,
    async ({ roomId, userId }, socket, context) => {
      const { store, io } = context;
      const { room, actor } = await requireRoomAdmin(store, roomId, me(socket).id);
      const target = await store.findUserById(userId);
      if (!target) throw new ChatError(ErrorCode.notFound, 'No such user.');
      // As with bans: nobody removes the owner, and an admin does not remove another admin.
      if (target.id !== actor.id && !outranks(actor, target))
        throw new ChatError(ErrorCode.forbidden, 'You cannot remove this person.');
      // Recorded with the removal: room:join refuses them until they are invited back.
      const outcome = await store.removeFromRoom({
        roomId,
        userId,
        removedBy: actor.id,
        now: Date.now(),
      });
      if (outcome.status === 'not_member')
        throw new ChatError(ErrorCode.notMember, 'That person is not a member of this room.');
      if (outcome.status === 'direct_pair')
        throw new ChatError(ErrorCode.forbidden, 'Direct conversations have no administration.');
      evict(context, roomId, [userId], 'removed');
      // A private room whose last member went is deleted, as when its last member leaves.
      if (outcome.status === 'deleted') endInvitations(context, roomId, outcome.invitees);
      else
        io.to(roomChannel(roomId)).emit('room:updated', { room: await requireRoom(store, roomId) });
      await auditRoom(
        context,
        actor.id,
        'room.remove_member',
        { id: roomId, name: room.name, kind: room.kind },
        `@${target.username}${outcome.status === 'deleted' ? ' (the room, left empty, was deleted)' : ''}`,
      );
      return {};
    },
  ),
};
