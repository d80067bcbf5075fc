import { ChatError } from '../errors.js';
import { ErrorCode } from '../protocol.js';
import { emptyPayload, roomIdPayload, roomInvitePayload } from '../schemas.js';
import { acked } from './dispatch.js';
import { admit, me, otherSocketsOf, requireMember, requireRoom } from './room-access.js';
import { roomArchived } from './room-admin-rules.js';
import { userChannel } from './room-channels.js';

const noSuchInvitation = () => new ChatError(ErrorCode.notFound, 'No such invitation.');

/**
 * room:invite, invites:list, invite:accept and invite:decline. An invitation is an offer: nobody
 * is put in a room without accepting, and the invitee's client gets one small `invite:received`
 * (never a membership change that would make it reload everything). Invitations are bounded:
 * per inviter and hour, and per invitee waiting at once.
 */
export const inviteEvents = {
  'room:invite': acked<'room:invite', typeof roomInvitePayload>(
    roomInvitePayload,
    async ({ roomId, username }, socket, { io, store, options }) => {
      // Membership first: a non-member learns nothing about the room, not even its kind.
      await requireMember(store, roomId, me(socket).id);
      const room = await requireRoom(store, roomId);
      if (room.kind === 'direct')
        throw new ChatError(ErrorCode.forbidden, 'Nobody can be added to a direct conversation.');
      // Read-only: an archived room takes no new members until it is unarchived.
      if (room.archived) throw roomArchived();
      const invitee = await store.findUserByUsername(username);
      if (!invitee) throw new ChatError(ErrorCode.notFound, 'No user by that name.');
      // An admin's removal is undone only by an admin: otherwise any friend in the room could
      // bring the person back with one invitation. The role is read fresh, as for every admin act.
      if (await store.wasRemoved(roomId, invitee.id)) {
        const inviter = await store.findUserById(me(socket).id);
        if (inviter?.role !== 'admin' && inviter?.role !== 'owner')
          throw new ChatError(
            ErrorCode.forbidden,
            'An admin removed this person from the room; only an admin can invite them back.',
          );
      }
      const outcome = await store.invite({
        roomId,
        inviterId: me(socket).id,
        inviteeId: invitee.id,
        now: Date.now(),
        limits: options.invitationLimits,
      });
      switch (outcome.status) {
        case 'rate_limited':
          throw new ChatError(
            ErrorCode.rateLimited,
            'You have sent as many invitations as you may in an hour.',
            outcome.retryAfterMs,
          );
        case 'invitee_full':
          throw new ChatError(
            ErrorCode.quotaExceeded,
            'This person has too many invitations waiting; try again later.',
          );
        case 'invited':
          io.to(userChannel(invitee.id)).emit('invite:received', {
            invitation: outcome.invitation,
          });
          return {};
        default:
          // unchanged, or dropped because the invitee blocked the inviter: the same answer as a
          // delivered invitation, which the invitee may ignore just as well.
          return {};
      }
    },
  ),

  'invites:list': acked<'invites:list', typeof emptyPayload>(
    emptyPayload,
    async (_input, socket, { store }) => ({ invitations: await store.invitations(me(socket).id) }),
  ),

  'invite:accept': acked<'invite:accept', typeof roomIdPayload>(
    roomIdPayload,
    async ({ roomId }, socket, context) => {
      const { store } = context;
      // An invitation made before the room was archived waits (it is not spent) until it is
      // unarchived. Only its invitee hears room_archived: anyone else, not_found, as before.
      if (await store.isRoomArchived(roomId)) {
        const invited = await store.invitations(me(socket).id);
        if (!invited.some((i) => i.room.id === roomId)) throw noSuchInvitation();
        throw roomArchived();
      }
      const room = await store.acceptInvitation(roomId, me(socket).id);
      if (!room) throw noSuchInvitation();
      otherSocketsOf(socket).emit('invite:removed', { roomId });
      return { room: await admit(context, roomId, me(socket).id) };
    },
  ),

  'invite:decline': acked<'invite:decline', typeof roomIdPayload>(
    roomIdPayload,
    async ({ roomId }, socket, { store }) => {
      if (!(await store.declineInvitation(roomId, me(socket).id))) throw noSuchInvitation();
      otherSocketsOf(socket).emit('invite:removed', { roomId });
      return {};
    },
  ),
};
