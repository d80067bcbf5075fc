/**
 * Names of the Socket.IO adapter rooms ("channels") that mirror chat rooms. Membership of
 * `roomChannel(id)` mirrors room membership in the store; a socket's other adapter rooms (its own
 * id) are not chat rooms, which `roomIdOf` tells apart.
 */

/** The adapter room of a chat room. */
export const roomChannel = (roomId: number): string => `r:${roomId}`;

/** The room id of a `roomChannel` name, or undefined for any other room. */
export function roomIdOf(channel: string): number | undefined {
  return channel.startsWith('r:') ? Number(channel.slice(2)) : undefined;
}
