import { MessageType, type ClusterMessage } from 'socket.io-adapter';
import type { ServerContext } from '../socket/types.js';

/** `userChannel`'s inverse: the user id of a `u:<id>` channel, or undefined. */
function userIdOf(channel: unknown): number | undefined {
  const digits = typeof channel === 'string' ? /^u:(\d{1,15})$/.exec(channel)?.[1] : undefined;
  return digits === undefined ? undefined : Number(digits);
}

/**
 * Marks, on this node, each room change another node makes to a user's sockets. A socket in its
 * handshake here has read its rooms but is not yet in its user's channel, so a join or leave
 * that another node sends through that channel meanwhile passes it by. The handshake's mark
 * (`ServerContext.membership`, connection.ts) is what makes it read its rooms again; the node
 * that made the change marks it only locally. Marked as the adapter reads the change from the
 * stream, in order with it: a change read before the mark was taken was committed before the
 * handshake read the store, and that read saw it.
 */
export function markRemoteMemberships(
  io: ServerContext['io'],
  membership: ServerContext['membership'],
): void {
  const adapter = io.of('/').adapter as unknown as {
    onMessage(message: ClusterMessage, offset?: string): unknown;
  };
  const onMessage = adapter.onMessage.bind(adapter);
  adapter.onMessage = (message, offset) => {
    if (message.type === MessageType.SOCKETS_JOIN || message.type === MessageType.SOCKETS_LEAVE) {
      const rooms: unknown = message.data.opts.rooms;
      for (const channel of Array.isArray(rooms) ? rooms : []) {
        const userId = userIdOf(channel);
        if (userId !== undefined) membership.add(userId, true);
      }
    }
    return onMessage(message, offset);
  };
}
