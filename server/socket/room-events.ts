import { ChatError } from '../errors.js';
import { ErrorCode, MAX_DIRECT_MEMBERS } from '../protocol.js';
import { dmOpenPayload, roomCreatePayload, roomIdPayload, roomsListPayload } from '../schemas.js';
import { blockEvents } from './block-events.js';
import { acked } from './dispatch.js';
import { inviteEvents } from './invite-events.js';
import {
  admit,
  me,
  noSuchRoom,
  notMember,
  otherSocketsOf,
  requireMember,
  requireRoom,
} from './room-access.js';
import { roomArchived } from './room-admin-rules.js';
import { roomChannel, userChannel } from './room-channels.js';

export { requireMember, requireRoom } from './room-access.js';

/** Why `dm:open` and `message:send` refuse someone who was blocked; it names no reason. */
export const NOT_TAKING_MESSAGES = 'This person is not taking direct messages from you.';

/**
 * rooms:list, room:create, room:join, room:leave and dm:open; with the invitation and block
 * events of invite-events.ts and block-events.ts, every room event.
 */
export const roomEvents = {
  'rooms:list': acked<'rooms:list', typeof roomsListPayload>(
    roomsListPayload,
    async ({ joined, after, limit, query }, socket, { store }) =>
      store.listRooms(me(socket).id, { joined, after, limit: limit ?? 50, query }),
  ),

  'room:create': acked<'room:create', typeof roomCreatePayload>(
    roomCreatePayload,
    async ({ name, kind }, socket, context) => {
      const user = me(socket);
      const outcome = await context.store.createRoom({
        name,
        kind,
        createdBy: user.id,
        now: Date.now(),
        // The owner runs the server; a quota would only get in their way.
        quota: user.role === 'owner' ? undefined : context.options.roomQuota,
      });
      if (!outcome.ok) {
        switch (outcome.reason) {
          case 'name_taken':
            throw new ChatError(
              ErrorCode.nameTaken,
              'A room with this name, or one that looks like it, exists already.',
            );
          case 'hourly_quota':
            throw new ChatError(
              ErrorCode.rateLimited,
              'You have created as many rooms as you may in an hour.',
              outcome.retryAfterMs,
            );
          case 'total_quota':
            throw new ChatError(
              ErrorCode.quotaExceeded,
              'You have created as many rooms as you may; leave one of yours first.',
            );
        }
      }
      return { room: await admit(context, outcome.room.id, user.id) };
    },
  ),

  'room:join': acked<'room:join', typeof roomIdPayload>(
    roomIdPayload,
    async ({ roomId }, socket, context) => {
      // Checked and written at one moment (another node's removal or archive cannot slip in).
      switch (await context.store.joinPublicRoom(roomId, me(socket).id, Date.now())) {
        // A private or direct room the user is not in answers like a room that does not exist.
        case 'no_such_room':
          throw noSuchRoom();
        // An admin's removal holds until a member invites them back and they accept.
        case 'removed':
          throw new ChatError(
            ErrorCode.forbidden,
            'An admin removed you from this room; ask an admin to invite you back.',
          );
        // An archived room takes no new members until it is unarchived.
        case 'archived':
          throw roomArchived();
      }
      return { room: await admit(context, roomId, me(socket).id) };
    },
  ),

  'room:leave': acked<'room:leave', typeof roomIdPayload>(
    roomIdPayload,
    async ({ roomId }, socket, { io, store, membership, batches }) => {
      await requireMember(store, roomId, me(socket).id);
      // A group conversation can be left; between two, blocking is how one ends it.
      const outcome = await store.removeMember(roomId, me(socket).id);
      if (outcome.status === 'direct_pair')
        throw new ChatError(ErrorCode.forbidden, 'Direct conversations cannot be left.');
      if (outcome.status === 'not_member') {
        throw notMember();
      }
      membership.add(me(socket).id, true);
      // Messages held for the room were written while this user was in it: they go first.
      batches.flushRoom(roomId);
      io.in(userChannel(me(socket).id)).socketsLeave(roomChannel(roomId));
      otherSocketsOf(socket).emit('room:left', { roomId });
      if (outcome.status === 'deleted') {
        if (outcome.invitees.length > 0)
          io.to(outcome.invitees.map(userChannel)).emit('invite:removed', { roomId });
      } else {
        const updated = await requireRoom(store, roomId);
        io.to(roomChannel(roomId)).emit('room:updated', { room: updated });
      }
      return {};
    },
  ),

  'dm:open': acked<'dm:open', typeof dmOpenPayload>(
    dmOpenPayload,
    async ({ usernames }, socket, { io, store, membership, options, batches }) => {
      const opener = me(socket).id;
      const others = new Set<number>();
      for (const username of new Set(usernames)) {
        const user = await store.findUserByUsername(username);
        // The name is not quoted back: the server never repeats a string the client chose.
        if (!user) throw new ChatError(ErrorCode.notFound, 'No user by one of those names.');
        if (user.id !== opener) others.add(user.id);
      }
      if (others.size === 0)
        throw new ChatError(ErrorCode.invalidPayload, 'A direct conversation needs someone else.');
      if (others.size > MAX_DIRECT_MEMBERS - 1)
        throw new ChatError(
          ErrorCode.invalidPayload,
          `A direct conversation holds at most ${MAX_DIRECT_MEMBERS} people.`,
        );
      const people = [opener, ...others];
      const opened = await store.openDirect({
        userIds: people,
        openedBy: opener,
        now: Date.now(),
        // A new group costs a room, as room:create does; the owner runs the server.
        perHour: me(socket).role === 'owner' ? undefined : options.roomQuota.perHour,
      });
      if (!opened.ok) {
        // Which of the people blocked whom is not said.
        if (opened.reason === 'blocked')
          throw new ChatError(ErrorCode.forbidden, NOT_TAKING_MESSAGES);
        throw new ChatError(
          ErrorCode.rateLimited,
          'You have created as many rooms as you may in an hour.',
          opened.retryAfterMs,
        );
      }
      const { room } = opened;
      // Someone who had left the group comes back: what the room holds goes to who was in it.
      batches.flushRoom(room.id);
      io.in(people.map(userChannel)).socketsJoin(roomChannel(room.id));
      // Reopening an unchanged set tells nobody anything: it must not be a way to nag people.
      if (opened.changed) {
        for (const id of people) membership.add(id, true);
        io.to([...others].map(userChannel)).emit('room:updated', { room });
      }
      return { room };
    },
  ),

  ...inviteEvents,
  ...blockEvents,
};
