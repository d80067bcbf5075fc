import type { Profile } from '../protocol.js';
import type { IdentifiedIo } from '../socket/socket-identity.js';

/**
 * Tells every socket that someone's profile changed (as Slack tells the whole workspace), and
 * brings that user's own open sockets' identity in line: messages they send from now on carry
 * the new name, and role checks that read the socket see the new role.
 */
export function announceProfile(io: IdentifiedIo, profile: Profile): void {
  holdToProfile(io, profile);
  // Other nodes' sockets of the user hold the old identity: they are told (pub/sub, so during a
  // Redis outage until their next token refresh, which reads the identity afresh).
  if (clustered.has(io)) io.serverSideEmit('parley:profile', profile);
  io.emit('user:updated', { user: profile });
}

const ROLES: readonly unknown[] = ['owner', 'admin', 'member'];

/** Servers whose nodes tell each other of profile changes (see `shareProfiles`). */
const clustered = new WeakSet<IdentifiedIo>();

/** For a node of a cluster: applies the profile changes other nodes announce. */
export function shareProfiles(io: IdentifiedIo): void {
  clustered.add(io);
  // From another node, through Redis: only a well-formed profile is taken (it sets a role).
  io.on('parley:profile', (profile) => {
    if (
      typeof profile === 'object' &&
      profile !== null &&
      Number.isInteger(profile.id) &&
      typeof profile.username === 'string' &&
      typeof profile.displayName === 'string' &&
      ROLES.includes(profile.role)
    )
      holdToProfile(io, profile);
  });
}

/** This node's sockets of the user take the profile's name and role. */
function holdToProfile(io: IdentifiedIo, profile: Profile): void {
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
}
