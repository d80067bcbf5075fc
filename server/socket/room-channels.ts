/**
 * Names of the Socket.IO adapter rooms ("channels") that mirror chat rooms. Membership of
 * `roomChannel(id)` mirrors room membership in the store; a socket's other adapter rooms (its own
 * id, its user's channel, its delivery channel) are not chat rooms, which `roomIdOf` tells apart.
 */

/** The adapter room of a chat room. */
export const roomChannel = (roomId: number): string => `r:${roomId}`;

/** The room id of a `roomChannel` name, or undefined for any other room. */
export function roomIdOf(channel: string): number | undefined {
  return channel.startsWith('r:') ? Number(channel.slice(2)) : undefined;
}

/**
 * The adapter room of all of one user's sockets, joined at connection. Whatever is done to a
 * user's sockets (join a room, leave it, tell them something, cut them off) goes through it, so
 * that with several nodes it reaches the user's sockets on every node, in order with the
 * messages broadcast around it (see docs/scale-out.md).
 */
export const userChannel = (userId: number): string => `u:${userId}`;
