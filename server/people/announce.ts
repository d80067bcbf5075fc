import type { Profile } from '../protocol.js';
import type { IdentifiedIo } from '../socket/socket-identity.js';

/**
 * Tells every socket that someone's profile changed (as Slack tells the whole workspace), and
 * brings that user's own open sockets' identity in line: messages they send from now on carry
 * the new name, and role checks that read the socket see the new role.
 */
export function announceProfile(io: IdentifiedIo, profile: Profile): void {
  for (const socket of io.of('/').sockets.values()) {
    const user = socket.data.user;
    if (user?.id === profile.id) {
      socket.data.user = {
        id: user.id,
        username: profile.username,
        displayName: profile.displayName,
        role: profile.role,
      };
    }
  }
  io.emit('user:updated', { user: profile });
}
