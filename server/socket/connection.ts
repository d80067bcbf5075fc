import { BucketLimiter } from '../auth/rate-limit.js';
import { ChatError } from '../errors.js';
import type { ResolvedOptions } from '../options.js';
import type { ChatStore } from '../storage/store.js';
import { makeDispatcher, type AckedTable } from './dispatch.js';
import { refusal, revokedDuringHandshake } from './handshake.js';
import type { LiveSockets } from './live-sockets.js';
import { messageEvents, typing } from './message-events.js';
import { roomEvents } from './room-events.js';
import { roomChannel, roomIdOf } from './room-channels.js';
import type { ChatSocket, ServerContext } from './types.js';

/** Every acknowledged event and its handler; shared by all sockets of all servers. */
const ACKED: AckedTable = { ...roomEvents, ...messageEvents } as AckedTable;
const dispatch = makeDispatcher(ACKED, { typing });
/** Rooms loaded by the middleware for the connection handler; not kept on the socket after. */
const roomsToJoin = new WeakMap<ChatSocket, number[]>();

/** Per-server limiters, so that two servers in one process never share budgets. */
export function createLimiters(options: ResolvedOptions): ServerContext['limiters'] {
  return {
    messages: new BucketLimiter(options.messageRate),
    events: new BucketLimiter(options.eventRate),
  };
}

/**
 * Wires one authenticated socket: its rooms and the one shared event listener. Presence follows
 * from the adapter's join and leave events (see `watchPresence`), the token from LiveSockets' sweep.
 */
export function handleConnection(socket: ChatSocket, context: ServerContext): void {
  socket.data.context = context;
  // A revocation can still land between the last middleware and this tick.
  const revoked = revokedDuringHandshake(socket, context.live);
  if (revoked) return context.live.cutOff(socket, revoked);
  context.userSockets.track(socket);
  // Joined in the same tick as the CONNECT packet, so no broadcast can slip in between.
  const roomIds = roomsToJoin.get(socket) ?? [];
  roomsToJoin.delete(socket);
  void socket.join(roomIds.map(roomChannel));
  socket.onAny(dispatch);
}

/** Presence changes whenever a socket enters or leaves a room channel, for whatever reason. */
export function watchPresence(context: ServerContext): void {
  const adapter = context.io.of('/').adapter;
  adapter.on('join-room', (channel: string, socketId: string) => {
    const roomId = roomIdOf(channel);
    if (roomId !== undefined) context.presence.joined(roomId, socketId);
  });
  adapter.on('leave-room', (channel: string) => {
    const roomId = roomIdOf(channel);
    if (roomId !== undefined) context.presence.changed([roomId]);
  });
}

/**
 * The last middleware: loads the rooms to join before the socket connects, then checks that
 * nothing of the socket's was revoked while its handshake was reading the store.
 */
export function loadMemberRooms(store: ChatStore, live: LiveSockets) {
  return async (socket: ChatSocket, next: (err?: Error) => void): Promise<void> => {
    try {
      roomsToJoin.set(socket, await store.memberRoomIds(socket.data.user.id));
      const revoked = revokedDuringHandshake(socket, live);
      if (revoked) throw new ChatError(revoked, 'This session ended while connecting.');
      next();
    } catch (error) {
      next(refusal(error));
    }
  };
}
