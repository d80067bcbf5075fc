import type { ReadState } from '../protocol.js';
import { notifyPayload, readPayload } from '../schemas.js';
import { acked } from './dispatch.js';
import { requireMember } from './room-events.js';
import { notMember, otherSocketsOf } from './room-access.js';
import type { ChatSocket } from './types.js';

/** The user's other devices (and tabs) take the same read state at once. */
function share(socket: ChatSocket, roomId: number, read: ReadState): ReadState {
  otherSocketsOf(socket).emit('read:updated', { roomId, read });
  return read;
}

/** room:read and room:notify: a member's own state in a room, kept on the server. */
export const readEvents = {
  'room:read': acked<'room:read', typeof readPayload>(
    readPayload,
    async ({ roomId, messageId }, socket, { store }) => {
      const userId = socket.data.user.id;
      await requireMember(store, roomId, userId);
      const before = await store.readState(roomId, userId);
      const read = await store.markRead(roomId, userId, messageId);
      if (!read) throw notMember(); // left meanwhile
      // Marking what was read already changes nothing: the other devices are not told again.
      if (before && before.lastReadId === read.lastReadId) return { read };
      return { read: share(socket, roomId, read) };
    },
  ),

  'room:notify': acked<'room:notify', typeof notifyPayload>(
    notifyPayload,
    async ({ roomId, level }, socket, { store }) => {
      const userId = socket.data.user.id;
      await requireMember(store, roomId, userId);
      const read = await store.setNotify(roomId, userId, level);
      if (!read) throw notMember(); // left meanwhile
      return { read: share(socket, roomId, read) };
    },
  ),
};
