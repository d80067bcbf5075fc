import type { AccountNotifier } from '../auth/account-notifier.js';
import { announceProfile } from '../people/announce.js';
import { roomChannel } from './room-channels.js';
import { socketsOfUser, type IdentifiedIo } from './socket-identity.js';

/** Account security's notices (see `AccountNotifier`), sent over the server's Socket.IO. */
export function socketAccountNotifier(io: IdentifiedIo): AccountNotifier {
  return {
    roomChanged(room) {
      io.to(roomChannel(room.id)).emit('room:updated', { room });
    },
    invitationEnded(userId, roomId) {
      for (const socket of socketsOfUser(io, userId)) socket.emit('invite:removed', { roomId });
    },
    profileChanged(profile) {
      announceProfile(io, profile);
    },
  };
}
