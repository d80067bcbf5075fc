import type { AccountNotifier } from '../auth/account-notifier.js';
import { announceProfile } from '../people/announce.js';
import { roomChannel, userChannel } from './room-channels.js';
import type { IdentifiedIo } from './socket-identity.js';

/** Account security's notices (see `AccountNotifier`), sent over the server's Socket.IO. */
export function socketAccountNotifier(io: IdentifiedIo): AccountNotifier {
  return {
    roomChanged(room) {
      io.to(roomChannel(room.id)).emit('room:updated', { room });
    },
    invitationEnded(userId, roomId) {
      io.to(userChannel(userId)).emit('invite:removed', { roomId });
    },
    profileChanged(profile) {
      announceProfile(io, profile);
    },
  };
}
